/**
 * Seeded Dockerfile generator for the fuzz suite: real instructions from examples/ and
 * test/fixtures/official (continuations kept), mixed and mutated — heredocs, odd escapes and escape
 * directives, CRLF and BOM, huge words, unterminated quotes and brackets, bad flags, control
 * characters, cut at random places. `fuzzCase(seed, i)` is the same text on every machine.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Mulberry32: small, fast, good enough to pick pieces. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let corpus: string[] | undefined;

/** Every instruction (with its continuation lines and the comments above it) of the real Dockerfiles. */
export function realInstructions(): string[] {
  if (corpus) return corpus;
  const files: string[] = [];
  for (const d of fs.readdirSync(path.join(ROOT, 'examples'))) {
    const f = path.join(ROOT, 'examples', d, 'Dockerfile');
    if (fs.existsSync(f)) files.push(f);
  }
  const off = path.join(ROOT, 'test/fixtures/official');
  for (const f of fs.readdirSync(off)) if (f.endsWith('Dockerfile')) files.push(path.join(off, f));
  const out: string[] = [];
  for (const f of files) {
    let cur: string[] = [];
    for (const line of fs.readFileSync(f, 'utf8').replace(/\r\n/g, '\n').split('\n')) {
      cur.push(line);
      if (!/\\\s*$/.test(line) && !/^\s*#/.test(line) && line.trim()) {
        out.push(cur.join('\n'));
        cur = [];
      }
    }
  }
  corpus = out;
  return out;
}

const SHAPES = [
  'FROM debian:bookworm-slim', 'FROM alpine:3.20 AS build', 'FROM build', 'FROM scratch', 'FROM ${BASE:-ubuntu:24.04}', 'FROM --platform=$BUILDPLATFORM golang:1.23 AS go',
  'ARG BASE', 'ARG V=1.2.3', 'ENV PATH=/opt/bin:$PATH', 'ENV A="x y" B=\'z\' C', 'ENV LEGACY value with spaces', 'WORKDIR /app', 'WORKDIR $HOME/../x', 'USER 1000:1000', 'USER ${U}',
  'RUN apt-get update && apt-get install -y curl git && rm -rf /var/lib/apt/lists/*', 'RUN apk add --no-cache --virtual .deps gcc musl-dev && apk del .deps',
  'RUN pip install -r requirements.txt', 'RUN npm ci && npm cache clean --force', 'RUN --mount=type=cache,target=/root/.cache pip install flask', 'RUN ["sh", "-c", "echo hi"]',
  'RUN set -eux; \\\n  a=1; \\\n  if [ "$TARGETARCH" = arm64 ]; then b=2; else b=3; fi; \\\n  echo $a$b', 'RUN curl -fsSL https://example.com/x.tar.gz | tar -xz -C /opt && rm -rf /tmp/*',
  'RUN <<EOF\napt-get update\napt-get install -y jq\nEOF', 'RUN <<-"EOT" bash\n\techo "$X"\nEOT', 'COPY <<EOF /etc/app.conf\nkey=value\nEOF', 'COPY . .', 'COPY --from=build /out /usr/local/bin/',
  'COPY --chown=1000:1000 --chmod=755 app /app', 'COPY --exclude=*.md . /src', 'ADD https://example.com/a.tar.gz /tmp/', 'ADD --checksum=sha256:00 x.tgz /', 'RUN chown -R 1000 /app && chmod -R 755 /app',
  'RUN rm -rf /[z-a]', 'COPY [z-a] /x', 'ONBUILD RUN pip install flask', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'HEALTHCHECK CMD curl -f http://localhost/ || exit 1', 'CMD ["app"]',
  'ENTRYPOINT exec app', 'EXPOSE 80/tcp', 'VOLUME ["/data"]', 'LABEL a=b', 'STOPSIGNAL SIGTERM', '# size-hints ignore=apt-lists-kept', '# syntax=docker/dockerfile:1', '# escape=`',
  'RUN a="$a$a" && a="$a$a" && echo $a', 'RUN cd /tmp && make && make install && make clean', 'RUN useradd -u 99999999 -m x', 'RUN sudo -u x sh -c \'npm i -g yarn\'',
];

const ODD = ['\\', '`', '"', "'", '$(', '${', '}', ')', '((', '<<', '<<EOF', '&&', '||', '|', ';', '&', '#', '\t', '\u0000', '\u001b[2J', '\ufeff', 'é', '\u2028', '\r', '\\\n', '`\n', '--', '--mount=', '--mount=type=cache,target=', '--from=', '--platform=', '--chmod=99999', '--=', '[', ']', '*', '**', '?', '[!a-', '{a,b}', '%', '::error::x', '\x7f'];

function pick<T>(r: () => number, a: readonly T[]): T {
  return a[Math.floor(r() * a.length)]!;
}

function mutate(r: () => number, text: string): string {
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(r() * (text.length + 1));
    const m = r();
    if (m < 0.3) text = text.slice(0, at) + pick(r, ODD) + text.slice(at);
    else if (m < 0.45) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 20));
    else if (m < 0.55) text = text.slice(0, at); // cut short: unterminated quotes, heredocs, continuations
    else if (m < 0.62) text = text.slice(0, at) + pick(r, ['x', 'a/', '$V', '\\ ']).repeat(500 + Math.floor(r() * 5000)) + text.slice(at); // huge word
    else if (m < 0.7) text = text.replace(/\n/g, '\r\n');
    else if (m < 0.75) text = '\ufeff' + text;
    else if (m < 0.85) {
      const lines = text.split('\n');
      const i = Math.floor(r() * lines.length);
      lines.splice(i, 0, lines[Math.floor(r() * lines.length)] ?? '');
      text = lines.join('\n');
    } else text = text.slice(0, at) + ' ' + pick(r, SHAPES) + ' ' + text.slice(at);
  }
  return text;
}

/** The i-th case of a seed: 1–12 instructions (real or shaped), half of them mutated. */
export function fuzzCase(seed: number, i: number): string {
  const r = rng((seed * 1_000_003 + i) >>> 0);
  const real = realInstructions();
  const parts: string[] = [];
  if (r() < 0.8) parts.push(pick(r, SHAPES.slice(0, 6)));
  const count = 1 + Math.floor(r() * 12);
  for (let k = 0; k < count; k++) parts.push(r() < 0.6 ? pick(r, real) : pick(r, SHAPES));
  let text = parts.join(r() < 0.9 ? '\n' : pick(r, ['\n\n', ' \\\n  ', '\r\n', '\n#c\n']));
  if (r() < 0.5) text = mutate(r, text);
  return text;
}
