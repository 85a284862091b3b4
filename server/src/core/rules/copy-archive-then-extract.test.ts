import { fixTests, noSafeFixTests, ruleTests } from './testing';

const files = { 'app.tar.gz': 'A'.repeat(3000), 'site.zip': 'Z'.repeat(2000) };

ruleTests('copy-archive-then-extract', {
  valid: [
    { name: 'ADD extracts', files, code: `
      FROM debian:bookworm-slim
      ADD app.tar.gz /opt/
      ` },
    { name: 'archive copied but never extracted', files, code: `
      FROM debian:bookworm-slim
      COPY app.tar.gz /srv/downloads/app.tar.gz
      ` },
    { name: 'bind mount instead of COPY', files, code: `
      FROM debian:bookworm-slim
      RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz tar -xzf /tmp/app.tar.gz -C /opt
      ` },
    { name: 'hadolint ignore', files, code: `
      FROM debian:bookworm-slim
      # hadolint ignore=DL3010
      COPY app.tar.gz /tmp/
      RUN tar -xzf /tmp/app.tar.gz -C /opt
      ` },
  ],
  invalid: [
    { name: 'COPY then tar -x', files, code: `
      FROM debian:bookworm-slim
      COPY app.tar.gz /tmp/
      #    ^^^^^^^^^^ copy-archive-then-extract: 3 kB
      RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
      ` },
    { name: 'old-style tar xzf relative to WORKDIR', files, code: `
      FROM debian:bookworm-slim
      WORKDIR /opt
      COPY app.tar.gz .
      #    ^^^^^^^^^^ copy-archive-then-extract
      RUN set -eux; tar xzf app.tar.gz; ls
      ` },
    { name: 'zip: suggest a bind mount', files, code: `
      FROM debian:bookworm-slim
      COPY site.zip /tmp/site.zip
      #    ^^^^^^^^ copy-archive-then-extract: bind-mount
      RUN unzip /tmp/site.zip -d /srv
      ` },
  ],
});

fixTests('copy-archive-then-extract', [
  { name: 'COPY + tar → ADD', files, before: `
    FROM debian:bookworm-slim
    COPY app.tar.gz /tmp/
    RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
    CMD ["/opt/app"]
    `, after: `
    FROM debian:bookworm-slim
    ADD app.tar.gz /opt/
    CMD ["/opt/app"]
    ` },
]);

// ADD extracts as root, keeps the archive's owners and never leaves the archive in the image (issue 13, class 8).
noSafeFixTests('copy-archive-then-extract', [
  { name: 'tar --no-same-owner gives the files to root, ADD keeps the archive owners', files, noFix: true, code: `
    FROM debian:bookworm-slim
    COPY app.tar.gz /tmp/app.tar.gz
    RUN tar --no-same-owner -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
    ` },
  { name: 'old-style tar xozf', files, noFix: true, code: `
    FROM debian:bookworm-slim
    COPY app.tar.gz /tmp/app.tar.gz
    RUN tar xozf /tmp/app.tar.gz -C /opt
    ` },
  { name: 'extraction as a non-root USER', files, noFix: true, code: `
    FROM debian:bookworm-slim
    RUN useradd -m svc && install -d -o svc /srv/tools
    COPY app.tar.gz /tmp/app.tar.gz
    USER svc
    RUN tar -xzf /tmp/app.tar.gz -C /srv/tools
    ` },
  { name: 'a checksum RUN between the COPY and the extraction reads the archive', files, noFix: true, code: `
    FROM debian:bookworm-slim
    COPY app.tar.gz /tmp/app.tar.gz
    RUN echo "abc  /tmp/app.tar.gz" | sha256sum -c -
    RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
    ` },
  { name: 'the extraction RUN deletes other paths too', files, noFix: true, code: `
    FROM debian:bookworm-slim
    COPY app.tar.gz /tmp/app.tar.gz
    RUN tar -xzf /tmp/app.tar.gz -C /opt && rm -rf /tmp/app.tar.gz /opt/app/docs
    ` },
  { name: 'a later RUN reads the archive the extraction kept', files, noFix: true, code: `
    FROM debian:bookworm-slim
    COPY app.tar.gz /tmp/app.tar.gz
    RUN tar -xzf /tmp/app.tar.gz -C /opt
    RUN sha256sum /tmp/app.tar.gz > /opt/app.sum
    ` },
]);

fixTests('copy-archive-then-extract', [
  { name: 'USER root explicitly, rm -f of the archive', files, safe: true, before: `
    FROM debian:bookworm-slim
    USER root
    COPY app.tar.gz /tmp/app.tar.gz
    RUN tar -xzf /tmp/app.tar.gz -C /opt && rm -f /tmp/app.tar.gz
    `, after: `
    FROM debian:bookworm-slim
    USER root
    ADD app.tar.gz /opt/
    ` },
]);
