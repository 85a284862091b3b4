import { ruleTests } from './testing';

ruleTests('build-tools-in-final-image', {
  valid: [
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
    { name: 'build step whose output is removed in the same RUN', code: `
      FROM debian:bookworm-slim
      RUN set -eux; cd /usr/src/x; make; make install; cd /; rm -rf /usr/src/x
      ` },
  ],
  invalid: [
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
