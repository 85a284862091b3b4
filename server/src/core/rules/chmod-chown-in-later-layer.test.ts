import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsFor, fixTests, noSafeFixTests, ruleTests } from './testing';

const files = { 'app.py': 'print("hi")\n'.repeat(200), 'run.sh': 'echo hi\n' };

ruleTests('chmod-chown-in-later-layer', {
  valid: [
    { name: 'COPY --chown', files, code: `
      FROM python:3.12-slim
      COPY --chown=app:app app.py /app/app.py
      ` },
    { name: 'chown in the RUN that creates the files', code: `
      FROM debian:bookworm-slim
      RUN mkdir -p /data && git clone --depth 1 https://github.com/a/b /data/b && chown -R 1000 /data
      ` },
    { name: 'non-recursive chmod of a directory copies no files', files, code: `
      FROM debian:bookworm-slim
      COPY . /app
      RUN chmod 755 /app
      ` },
    { name: 'build-only stage', files, code: `
      FROM debian:bookworm-slim AS build
      COPY . /app
      RUN chown -R 1000 /app
      FROM debian:bookworm-slim
      COPY --from=build /app /app
      ` },
    { name: 'hadolint-style ignore', files, code: `
      FROM debian:bookworm-slim
      COPY . /app
      # size-hints ignore=chmod-chown-in-later-layer
      RUN chown -R 1000 /app
      ` },
    { name: 'an unknown command ran in the WORKDIR: it does not own the directory a later chmod changes (issue 14)', code: `
      FROM php:8.3-apache
      WORKDIR /var/www/app
      RUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer
      RUN chmod -R 777 /var/www/app/storage
      ` },
    { name: 'chown -R of folders earlier RUNs made with mkdir, not the package install under the same top folder (jenkins, issue 14 fresh4)', code: `
      FROM alpine:3.22
      RUN apk add --no-cache bash curl git
      ARG JENKINS_HOME=/var/jenkins_home
      ARG REF=/usr/share/jenkins/ref
      ENV JENKINS_HOME=$JENKINS_HOME
      ENV REF=$REF
      RUN mkdir -p $JENKINS_HOME && adduser -h "$JENKINS_HOME" -u 1000 -D jenkins
      RUN mkdir -p \${REF}/init.groovy.d
      RUN chown -R jenkins "$JENKINS_HOME" "$REF"
      ` },
    { name: 'chown of what the same RUN created under an earlier tree', code: `
      FROM debian:bookworm-slim
      RUN curl -fsSLo /opt/tool.bin https://example.com/tool.bin
      RUN mkdir -p /opt/data && curl -fsSLo /opt/data/x.bin https://example.com/x.bin && chown -R 1000 /opt/data
      ` },
  ],
  invalid: [
    {
      name: 'jenkins agent: curl -LO of a URL with a command substitution saves the URL\'s last segment, chmod-ed later',
      code: `
      FROM debian:bookworm-slim
      RUN curl -LO https://dl.k8s.io/release/$(curl -L -s https://dl.k8s.io/release/stable.txt)/bin/linux/amd64/kubectl
      RUN chmod +x ./kubectl
      #   ^^^^^^^^^^^^^^^^^^ chmod-chown-in-later-layer: /kubectl created by line 2
      `,
    },
    { name: 'chown -R after COPY', files, code: `
      FROM debian:bookworm-slim
      COPY . /app
      RUN chown -R app:app /app
      #   ^^^^^^^^^^^^^^^^^^^^^ chmod-chown-in-later-layer: second copy of 2.41 kB; use COPY --chown
      ` },
    { name: 'chmod +x of a copied file', files, code: `
      FROM debian:bookworm-slim
      COPY run.sh /usr/local/bin/run.sh
      RUN set -eux; chmod +x /usr/local/bin/run.sh; echo ok
      #             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ chmod-chown-in-later-layer: 8 B
      ` },
    { name: 'chgrp over a download of an earlier RUN (copied up once, however many commands touch it)', code: `
      FROM debian:bookworm-slim
      RUN curl -fsSLo /opt/tool.bin https://example.com/tool.bin
      RUN chgrp -R 0 /opt && chmod -R g=u /opt
      #   ^^^^^^^^^^^^^^^ chmod-chown-in-later-layer: created by line 2
      ` },
  ],
});

