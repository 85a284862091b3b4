import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsFor, fixTests, noSafeFixTests, ruleTests } from './testing';

ruleTests('delete-in-later-layer', {
  valid: [
    {
      name: 'cleanup in the same RUN',
      code: `
      FROM debian:bookworm-slim
      WORKDIR /src
      RUN make && make install && rm -rf /src
      `,
    },
    {
      name: 'download, extract and delete in one RUN',
      code: `
      FROM debian:bookworm-slim
      RUN curl -fsSLo /tmp/x.tar.gz https://example.com/x.tar.gz && tar -xzf /tmp/x.tar.gz -C /opt && rm /tmp/x.tar.gz
      `,
    },
    {
      name: 'set -eux script with ;',
      code: `
      FROM debian:bookworm-slim
      RUN set -eux; git clone https://github.com/a/b /opt/b; cd /opt/b; make; cd /; rm -rf /opt/b
      `,
    },
    {
      name: 'heredoc that cleans up',
      code: `
      FROM debian:bookworm-slim
      RUN <<EOF
      set -eux
      wget -O /tmp/app.tgz https://example.com/app.tgz
      tar -xzf /tmp/app.tgz -C /opt
      rm -f /tmp/app.tgz
      EOF
      `,
    },
    {
      name: 'build-only stage: COPY --from copies the final files only',
      code: `
      FROM debian:bookworm-slim AS build
      WORKDIR /src
      RUN make
      RUN rm -rf /src/obj
      FROM debian:bookworm-slim
      COPY --from=build /src/app /usr/local/bin/app
      `,
    },
    {
      name: 'rm of what a program of the unpacked tree wrote there in the same RUN (open-liberty server create, issue 14 fresh4)',
      code: `
      FROM ubuntu:noble
      RUN curl -fsSLo /tmp/wlp.zip https://example.com/wlp.zip && unzip -q /tmp/wlp.zip -d /opt/ol && rm /tmp/wlp.zip
      RUN /opt/ol/wlp/bin/server create && rm -rf /opt/ol/wlp/output/.classCache
      `,
    },
    {
      name: 'rm after a script found through a PATH directory inside the unpacked tree (open-liberty populate_scc.sh)',
      code: `
      FROM ubuntu:noble
      RUN curl -fsSLo /tmp/wlp.zip https://example.com/wlp.zip && unzip -q /tmp/wlp.zip -d /opt/ol && rm /tmp/wlp.zip
      ENV PATH=$PATH:/opt/ol/helpers/build
      RUN populate_scc.sh && rm -rf /opt/ol/wlp/output/.classCache
      `,
    },
    {
      name: 'rm of an unknown variable beside a file the same RUN wrote under /usr (percona gosu, issue 14 fresh4)',
      code: `
      FROM redhat/ubi9-minimal
      RUN microdnf -y install tar && microdnf clean all
      RUN set -eux; \\
          curl -Lf -o /usr/bin/gosu.asc https://example.com/gosu.asc; \\
          export GNUPGHOME="$(mktemp -d)"; \\
          gpg --batch --verify /usr/bin/gosu.asc; \\
          rm -rf "$GNUPGHOME" /usr/bin/gosu.asc
      `,
    },
    {
      name: 'rm of a directory the same RUN made through a variable it set, under an earlier unknown extraction (semeru, issue 14 fresh4)',
      code: `
      FROM debian:trixie-slim
      RUN cd /tmp; curl -LfsSo criu.tar.gz https://example.com/criu.tar.gz; tar -xzf criu.tar.gz --strip-components=1; cp -R usr/local /usr; rm -fr criu.tar.gz
      RUN set -eux; \\
          DOWNLOAD_PATH_TOMCAT=/tmp/tomcat; \\
          mkdir -p "\${DOWNLOAD_PATH_TOMCAT}"; \\
          curl -LfsSo "\${DOWNLOAD_PATH_TOMCAT}"/tomcat.tar.gz https://example.com/t.tar.gz; \\
          rm -rf "\${DOWNLOAD_PATH_TOMCAT}"
      `,
    },
    {
      name: 'rm of a path no earlier layer created',
      code: `
      FROM debian:bookworm-slim
      RUN rm -rf /usr/share/doc/*
      `,
    },
    {
      name: 'rm under /usr/local is not part of an apt install',
      code: `
      FROM debian:bookworm-slim
      RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
      RUN rm -rf /usr/local/share/man
      `,
    },
    {
      name: 'php:fpm-alpine: rm of a header its own .build-deps installed (earlier layer also installed packages)',
      code: `
      FROM alpine:3.20
      RUN apk add --no-cache ca-certificates curl tar xz
      RUN set -eux; \\
          apk add --no-cache --virtual .build-deps $PHPIZE_DEPS gnu-libiconv-dev libc-dev; \\
          rm -vf /usr/include/iconv.h; \\
          ./configure --with-iconv=/usr; make -j "$(nproc)"; make install; \\
          apk del --no-network .build-deps
      `,
    },
    {
      name: 'ignored',
      code: `
      FROM debian:bookworm-slim
      WORKDIR /src
      RUN make
      # size-hints ignore=delete-in-later-layer
      RUN rm -rf /src
      `,
    },
    {
      name: 'an unknown command ran in the WORKDIR: it does not own what a later rm deletes there',
      code: `
      FROM alpine:3.20
      WORKDIR /var/www/html
      RUN ./configure-something
      RUN GNUPGHOME="$(mktemp -d)"; gpg --version; rm -rf "$GNUPGHOME"
      `,
    },
    {
      name: 'the same RUN copied the file it deletes into a tree an earlier RUN made',
      code: `
      FROM debian:bookworm-slim
      RUN mkdir -p /opt/root/etc && curl -fsSLo /opt/x.tgz https://example.com/x.tgz && tar -xzf /opt/x.tgz -C /opt/root && rm /opt/x.tgz
      RUN cp -L /etc/resolv.conf /opt/root/etc/ && chroot /opt/root true && rm /opt/root/etc/resolv.conf
      `,
    },
    {
      name: 'openjdk: the same RUN extracted the tree it deletes a file from, under a /usr an earlier package install wrote',
      code: `
      FROM debian:bookworm-slim
      RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
      RUN set -eux; curl -fL -o jdk.tgz https://example.com/jdk.tgz; mkdir -p /usr/java/jdk; tar --extract --file jdk.tgz --directory /usr/java/jdk; rm jdk.tgz; rm -rf /usr/java/jdk/lib/security/cacerts
      `,
    },
    {
      name: 'swift, odoo: a purge --auto-remove of what the same RUN installed leaves an earlier install (priced by the Debian stand-in) alone',
      code: `
      FROM ubuntu:24.04
      RUN apt-get update && apt-get install -y git libz3-dev libcurl4-openssl-dev && rm -r /var/lib/apt/lists/*
      RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* && curl -fsSL https://example.com/x -o /x && apt-get purge --auto-remove -y curl
      `,
    },
    {
      name: 'solr: a rename of one file inside an extracted tree is not a move of what the earlier layer made',
      code: `
      FROM debian:bookworm-slim
      RUN curl -fsSL -o /opt/solr.tgz https://example.com/solr.tgz && tar -C /opt -xzf /opt/solr.tgz && rm /opt/solr.tgz
      RUN mv /opt/solr/bin/solr.in.sh /opt/solr/bin/solr.in.sh.orig
      `,
    },
    {
      name: 'part of a symlink of a few bytes',
      code: `
      FROM debian:bookworm-slim
      RUN mkdir -p /r/etc && ln -s /etc/group /r/etc/
      RUN rm -f /r/etc/passwd
      `,
    },
  ],
  invalid: [
    {
      name: 'jenkins agent: a download moved in a later RUN ships twice',
      code: `
      FROM debian:bookworm-slim
      RUN curl -LO https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl
      RUN mv ./kubectl /usr/local/bin
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^ delete-in-later-layer: moves /kubectl created by line 2
      `,
    },
    {
      name: 'a purge of a package an earlier RUN installed still is one',
      code: `
      FROM ubuntu:24.04
      RUN apt-get update && apt-get install -y git libz3-dev libcurl4-openssl-dev && rm -r /var/lib/apt/lists/*
      RUN apt-get purge --auto-remove -y git
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ delete-in-later-layer: part of /usr created by line 2
      `,
    },
    {
      name: 'docs of an earlier apt install deleted in a RUN that installs nothing',
      code: `
      FROM debian:bookworm-slim
      RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
      RUN rm -rf /usr/share/doc/curl
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^ delete-in-later-layer: part of /usr
      `,
    },
    {
      name: 'make output deleted in a later RUN',
      code: `
      FROM debian:bookworm-slim
      WORKDIR /src
      RUN make
      RUN rm -rf /src
      #   ^^^^^^^^^^^ delete-in-later-layer: created by line 3 (RUN make)
      `,
    },
    {
      name: 'a COPY deleted later, with the measured size',
      files: { 'big.bin': 'x'.repeat(5000) },
      code: `
      FROM debian:bookworm-slim
      COPY big.bin /opt/big.bin
      RUN rm /opt/big.bin
      #   ^^^^^^^^^^^^^^^ delete-in-later-layer: still ships 5 kB
      `,
    },
    {
      name: 'git clone deleted later',
      code: `
      FROM debian:bookworm-slim
      RUN git clone --depth 1 https://github.com/a/b /opt/b
      RUN rm -rf /opt/b
      #   ^^^^^^^^^^^^^ delete-in-later-layer: /opt/b
      `,
    },
    {
      name: 'part of an earlier COPY: unknown bytes',
      code: `
      FROM debian:bookworm-slim
      COPY . /app
      RUN rm -rf /app/tests
      #   ^^^^^^^^^^^^^^^^^ delete-in-later-layer: part of /app
      `,
    },
    {
      name: 'parent stage created it, the shipped child deletes it',
      code: `
      FROM debian:bookworm-slim AS base
      RUN curl -o /opt/tool.tgz https://example.com/tool.tgz
      FROM base
      RUN rm /opt/tool.tgz
      #   ^^^^^^^^^^^^^^^^ delete-in-later-layer: line 2
      `,
    },
    {
      name: 'escape directive with backtick continuations',
      code: `
      # escape=\`
      FROM debian:bookworm-slim
      WORKDIR /src
      RUN make
      RUN echo cleaning \`
          && rm -rf /src
      #      ^^^^^^^^^^^ delete-in-later-layer
      `,
    },
    {
      name: 'a program from elsewhere does not excuse the delete of part of the unpacked tree',
      code: `
      FROM ubuntu:noble
      RUN curl -fsSLo /tmp/wlp.zip https://example.com/wlp.zip && unzip -q /tmp/wlp.zip -d /opt/ol && rm /tmp/wlp.zip
      RUN /usr/local/bin/setup.sh && rm -rf /opt/ol/wlp/lib
      #                              ^^^^^^^^^^^^^^^^^^^^^^^^^ delete-in-later-layer
      `,
    },
    {
      name: 'heredoc RUN deleting an earlier layer',
      code: `
      FROM debian:bookworm-slim
      RUN git clone https://github.com/a/b /opt/b
      RUN <<EOF
        set -eux
        rm -rf /opt/b
      # ^^^^^^^^^^^^^ delete-in-later-layer
      EOF
      `,
    },
    {
      name: 'a small text file from the context deleted later: a hint, not a warning',
      code: `
      FROM debian:bookworm-slim
      WORKDIR /src
      COPY fix.patch ./patches/
      RUN patch -p1 < patches/fix.patch && rm -rf patches
      #                                    ^^^^^^^^^^^^^^^ delete-in-later-layer: fix.patch
      `,
    },
  ],
});

