import { ruleTests } from './testing';

ruleTests('copy-from-missing-stage', {
  valid: [
    'FROM golang:1.26 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
    'FROM golang:1.26 AS Build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
    'FROM golang:1.26\nRUN go build -o /app .\nFROM scratch\nCOPY --from=0 /app /app\n',
    { name: 'an image by its spelling', code: 'FROM debian:bookworm-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /usr/local/bin/uv\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\n' },
    { name: 'an official image by its bare name', code: 'FROM debian:bookworm-slim\nCOPY --from=busybox /bin/busybox /busybox\n' },
    { name: 'a build argument', code: 'ARG SRC=build\nFROM debian:bookworm-slim\nCOPY --from=${SRC} /x /x\n' },
  ],
  invalid: [
    {
      name: 'no stage named build',
      code: `
      FROM golang:1.26 AS builder
      RUN go build -o /app .
      FROM scratch
      COPY --from=build /app /app
      #           ^^^^^ copy-from-missing-stage: No stage is named \`build\` (stages: builder)
      `,
    },
    {
      name: 'a stage index that is not earlier',
      code: `
      FROM golang:1.26
      RUN go build -o /app .
      FROM scratch
      COPY --from=1 /app /app
      #           ^ copy-from-missing-stage: names no earlier stage
      `,
    },
  ],
});
