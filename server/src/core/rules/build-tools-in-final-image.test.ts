import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDockerfile } from '../analyze';
import { findingsFor, ruleTests } from './testing';

ruleTests('build-tools-in-final-image', {
  valid: [
    {
      name: 'gcc on a full python image: the base already has it, this install adds nothing',
      code: `
      FROM python:3.12
      WORKDIR /app
      COPY requirements.txt requirements.txt
      RUN apt-get update && apt-get install -y gcc && pip install --no-cache-dir -r requirements.txt && rm -rf /var/lib/apt/lists/*
      COPY . .
      CMD [ "python", "./app.py" ]
      `,
    },
    {
      name: 'an old full image the data lacks, built on buildpack-deps',
      code: `
      FROM python:3.6
      COPY requirements.txt requirements.txt
      RUN apt-get update && apt-get install -y gcc && pip install --no-cache-dir -r requirements.txt
      COPY . .
      CMD [ "python", "./app.py" ]
      `,
    },
    {
      name: 'npm run build: its toolchain is the devDependencies, npm-dev-dependencies reports them',
      code: `
      FROM node:22-slim
      WORKDIR /usr/src
      COPY . .
      RUN npm ci
      RUN npm run build
      CMD ["npm", "start"]
      `,
    },
    { name: 'multi-stage: tools only in the build stage', code: `
      FROM golang:1.23 AS build
      WORKDIR /src
      RUN go build -o /out/app .
      FROM gcr.io/distroless/static
      COPY --from=build /out/app /app
      ` },
    { name: 'official idiom: build deps purged in the same RUN', code: `
      FROM debian:bookworm-slim
      RUN set -eux; \\
        savedAptMark="$(apt-mark showmanual)"; \\
        apt-get update; \\
        apt-get install -y --no-install-recommends gcc make libc6-dev; \\
        make -C /usr/src/app install; \\
        apt-mark auto '.*' > /dev/null; \\
        apt-mark manual $savedAptMark; \\
        apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\
        rm -rf /var/lib/apt/lists/*
      ` },
    { name: 'official idiom: apk --virtual + apk del', code: `
      FROM alpine:3.20
      RUN apk add --no-cache --virtual .build-deps gcc musl-dev make \\
        && make -C /src install \\
        && apk del .build-deps
      ` },
    { name: 'a toolchain image (no build step in it): golang installs gcc for cgo', code: `
      FROM buildpack-deps:bookworm-scm
      RUN set -eux; apt-get update; apt-get install -y --no-install-recommends g++ gcc libc6-dev make pkg-config; rm -rf /var/lib/apt/lists/*
      ` },
    { name: 'dnf5: build deps removed in the same RUN', code: `
      FROM fedora:42
      COPY . /app
      RUN dnf5 install -y gcc python3-devel && pip3 install --no-cache-dir -r /app/requirements.txt && dnf5 remove -y gcc python3-devel && dnf5 clean all
      CMD ["python3", "/app/app.py"]
      ` },
    { name: 'build step whose output is removed in the same RUN', code: `
      FROM debian:bookworm-slim
      RUN set -eux; cd /usr/src/x; make; make install; cd /; rm -rf /usr/src/x
      ` },
  ],
  invalid: [
    {
      name: 'yum install gcc and a -devel package in the image that runs the app',
      code: `
      FROM rockylinux:9
      COPY . /app
      RUN yum install -y gcc python3-devel && yum clean all && pip3 install --no-cache-dir -r /app/requirements.txt
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ build-tools-in-final-image: Build tools (gcc, python3-devel)
      CMD ["python3", "/app/app.py"]
      `,
    },
    {
      name: 'dnf5 install gcc and a -devel package in the image that runs the app (Fedora 42)',
      code: `
      FROM fedora:42
      COPY . /app
      RUN dnf5 install -y gcc python3-devel && dnf5 clean all && pip3 install --no-cache-dir -r /app/requirements.txt
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ build-tools-in-final-image: Build tools (gcc, python3-devel)
      CMD ["python3", "/app/app.py"]
      `,
    },
    {
      name: 'golang:alpine is the Go toolchain (on musl), not a runtime',
      code: `
      FROM golang:alpine as build
      #    ^^^^^^^^^^^^^ build-tools-in-final-image: SDK image golang:alpine
      WORKDIR /go/bin
      COPY . .
      RUN CGO_ENABLED=0 go build
      ENTRYPOINT ["/go/bin/app"]
      `,
    },
    { name: 'purged by a later RUN: true of the layer only, and said so', code: `
      FROM debian:bookworm-slim
      RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*
      #                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ build-tools-in-final-image: purged by the RUN on line 4, but only from the final file system: this layer still ships them
      RUN gcc -o /usr/local/bin/hello hello.c
      RUN apt-get purge -y gcc && apt-get autoremove -y
      ` },
    { name: 'build-essential kept next to pip install', code: `
      FROM python:3.12-slim
      RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
      #                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ build-tools-in-final-image: build-essential
      RUN pip install --no-cache-dir -r requirements.txt
      ` },
    { name: 'SDK image shipped with a build step', code: `
      FROM golang:1.26
      #    ^^^^^^^^^^^ build-tools-in-final-image: multi-stage
      WORKDIR /src
      COPY . .
      RUN go build -o /usr/local/bin/app .
      ` },
    { name: 'python:3.12 (full) idiom: -dev packages on an SDK base are reported once, as the base choice', code: `
      FROM buildpack-deps:bookworm
      #    ^^^^^^^^^^^^^^^^^^^^^^^ build-tools-in-final-image: SDK image
      RUN set -eux; apt-get update; apt-get install -y --no-install-recommends libbluetooth-dev tk-dev uuid-dev; rm -rf /var/lib/apt/lists/*
      RUN set -eux; cd /usr/src/python; ./configure --enable-shared; make -j "$(nproc)"; make install; cd /; rm -rf /usr/src/python
      ` },
    { name: 'a compile step in the shipped stage', code: `
      FROM debian:bookworm-slim
      WORKDIR /src
      RUN cmake --build build
      #   ^^^^^^^^^^^^^^^^^^^ build-tools-in-final-image
      ` },
    { name: 'npm run build in the shipped node image', code: `
      FROM node:22
      #    ^^^^^^^ build-tools-in-final-image
      WORKDIR /app
      RUN npm ci && npm run build
      ` },
  ],
});

