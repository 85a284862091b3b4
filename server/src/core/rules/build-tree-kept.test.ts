import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsFor, ruleTests } from './testing';

ruleTests('build-tree-kept', {
  valid: [
    {
      name: 'an installer tree removed in the same RUN',
      code: `
      FROM debian:bookworm-slim
      RUN curl -o awscliv2.zip https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip && unzip awscliv2.zip && ./aws/install && rm -rf awscliv2.zip ./aws
      `,
    },
    {
      name: 'an installer tree removed by a glob (jenkins: `rm -rf git-lfs*` of `git-lfs-*/install.sh`, issue 14 fresh4)',
      code: `
      FROM debian:trixie-slim
      RUN curl -L -s -o git-lfs.tgz "https://github.com/git-lfs/git-lfs/releases/download/v3.7.1/git-lfs-linux-amd64-v3.7.1.tar.gz" \\
        && tar xzf git-lfs.tgz \\
        && bash git-lfs-*/install.sh \\
        && rm -rf git-lfs*
      `,
    },
    {
      name: 'an installer tree removed by a later RUN (delete-in-later-layer\'s)',
      code: `
      FROM debian:bookworm-slim
      WORKDIR /tmp
      RUN curl -o a.zip https://example.com/a.zip && unzip a.zip && ./dist/install.sh
      RUN rm -rf /tmp/dist
      `,
    },
    {
      name: 'an install script from the build context is not an unpacked tree',
      code: `
      FROM debian:bookworm-slim
      COPY scripts /scripts
      RUN ./scripts/install.sh
      `,
    },
    {
      name: 'unpacked, built, installed and removed in one RUN (the official images)',
      code: `
      FROM debian:bookworm-slim
      RUN curl -fsSL -o py.tgz https://www.python.org/ftp/python/3.8.2/Python-3.8.2.tgz && mkdir -p /usr/src/python && tar -xzf py.tgz -C /usr/src/python --strip-components=1 && rm py.tgz && cd /usr/src/python && ./configure && make -j4 && make install && cd / && rm -rf /usr/src/python
      `,
    },
    {
      name: 'built but not installed: the tree is where the program runs from',
      code: `
      FROM debian:bookworm-slim
      RUN git clone --depth 1 https://github.com/a/tool.git /opt/tool && cd /opt/tool && make
      CMD ["/opt/tool/tool"]
      `,
    },
    {
      name: "the app's own sources from the build context",
      code: `
      FROM debian:bookworm-slim
      COPY . /src
      WORKDIR /src
      RUN make && make install
      `,
    },
    {
      name: 'a build-only stage',
      code: `
      FROM debian:bookworm-slim AS build
      RUN git clone https://github.com/a/tool.git /src/tool && cd /src/tool && make && make install
      FROM debian:bookworm-slim
      COPY --from=build /usr/local/bin/tool /usr/local/bin/tool
      `,
    },
    {
      name: 'a directory the file cannot resolve (exported in the RUN)',
      code: `
      FROM debian:bookworm-slim
      RUN export TOP=/usr/src/x && mkdir -p $TOP && tar -xzf x.tgz -C $TOP && ( cd $TOP && make && make install )
      `,
    },
  ],
  invalid: [
    {
      name: 'CI agent: the AWS CLI v2 installer tree stays after ./aws/install',
      code: `
      FROM debian:bookworm-slim
      RUN curl "https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip" -o "awscliv2.zip"
      RUN unzip awscliv2.zip && ./aws/install
      #                         ^^^^^^^^^^^^^ build-tree-kept: installs from /aws, unpacked on line 3
      `,
    },
    {
      name: 'issue 14: a Python source tree built in the image, installed with make altinstall, kept',
      code: `
      FROM debian:bookworm-slim
      RUN wget https://www.python.org/ftp/python/3.8.2/Python-3.8.2.tgz
      RUN tar zxf Python-3.8.2.tgz
      WORKDIR /Python-3.8.2
      RUN ./configure --enable-optimizations
      RUN make -j4
      #   ^^^^^^^^ build-tree-kept: /Python-3.8.2
      RUN make altinstall
      `,
    },
    {
      name: 'a clone built and installed in one RUN, never removed',
      code: `
      FROM debian:bookworm-slim
      RUN git clone --depth 1 https://github.com/a/tool.git /opt/tool && cd /opt/tool && make && make install
      #                                                                                  ^^^^ build-tree-kept: later in this RUN
      `,
    },
  ],
});

test('build-tree-kept: a tree removed by a later RUN is delete-in-later-layer\'s, not this rule\'s', () => {
  const code = 'FROM debian:bookworm-slim\nRUN git clone https://github.com/a/tool.git /opt/tool && cd /opt/tool && make && make install\nRUN rm -rf /opt/tool\n';
  assert.deepEqual(findingsFor(code).findings.filter((f) => f.rule === 'build-tree-kept'), []);
});
