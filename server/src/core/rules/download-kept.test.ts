import { fixTests, noSafeFixTests, ruleTests } from './testing';

ruleTests('download-kept', {
  valid: [
    `
    FROM debian:bookworm-slim
    RUN curl -fsSLo /tmp/x.tar.gz https://example.com/x.tar.gz && tar -xzf /tmp/x.tar.gz -C /opt && rm /tmp/x.tar.gz
    `,
    { name: 'piped, never saved', code: `
      FROM debian:bookworm-slim
      RUN curl -fsSL https://example.com/x.tar.gz | tar -xz -C /opt
      ` },
    { name: 'downloaded payload that is never unpacked (a jar)', code: `
      FROM eclipse-temurin:21-jre
      RUN wget -O /app/app.jar https://example.com/app.jar
      ` },
    { name: 'variables in the names (node official idiom)', code: `
      FROM debian:bookworm-slim
      ENV NODE_VERSION 22.1.0
      RUN ARCH=x64 && curl -fsSLO --compressed "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz" \\
        && tar -xJf "node-v$NODE_VERSION-linux-$ARCH.tar.xz" -C /usr/local --strip-components=1 --no-same-owner \\
        && rm "node-v$NODE_VERSION-linux-$ARCH.tar.xz"
      ` },
    { name: 'an unknown variable spelled two ways: `${tmpdir}/x.tar.gz` removed by `rm -rf $tmpdir` (rakudo, issue 14 fresh4)', code: `
      FROM debian:trixie-slim
      RUN tmpdir="$(mktemp -d)" \\
        && curl -fsSL https://example.com/r.tar.gz -o \${tmpdir}/rakudo.tar.gz \\
        && mkdir \${tmpdir}/rakudo \\
        && tar xzf \${tmpdir}/rakudo.tar.gz --strip-components=1 -C \${tmpdir}/rakudo \\
        && rm -rf $tmpdir
      ` },
    { name: 'a downloaded binary installed and then removed', code: `
      FROM debian:bookworm-slim
      RUN curl -LO https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl && install -m 0755 kubectl /usr/local/bin/kubectl && rm kubectl
      ` },
    { name: 'a downloaded binary made executable where it landed (no copy)', code: `
      FROM debian:bookworm-slim
      RUN curl -Lo /usr/local/bin/kubectl https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl && chmod +x /usr/local/bin/kubectl
      ` },
    { name: 'heredoc with cleanup', code: `
      FROM debian:bookworm-slim
      RUN <<EOF
      set -eux
      wget -O go.tgz https://go.dev/dl/go1.23.3.linux-amd64.tar.gz
      tar -C /usr/local -xzf go.tgz
      rm go.tgz
      EOF
      ` },
    { name: 'build-only stage whose archive is not copied out', code: `
      FROM debian:bookworm-slim AS fetch
      RUN curl -o /tmp/x.tgz https://example.com/x.tgz && tar -xzf /tmp/x.tgz -C /opt
      FROM debian:bookworm-slim
      COPY --from=fetch /opt /opt
      ` },
  ],
  invalid: [
    `
    FROM debian:bookworm-slim
    RUN curl -fsSLo /tmp/x.tar.gz https://example.com/x.tar.gz && tar -xzf /tmp/x.tar.gz -C /opt
    #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ download-kept: x.tar.gz
    `,
    { name: 'a binary downloaded into the WORKDIR, then `install`ed elsewhere: the download stays (jenkins agent, issue 14 fresh4)', code: `
      FROM debian:bookworm-slim
      WORKDIR /home/jenkins
      RUN curl -LO "https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl" && install -o root -g root -m 0755 kubectl /usr/local/bin/kubectl
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ download-kept: kubectl stays in this layer after \`install\`
      ` },
    { name: 'set -eux; wget then dpkg -i', code: `
      FROM debian:bookworm-slim
      RUN set -eux; wget https://example.com/pkg.deb; dpkg -i pkg.deb
      #             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ download-kept: dpkg
      ` },
    { name: 'an rpm downloaded, then installed by dnf5: the download stays', code: `
      FROM fedora:42
      RUN curl -fsSLo /tmp/pkg.rpm https://example.com/pkg.rpm && dnf5 install -y /tmp/pkg.rpm && dnf5 clean all
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ download-kept: after \`dnf5\` uses it
      ` },
    { name: 'extracted by a later RUN', code: `
      FROM debian:bookworm-slim
      RUN curl -o /tmp/x.tgz https://example.com/x.tgz
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ download-kept: later RUN
      RUN tar -xzf /tmp/x.tgz -C /opt
      ` },
    { name: 'ADD of a remote archive', code: `
      FROM debian:bookworm-slim
      ADD https://example.com/tool.tar.gz /tmp/
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ download-kept: ADD keeps
      ` },
    { name: 'build stage archive copied into the final image', code: `
      FROM debian:bookworm-slim AS fetch
      RUN curl -o /opt/x.tgz https://example.com/x.tgz && tar -xzf /opt/x.tgz -C /opt
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ download-kept
      FROM debian:bookworm-slim
      COPY --from=fetch /opt /opt
      ` },
  ],
});

fixTests('download-kept', [
  { before: `
    FROM debian:bookworm-slim
    RUN curl -fsSLo /tmp/x.tar.gz https://example.com/x.tar.gz && tar -xzf /tmp/x.tar.gz -C /opt
    `, after: `
    FROM debian:bookworm-slim
    RUN curl -fsSLo /tmp/x.tar.gz https://example.com/x.tar.gz && tar -xzf /tmp/x.tar.gz -C /opt && rm -f /tmp/x.tar.gz
    ` },
  { name: 'after a trailing semicolon, relative to WORKDIR', before: `
    FROM debian:bookworm-slim
    WORKDIR /tmp
    RUN set -eux; wget -O go.tgz https://go.dev/dl/go.tgz; tar -C /usr/local -xzf go.tgz;
    `, after: `
    FROM debian:bookworm-slim
    WORKDIR /tmp
    RUN set -eux; wget -O go.tgz https://go.dev/dl/go.tgz; tar -C /usr/local -xzf go.tgz && rm -f /tmp/go.tgz;
    ` },
]);

noSafeFixTests('download-kept', [
  {
    name: 'a later stage copies the archive out',
    code: `
    FROM debian:bookworm-slim AS fetch
    RUN curl -fsSLo /tmp/x.tar.gz https://example.com/x.tar.gz && tar -xzf /tmp/x.tar.gz -C /opt
    FROM debian:bookworm-slim
    COPY --from=fetch /tmp/ /tmp/
    `,
  },
]);

// A later RUN that reads the archive would fail after the delete: no fix, not even a suggestion (issue 13, class 4).
noSafeFixTests('download-kept', [
  { name: 'a later RUN reads the archive again', noFix: true, code: `
    FROM debian:bookworm-slim
    RUN curl -fsSLo /tmp/x.tar.gz https://example.com/x.tar.gz && tar -xzf /tmp/x.tar.gz -C /opt
    RUN tar -tzf /tmp/x.tar.gz > /opt/files.txt
    ` },
]);