test('build-tools-in-final-image: the purpose of the image decides the severity (issue 14)', () => {
  // A Rust image installing gcc and musl-dev as rustc's linker is a toolchain image: a hint at most.
  const toolchain = findingsFor('FROM alpine:3.22\nRUN apk add --no-cache gcc musl-dev && wget -O /tmp/r.sh https://sh.rustup.rs && sh /tmp/r.sh -y && rm /tmp/r.sh\n').findings.filter((x) => x.rule === 'build-tools-in-final-image');
  assert.ok(toolchain.every((f) => f.severity === 'hint'), JSON.stringify(toolchain));
  const mavenImage = findingsFor('FROM eclipse-temurin:21-jdk\nRUN mkdir /src && cd /src && mvn -v\nENTRYPOINT ["mvn"]\n').findings.filter((x) => x.rule === 'build-tools-in-final-image' || x.rule === 'large-base-image');
  assert.ok(mavenImage.every((f) => f.severity === 'hint'), JSON.stringify(mavenImage));
  // An app that keeps gcc after pip install: info, once per stage.
  const app = findingsFor('FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y --no-install-recommends make && rm -rf /var/lib/apt/lists/*\nCOPY . /app\nRUN pip install --no-cache-dir -r /app/requirements.txt\nCMD ["python", "/app/main.py"]\n').findings.filter((x) => x.rule === 'build-tools-in-final-image');
  assert.deepEqual(app.map((f) => f.severity), ['info']);
  // npm install on the full node image is not "building in an SDK image" (the base choice is large-base-image's).
  const npm = findingsFor('FROM node:16.18.0-slim\nWORKDIR /usr/src\nCOPY . .\nRUN npm ci\nCMD ["npm", "start"]\n').findings.filter((x) => x.rule === 'build-tools-in-final-image');
  assert.deepEqual(npm, []);
});