fixTests('chmod-chown-in-later-layer', [
  { name: 'COPY --chown', files, before: `
    FROM debian:bookworm-slim
    COPY . /app
    RUN chown -R app:app /app
    CMD ["python3", "/app/app.py"]
    `, after: `
    FROM debian:bookworm-slim
    COPY --chown=app:app . /app
    CMD ["python3", "/app/app.py"]
    ` },
  { name: 'COPY --chmod: BuildKit-only, a suggestion that says so without a syntax line', files, safe: false, title: /check: your builder is BuildKit/, before: `
    FROM debian:bookworm-slim
    COPY run.sh /run.sh
    RUN chmod 755 /run.sh
    `, after: `
    FROM debian:bookworm-slim
    COPY --chmod=755 run.sh /run.sh
    ` },
  { name: 'COPY --chmod: safe when the file opts into BuildKit', files, safe: true, before: `
    # syntax=docker/dockerfile:1
    FROM debian:bookworm-slim
    COPY run.sh /run.sh
    RUN chmod 755 /run.sh
    `, after: `
    # syntax=docker/dockerfile:1
    FROM debian:bookworm-slim
    COPY --chmod=755 run.sh /run.sh
    ` },
  { name: 'chown without a group keeps group root (COPY --chown=svc would mean group svc)', files, safe: true, before: `
    FROM debian:bookworm-slim
    COPY run.sh /etc/run.sh
    RUN chown svc /etc/run.sh
    `, after: `
    FROM debian:bookworm-slim
    COPY --chown=svc:0 run.sh /etc/run.sh
    ` },
  { name: 'a directory the COPY creates', files, safe: true, before: `
    FROM debian:bookworm-slim
    COPY . /srv/app/
    RUN chown -R 1000:1000 /srv/app
    `, after: `
    FROM debian:bookworm-slim
    COPY --chown=1000:1000 . /srv/app/
    ` },
  { name: 'an unknown base may have the directory: a suggestion', files, safe: false, title: /must not exist in the base image/, before: `
    FROM example.org/team/base:1
    COPY . /srv/app/
    RUN chown -R 1000:1000 /srv/app
    `, after: `
    FROM example.org/team/base:1
    COPY --chown=1000:1000 . /srv/app/
    ` },
]);

// COPY --chown/--chmod only set what the COPY creates (issue 13, class 5).
noSafeFixTests('chmod-chown-in-later-layer', [
  { name: 'WORKDIR created the directory', files, noFix: true, code: `
    FROM debian:bookworm-slim
    WORKDIR /app
    COPY . /app/
    RUN chown -R 1000:1000 /app
    ` },
  { name: 'a RUN created the directory', files, noFix: true, code: `
    FROM debian:bookworm-slim
    RUN mkdir -p /data
    COPY . /data/
    RUN chown -R 1000:1000 /data
    ` },
  { name: 'useradd -m created the home directory', files, noFix: true, code: `
    FROM debian:bookworm-slim
    RUN useradd -m svc
    COPY . /home/svc/
    RUN chown -R svc /home/svc
    ` },
  { name: 'the base image has the directory', files, noFix: true, code: `
    FROM debian:bookworm-slim
    COPY . /srv/
    RUN chown -R 1000:1000 /srv
    ` },
  { name: 'chown svc: (the login group of svc) has no COPY equivalent', files, noFix: true, code: `
    FROM debian:bookworm-slim
    COPY run.sh /etc/run.sh
    RUN chown svc: /etc/run.sh
    ` },
]);

test('chmod-chown-in-later-layer: run-time writable directories of a tree of unknown size are a hint (issue 14)', () => {
  const sev = (paths: string) =>
    findingsFor(`FROM debian:bookworm-slim\nRUN git clone https://github.com/a/laravel-app /srv/app\nWORKDIR /srv/app\nRUN chmod -R 777 ${paths}\n`).findings
      .filter((f) => f.rule === 'chmod-chown-in-later-layer')
      .map((f) => f.severity);
  assert.deepEqual(sev('/srv/app/storage bootstrap/cache'), ['hint']);
  assert.deepEqual(sev('/srv/app/vendor'), ['warning']);
  assert.deepEqual(sev('/srv/app/storage /srv/app/vendor'), ['warning']);
});

test('chmod-chown-in-later-layer: chmod +x of a script COPY\'d from a context that was not read is a hint (a few kB)', () => {
  const sev = (code: string, files?: Record<string, string>) =>
    findingsFor(code, files).findings.filter((f) => f.rule === 'chmod-chown-in-later-layer').map((f) => f.severity);
  assert.deepEqual(sev('FROM ubuntu:focal\nCOPY entrypoint.sh /entrypoint.sh\nRUN chmod +x /entrypoint.sh\n'), ['hint']);
  // Not for a binary or a tree of unknown size.
  assert.deepEqual(sev('FROM ubuntu:focal\nCOPY tool /usr/local/bin/tool\nRUN chmod +x /usr/local/bin/tool\n'), ['warning']);
});