fixTests('delete-in-later-layer', [
  {
    name: 'move the rm and drop the empty RUN',
    before: `
    FROM debian:bookworm-slim
    WORKDIR /src
    RUN make
    RUN rm -rf /src
    CMD ["app"]
    `,
    after: `
    FROM debian:bookworm-slim
    WORKDIR /src
    RUN make && rm -rf /src
    CMD ["app"]
    `,
  },
  {
    name: 'move the rm out of a RUN that does more',
    before: `
    FROM debian:bookworm-slim
    RUN set -eux; git clone --depth 1 https://github.com/a/b /opt/b;
    RUN echo hi && rm -rf /opt/b && echo bye
    `,
    after: `
    FROM debian:bookworm-slim
    RUN set -eux; git clone --depth 1 https://github.com/a/b /opt/b && rm -rf /opt/b;
    RUN echo hi && echo bye
    `,
  },
  {
    name: 'after a command that may need the files: a suggestion that says what to check',
    title: /check: `make` on line 3 runs before it/,
    before: `
    FROM debian:bookworm-slim
    RUN curl -fsSLo /tmp/src.tgz https://example.com/src.tgz
    RUN make && rm -f /tmp/src.tgz
    `,
    after: `
    FROM debian:bookworm-slim
    RUN curl -fsSLo /tmp/src.tgz https://example.com/src.tgz && rm -f /tmp/src.tgz
    RUN make
    `,
    safe: false,
  },
]);

