// Large Dockerfiles for the scaling benchmark (npm run bench) and the linearity test: the issue's
// alternating RUN/ENV file, and real official-image Dockerfiles (test/fixtures/official) one after
// another (multi-stage, heredoc-free shell of every size), both cut to a line boundary near `bytes`.
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

/** `RUN apt-get … && rm -rf /var/lib/apt/lists/*` and `ENV VAR_i=… PATH=…:$PATH` lines in turn (issue 16's out-of-memory case). */
export function runEnvDockerfile(bytes: number): string {
  const lines = ['FROM debian:bookworm-slim'];
  let n = lines[0].length + 1;
  for (let i = 1; n < bytes; i++) {
    const l =
      i % 2
        ? `RUN apt-get update && apt-get install -y --no-install-recommends curl pkg-${i} && rm -rf /var/lib/apt/lists/*`
        : `ENV VAR_${i}=value-${i} PATH=/opt/tool-${i}/bin:$PATH`;
    lines.push(l);
    n += l.length + 1;
  }
  return lines.join('\n') + '\n';
}

/** The official-image fixtures concatenated until `bytes` (each starts with its own FROM: a stage each). */
export function officialMixDockerfile(bytes: number): string {
  const dir = path.join(ROOT, 'test/fixtures/official');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.Dockerfile'))
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8').replace(/\r\n/g, '\n').trimEnd() + '\n');
  let out = '';
  for (let i = 0; out.length < bytes; i++) out += files[i % files.length] + '\n';
  return out;
}

/** A finding with a fix on almost every line: apt lists and recommends kept, pip caches, consecutive RUNs to merge. */
export function findingsDockerfile(bytes: number): string {
  const lines = ['FROM python:3.12-slim-bookworm'];
  let n = lines[0].length + 1;
  for (let i = 1; n < bytes; i++) {
    const l =
      i % 3 === 1
        ? `RUN apt-get update && apt-get install -y curl pkg-${i}`
        : i % 3 === 2
          ? `RUN pip install requests==2.${i}.0`
          : `WORKDIR /app/dir-${i}`;
    lines.push(l);
    n += l.length + 1;
  }
  return lines.join('\n') + '\n';
}

/** One stage of consecutive RUNs, each under its own comment: one merge group of the whole file (the merge keeps every comment). */
export function commentedRunsDockerfile(bytes: number): string {
  const lines = ['FROM debian:bookworm-slim'];
  let n = lines[0].length + 1;
  for (let i = 1; n < bytes; i++) {
    const l = `# step ${i}: write its marker\nRUN mkdir -p /opt/step-${i} && echo done > /opt/step-${i}/marker`;
    lines.push(l);
    n += l.length + 1;
  }
  return lines.join('\n') + '\n';
}
