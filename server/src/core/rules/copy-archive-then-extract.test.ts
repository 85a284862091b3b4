import { fixTests, ruleTests } from './testing';

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