test('build-tools-in-final-image: a toolchain is priced with what it pulls in, not its metapackage alone', () => {
  const sizeOf = (code: string) => {
    const f = findingsFor(code).findings.find((x) => x.rule === 'build-tools-in-final-image');
    assert.ok(f?.waste && !f.waste.unknown, JSON.stringify(f));
    return f.waste.bytes;
  };
  const app = (install: string) =>
    `FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends ${install} && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY . .\nRUN go build -o /usr/local/bin/app . && make\nCMD ["app"]\n`;
  // golang-go is a 0.1 MB metapackage: the compiler is golang-1.19-go and its sources (hundreds of MB).
  assert.ok(sizeOf(app('golang-go')) > 100e6, `${sizeOf(app('golang-go'))}`);
  // What the rest of the install also needs stays out: adding curl adds none of curl's closure to the tools.
  assert.equal(sizeOf(app('golang-go curl')), sizeOf(app('golang-go')));
  // A -dev package's runtime library is not a build tool: the app still links libpq5 at run time.
  const withDev = analyzeDockerfile(`FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nCOPY . /app\nRUN pip install --no-cache-dir -r /app/requirements.txt\nCMD ["python", "/app/main.py"]\n`);
  const layer = withDev.model.stages[0].layers.find((l) => l.instruction.keyword === 'RUN');
  const tools = withDev.findings.find((x) => x.rule === 'build-tools-in-final-image');
  assert.ok(tools?.waste && layer, JSON.stringify(tools));
  assert.ok(tools.waste.bytes < layer.estimate.bytes, `${tools.waste.bytes} < ${layer.estimate.bytes}`);
  assert.ok(tools.waste.bytes > 50e6, `${tools.waste.bytes}`);
});

test('build-tools-in-final-image: in an R image (rocker/*, r-base) -dev libraries are R\'s run-time toolchain: a hint (gitpod RStudio, issue 14 fresh4)', () => {
  const code = (from: string) =>
    `FROM ${from}\nRUN apt-get update && apt-get install -y --no-install-recommends libcurl4-openssl-dev libssl-dev && rm -rf /var/lib/apt/lists/*\nCOPY . /srv\nRUN make -C /srv\nCMD ["Rscript", "/srv/app.R"]\n`;
  const sev = (from: string) => findingsFor(code(from)).findings.filter((f) => f.rule === 'build-tools-in-final-image').map((f) => f.severity);
  assert.deepEqual(sev('rocker/r-ver:4.4.1'), ['hint']);
  assert.deepEqual(sev('r-base:4.4.1'), ['hint']);
  assert.deepEqual(sev('debian:bookworm-slim'), ['info']);
});

test('build-tools-in-final-image: a toolchain image that builds nothing and only runs a copied app (simple-java-maven-app, issue 14 fresh4)', () => {
  const mine = (code: string) => findingsFor(code).findings.filter((f) => f.rule === 'build-tools-in-final-image');
  const jar = mine('FROM maven:3.6.0-jdk-8-alpine\nCOPY target/my-app-1.0-SNAPSHOT.jar /app.jar\nENTRYPOINT ["java", "-jar", "/app.jar"]\n');
  assert.deepEqual(jar.map((f) => f.severity), ['info']);
  assert.match(jar[0].message, /nothing is built in it.*JRE image/);
  // The toolchain as the image's point (ENTRYPOINT mvn) or a build in it: not this case.
  assert.deepEqual(mine('FROM maven:3.9-eclipse-temurin-21\nCOPY settings.xml /root/.m2/\nENTRYPOINT ["mvn"]\n').map((f) => f.severity), []);
  assert.deepEqual(mine('FROM golang:1.22\nCOPY app /usr/local/bin/app\nCMD ["app"]\n').map((f) => f.severity), ['info']);
});

test('build-tools-in-final-image: an app cloned and built in the image and started from its clone runs an application (loro-whisper, issue 14 fresh4)', () => {
  const code = (cmd: string) => `FROM ubuntu:noble\nRUN apt-get update && apt-get install -y --no-install-recommends git build-essential && rm -rf /var/lib/apt/lists/*\nRUN git clone https://github.com/ggerganov/whisper.cpp.git /app\nWORKDIR /app\nRUN make\nCMD ${cmd}\n`;
  const sev = (cmd: string) => findingsFor(code(cmd)).findings.filter((f) => f.rule === 'build-tools-in-final-image').map((f) => f.severity);
  assert.deepEqual(sev('["/app/server", "--port", "8080"]'), ['info']);
  // A shell or a program from elsewhere: the image's purpose is not clear, a hint.
  assert.deepEqual(sev('["bash"]'), ['hint']);
});
