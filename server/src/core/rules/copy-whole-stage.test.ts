import { ruleTests } from './testing';

ruleTests('copy-whole-stage', {
  valid: [
    `
    FROM golang:1.23 AS build
    RUN go build -o /out/app .
    FROM gcr.io/distroless/static
    COPY --from=build /out/app /app
    `,
    { name: 'an export stage FROM scratch holds only what was put there', code: `
      FROM golang:1.23 AS build
      RUN go build -o /out/app .
      FROM scratch AS export
      COPY --from=build /out/app /app
      FROM debian:bookworm-slim
      COPY --from=export / /
      ` },
    { name: 'golang official: COPY --from=build /target/ /', code: `
      FROM buildpack-deps:bookworm-scm AS build
      RUN mkdir -p /target/usr/local
      FROM buildpack-deps:bookworm-scm
      COPY --from=build --link /target/ /
      ` },
  ],
  invalid: [
    `
    FROM debian:bookworm AS build
    RUN make
    FROM debian:bookworm-slim
    COPY --from=build / /
    #                 ^ copy-whole-stage: whole file system of stage build
    `,
    { name: 'another image', code: `
      FROM debian:bookworm-slim
      COPY --from=alpine:3.20 / /rootfs
      #                       ^ copy-whole-stage: image alpine:3.20
      ` },
  ],
});
