import { noSafeFixTests, ruleTests } from './testing';

ruleTests('go-cache-kept', {
  valid: [
    {
      name: 'multi-stage: the builder is copied from at the binary only',
      code: `
      FROM golang:1.26 AS build
      WORKDIR /src
      COPY . .
      RUN go build -o /out/app .
      FROM gcr.io/distroless/static-debian12
      COPY --from=build /out/app /app
      `,
    },
    {
      name: 'cache mounts on both caches',
      code: `
      FROM golang:1.26
      WORKDIR /src
      COPY . .
      RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod go build -o /app .
      `,
    },
    {
      name: 'go clean -cache -modcache after the build',
      code: `
      FROM golang:1.26
      WORKDIR /src
      COPY . .
      RUN go build -o /app . && go clean -cache -modcache
      `,
    },
    {
      name: 'rm -rf of both caches',
      code: `
      FROM golang:1.26
      RUN go install example.com/tool@latest && rm -rf /root/.cache /go/pkg
      `,
    },
    'FROM golang:1.26\nRUN go version && go env\n',
  ],
  invalid: [
    {
      name: 'single-stage go build',
      code: `
      FROM golang:alpine
      WORKDIR /go/bin
      COPY . .
      RUN CGO_ENABLED=0 GOOS=linux go build
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ go-cache-kept: /root/.cache/go-build, /go/pkg/mod
      ENTRYPOINT ["/go/bin/app"]
      `,
    },
    {
      name: 'only the build cache cleaned: the module cache stays',
      code: `
      FROM golang:1.26
      RUN go mod download && go build -o /app . && go clean -cache
      #   ^^^^^^^^^^^^^^^ go-cache-kept: module cache (/go/pkg/mod
      `,
    },
    {
      name: 'GOMODCACHE set elsewhere',
      code: `
      FROM golang:1.26
      ENV GOMODCACHE=/cache/mod
      RUN go build -o /app . && rm -rf /root/.cache/go-build
      #   ^^^^^^^^^^^^^^^^^^ go-cache-kept: module cache (/cache/mod
      `,
    },
  ],
});

noSafeFixTests('go-cache-kept', [
  { name: 'cleaning the caches is a suggestion (a later offline build may need them)', code: 'FROM golang:1.26\nRUN go build -o /app .\n', title: /go clean -cache -modcache/ },
]);