noSafeFixTests('delete-in-later-layer', [
  {
    // Moved into the RUN that builds it, the rm would delete the tree before cp reads it.
    name: 'an earlier command in the deleting RUN reads the files',
    code: `
    FROM debian:bookworm-slim
    RUN git clone --depth 1 https://github.com/a/b /src && make -C /src
    ENV APP=/usr/local/bin/app
    RUN cp /src/app /usr/local/bin/app && rm -rf /src
    `,
    noFix: true,
  },
]);

test('delete-in-later-layer: a deleted small text file from the context is a hint', () => {
  const { findings } = findingsFor('FROM debian:bookworm-slim\nWORKDIR /src\nCOPY fix.patch ./patches/\nRUN patch -p1 < patches/fix.patch && rm -rf patches\n');
  assert.deepEqual(findings.filter((f) => f.rule === 'delete-in-later-layer').map((f) => f.severity), ['hint']);
  const big = findingsFor('FROM debian:bookworm-slim\nWORKDIR /src\nCOPY data.bin ./data/\nRUN rm -rf data\n').findings;
  assert.deepEqual(big.filter((f) => f.rule === 'delete-in-later-layer').map((f) => f.severity), ['warning']);
});

test('delete-in-later-layer: a context file of unknown size that the RUN downloads over before deleting is a hint (Kong, issue 14 fresh4)', () => {
  const code = [
    'FROM ubuntu:noble',
    'ARG ASSET=ce',
    'COPY kong.deb /tmp/kong.deb',
    'RUN if [ "$ASSET" = "ce" ]; then curl -fL https://example.com/kong.deb -o /tmp/kong.deb; fi \\',
    '    && apt-get update && apt-get install -y --no-install-recommends /tmp/kong.deb \\',
    '    && rm -rf /var/lib/apt/lists/* && rm -rf /tmp/kong.deb',
    '',
  ].join('\n');
  const mine = (fs: ReturnType<typeof findingsFor>['findings']) => fs.filter((f) => f.rule === 'delete-in-later-layer');
  assert.deepEqual(mine(findingsFor(code).findings).map((f) => f.severity), ['hint']);
  assert.match(mine(findingsFor(code).findings)[0].message, /placeholder/);
  // Measured in the context, a real package decides by its size.
  const real = mine(findingsFor(code, { 'kong.deb': 'x'.repeat(2 * 1024 * 1024) }).findings);
  assert.deepEqual(real.map((f) => f.severity), ['warning']);
  // Without the RUN's own download, the copied file is the package: still a warning.
  const plain = mine(findingsFor(code.replace(/if \[[^\n]*fi \\\n    && /, '')).findings);
  assert.deepEqual(plain.map((f) => f.severity), ['warning']);
});

test('delete-in-later-layer: an rm of apt lists and of other files is two findings; the lists part folds into apt-lists-kept (loro-whisper, issue 14 fresh4)', () => {
  const code = 'FROM ubuntu:noble\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nCOPY model.bin /app/model.bin\nRUN rm -rf /app/model.bin /var/lib/apt/lists/*\n';
  const { findings } = findingsFor(code);
  const deletes = findings.filter((f) => f.rule === 'delete-in-later-layer');
  // Only the copied model is left to this rule; the lists are apt-lists-kept's, once.
  assert.equal(deletes.length, 1);
  assert.match(deletes[0].message, /\/app/);
  assert.doesNotMatch(deletes[0].message, /lists/);
  assert.match(findings.find((f) => f.rule === 'apt-lists-kept')!.message, /delete-in-later-layer on line 4 frees none of it/);
});

test('delete-in-later-layer: removing a package\'s SONAME links (lib*.so.1) in a later RUN is a hint: symlinks of a few bytes (loro-whisper)', () => {
  const code = (files: string) => `FROM ubuntu:noble\nRUN apt-get update && apt-get install -y --no-install-recommends libcurl4t64 && rm -rf /var/lib/apt/lists/*\nRUN rm -f ${files}\n`;
  const sev = (files: string) => findingsFor(code(files)).findings.filter((f) => f.rule === 'delete-in-later-layer').map((f) => f.severity);
  assert.deepEqual(sev('/usr/lib/x86_64-linux-gnu/libcurl.so.4'), ['hint']);
  assert.deepEqual(sev('/usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0'), ['warning']);
});

test('delete-in-later-layer: a build context added to the root (`ADD . .`) owns its top-level folders (lori, issue 14 fresh4)', () => {
  const mine = (code: string) => findingsFor(code).findings.filter((f) => f.rule === 'delete-in-later-layer').map((f) => f.severity);
  assert.deepEqual(mine('FROM python:3.12-slim\nADD . .\nRUN rm -rf terraform\n'), ['warning']);
  // Standard folders of the base image are not the context's.
  assert.deepEqual(mine('FROM python:3.12-slim\nADD . .\nRUN rm -rf /tmp/x /var/lib/apt/lists/*\n'), []);
});

test('delete-in-later-layer: configuration of unknown size under /etc deleted later is a hint (fewKilobytes, issue 14)', () => {
  const build = 'FROM golang:1.27 AS build\nRUN go build -o /out/agent ./cmd/agent\nFROM debian:bookworm-slim\n';
  const cases: [name: string, code: string, expected: string[]][] = [
    ['configuration copied from a stage into /etc', `${build}COPY --from=build /out/conf/ /etc/agent/\nRUN rm -rf /etc/agent/\n`, ['hint']],
    ['programs copied from a stage', `${build}COPY --from=build /out/bin/ /usr/local/lib/agent/\nRUN rm -rf /usr/local/lib/agent/\n`, ['warning']],
  ];
  for (const [name, code, expected] of cases) {
    assert.deepEqual(findingsFor(code).findings.filter((f) => f.rule === 'delete-in-later-layer').map((f) => f.severity), expected, name);
  }
});