test('chmod-chown-in-later-layer: a chown -R of an installer\'s prefix or of R\'s site library in a later RUN (gitpod, issue 14 fresh4)', () => {
  const sev = (code: string) => findingsFor(code).findings.filter((f) => f.rule === 'chmod-chown-in-later-layer').map((f) => `${f.severity} ${f.message.replace(/ created by.*/, '')}`);
  const conda = 'FROM ubuntu:noble\nWORKDIR /home/app\nRUN wget -q https://repo.anaconda.com/miniconda/Miniconda3-latest-Linux-x86_64.sh -O ~/miniconda.sh && /bin/bash ~/miniconda.sh -b -p /opt/conda && rm ~/miniconda.sh\nRUN chown -R app:app /opt/conda\n';
  assert.deepEqual(sev(conda), ['warning `chown` rewrites /opt/conda']);
  const r = 'FROM rocker/r-ver:4.4.1\nWORKDIR /home/rstudio\nRUN R -e \'install.packages(c("DBI", "odbc"))\'\nRUN chown -R rstudio:rstudio /usr/local/lib/R/site-library\n';
  assert.deepEqual(sev(r), ['warning `chown` rewrites /usr/local/lib/R/site-library']);
  // A chown elsewhere is not theirs.
  assert.deepEqual(sev(conda.replace('/opt/conda\n', '/srv\n')), []);
});

test('chmod-chown-in-later-layer: a few kB of change is a hint, shared with delete-in-later-layer (fewKilobytes; issue 14, zabbix-agent-ol)', () => {
  const build = 'FROM golang:1.27 AS build\nRUN go build -o /out/agent ./cmd/agent\nFROM debian:bookworm-slim\n';
  const big = { 'big.bin': 'x'.repeat(100_000), 'run.sh': 'echo hi\n' };
  const cases: [name: string, code: string, expected: string[], files?: Record<string, string>][] = [
    ['configuration copied from a stage into /etc', `${build}COPY --from=build /out/conf/ /etc/agent/\nRUN chown -R agent:root /etc/agent/\n`, ['hint']],
    ['a file of unknown size under /etc', `${build}COPY --from=build /out/agent.conf /etc/agent.conf\nRUN chmod 640 /etc/agent.conf\n`, ['hint']],
    ['programs copied from a stage', `${build}COPY --from=build /out/bin/ /usr/local/lib/agent/\nRUN chown -R agent /usr/local/lib/agent/\n`, ['warning']],
    ['configuration and programs in one chown', `${build}COPY --from=build /out/conf/ /etc/agent/\nCOPY --from=build /out/bin/ /usr/local/lib/agent/\nRUN chown -R agent /etc/agent/ /usr/local/lib/agent/\n`, ['warning']],
    ['a downloaded installer script', 'FROM debian:bookworm-slim\nWORKDIR /tmp\nRUN curl -fsSL -o get_helm.sh https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3\nRUN chmod 700 get_helm.sh\n', ['hint']],
    ['a self-extracting installer named for its platform', 'FROM debian:bookworm-slim\nWORKDIR /tmp\nRUN curl -fsSL -o Miniconda3-latest-Linux-x86_64.sh https://repo.anaconda.com/miniconda/Miniconda3-latest-Linux-x86_64.sh\nRUN chmod +x Miniconda3-latest-Linux-x86_64.sh\n', ['warning']],
    ['a self-extracting installer saved under a plain name', 'FROM debian:bookworm-slim\nRUN wget https://repo.anaconda.com/miniconda/Miniconda3-latest-Linux-x86_64.sh -O /tmp/miniconda.sh\nRUN chmod +x /tmp/miniconda.sh\n', ['warning']],
    ['a downloaded archive', 'FROM debian:bookworm-slim\nWORKDIR /tmp\nRUN curl -fsSL -o tool.tar.gz https://example.com/tool.tar.gz\nRUN chmod 600 tool.tar.gz\n', ['warning']],
    ['a known file of a few bytes', 'FROM debian:bookworm-slim\nCOPY run.sh /usr/local/bin/run\nRUN chmod 755 /usr/local/bin/run\n', ['hint'], big],
    ['/etc configuration and two known files of 40 kB: 80 kB together', `${build}COPY --from=build /out/conf/ /etc/agent/\nCOPY a.bin b.bin /etc/agent-data/\nRUN chown -R agent /etc/agent/ /etc/agent-data/a.bin /etc/agent-data/b.bin\n`, ['warning'], { 'a.bin': 'x'.repeat(40_000), 'b.bin': 'y'.repeat(40_000) }],
    ['a known file of 100 kB', 'FROM debian:bookworm-slim\nCOPY big.bin /opt/big.bin\nRUN chmod 600 /opt/big.bin\n', ['warning'], big],
  ];
  for (const [name, code, expected, files] of cases) {
    const got = findingsFor(code, files).findings.filter((f) => f.rule === 'chmod-chown-in-later-layer').map((f) => f.severity);
    assert.deepEqual(got, expected, name);
  }
});
