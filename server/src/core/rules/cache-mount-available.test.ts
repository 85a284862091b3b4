import { fixTests, noSafeFixTests, ruleTests } from './testing';

ruleTests('cache-mount-available', {
  valid: [
    `
    FROM node:22
    RUN --mount=type=cache,target=/root/.npm npm ci
    `,
    `
    FROM debian:bookworm-slim
    RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl
    `,
    `
    FROM alpine:3.22
    RUN echo nothing to cache
    `,
    {
      name: 'the cache of the user in effect',
      code: `
      FROM python:3.12
      USER app
      RUN --mount=type=cache,target=/home/app/.cache/pip pip install flask
      `,
    },
    {
      name: 'a RUN that already has a cache mount (even for another target) is left alone',
      code: `
      FROM debian:bookworm-slim
      RUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update
      `,
    },
  ],
  invalid: [
    {
      name: 'once per manager per file, on the RUN that leaves its cache in the layer',
      code: `
      FROM python:3.12-slim
      RUN pip install --no-cache-dir flask
      RUN pip install numpy
      #   ^^^^^^^^^^^^^^^^^ cache-mount-available: no cache in the layer, and faster rebuilds
      RUN pip install --no-cache-dir gunicorn
      `,
    },
    {
      name: 'where no RUN leaves a cache: once, as a rebuild-speed hint',
      code: `
      FROM alpine:3.22
      RUN apk add --no-cache curl
      #   ^^^^^^^^^^^^^^^^^^^^^^^ cache-mount-available: faster rebuilds (this RUN already leaves no cache
      RUN apk add --no-cache git
      `,
    },
    `
    FROM node:22
    RUN npm ci --omit=dev
    #   ^^^^^^^^^^^^^^^^^ cache-mount-available: /root/.npm
    `,
    `
    FROM golang:1.23
    RUN go build -o /app ./...
    #   ^^^^^^^^^^^^^^^^^^^^^^ cache-mount-available: /root/.cache/go-build and /go/pkg/mod
    `,
    {
      name: 'a build tool whose cache the model does not record: no claim that the RUN leaves none (go-cache-kept says it does)',
      code: `
      FROM golang:1.23
      RUN go build -o /app ./...
      #   ^^^^^^^^^^^^^^^^^^^^^^ cache-mount-available: faster rebuilds, and no cache in the layer where this RUN keeps one
      `,
    },
    `
    FROM maven:3
    RUN mvn package
    #   ^^^^^^^^^^^ cache-mount-available: /root/.m2
    `,
    {
      name: 'USER and HOME decide the cache path',
      code: `
      FROM python:3.12
      USER app
      RUN pip install numpy
      #   ^^^^^^^^^^^^^^^^^ cache-mount-available: /home/app/.cache/pip
      `,
    },
  ],
});

fixTests('cache-mount-available', [
  {
    name: 'maven: the local repository only, so a settings.xml copied into ~/.m2 stays visible (a mount on ~/.m2 hid it and mvn failed)',
    before: `
    FROM maven:3.9-eclipse-temurin-21
    COPY settings.xml /root/.m2/settings.xml
    RUN mvn -B package
    `,
    after: `
    # syntax=docker/dockerfile:1
    FROM maven:3.9-eclipse-temurin-21
    COPY settings.xml /root/.m2/settings.xml
    RUN --mount=type=cache,target=/root/.m2/repository mvn -B package
    `,
  },
  {
    name: 'npm, adds the syntax directive',
    before: `
    FROM node:22
    RUN npm ci --omit=dev
    `,
    after: `
    # syntax=docker/dockerfile:1
    FROM node:22
    RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
    `,
  },
  {
    name: 'the syntax directive goes after a byte-order mark (before it, the BOM is left in front of FROM and the build fails)',
    before: `
    \uFEFFFROM node:22
    RUN npm ci --omit=dev
    `,
    after: `
    \uFEFF# syntax=docker/dockerfile:1
    FROM node:22
    RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
    `,
  },
  {
    name: 'the syntax directive goes after an escape directive (before it, buildah reads `# escape=` as a comment)',
    before: `
    # escape=\`
    FROM node:22
    RUN npm ci --omit=dev
    `,
    after: `
    # escape=\`
    # syntax=docker/dockerfile:1
    FROM node:22
    RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
    `,
  },
  {
    name: 'pip drops --no-cache-dir, keeps an existing syntax directive',
    before: `
    # syntax=docker/dockerfile:1.7
    FROM python:3.12-slim
    RUN pip install --no-cache-dir flask
    `,
    after: `
    # syntax=docker/dockerfile:1.7
    FROM python:3.12-slim
    RUN --mount=type=cache,target=/root/.cache/pip pip install flask
    `,
  },
  {
    name: 'uv with UV_LINK_MODE=copy',
    before: `
    # syntax=docker/dockerfile:1
    FROM python:3.12-slim
    RUN uv pip install --system --no-cache flask
    `,
    after: `
    # syntax=docker/dockerfile:1
    FROM python:3.12-slim
    RUN --mount=type=cache,target=/root/.cache/uv UV_LINK_MODE=copy uv pip install --system flask
    `,
  },
  {
    name: 'apt: cache and lists locked, docker-clean kept (deleting it would stay in the image), list cleanup dropped',
    title: /the package lists; the image's docker-clean still deletes downloaded \.debs/,
    before: `
    # syntax=docker/dockerfile:1
    FROM debian:bookworm-slim
    RUN apt-get update \\
        && apt-get install -y --no-install-recommends curl \\
        && rm -rf /var/lib/apt/lists/*
    `,
    after: `
    # syntax=docker/dockerfile:1
    FROM debian:bookworm-slim
    RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\
        --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \\
        apt-get update \\
        && apt-get install -y --no-install-recommends curl
    `,
  },
  {
    name: 'apk: --no-cache becomes --update-cache',
    before: `
    # syntax=docker/dockerfile:1
    FROM alpine:3.22
    RUN apk add --no-cache curl
    `,
    after: `
    # syntax=docker/dockerfile:1
    FROM alpine:3.22
    RUN --mount=type=cache,target=/var/cache/apk,sharing=locked apk add --update-cache curl
    `,
  },
]);

// The cache mount moves apt's lists out of the image (issue 13, class 10).
noSafeFixTests('cache-mount-available', [
  { name: 'a later RUN installs from the lists this RUN keeps in the image', noFix: true, code: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    RUN apt-get install -y --no-install-recommends jq
    ` },
]);
