/**
 * "Compare with a built image" through podman (issue 15's podman path): an image built by podman in
 * the private storage of test/docker/engine.mjs, read with `--engine podman` and an `--engine-path`
 * wrapper that points podman at that storage. Checks the Buildah-style history mapping, per-layer
 * sizes against `podman history`, the shipped deletion read from `podman save`, and the CLI.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { localFrom, startEngine, type Engine } from '../docker/engine.mjs';
import { analyzeDockerfile } from '../../server/src/core/analyze';
import { compareWithBuilt } from '../../server/src/core/builtImage/compare';
import { inspectBuiltImage, listImages, type EngineOptions } from '../../server/src/engine/engine';
import { cli, validateJsonReport } from '../cli/helpers';

const FILE = `FROM debian:bookworm
RUN head -c 3000000 /dev/urandom > /blob && mkdir /app && head -c 200000 /dev/urandom > /app/data
COPY note.txt /app/note.txt
WORKDIR /app
RUN rm /blob
`;
const IMAGE = 'localhost/dsh-test/podman:1';

let engine: Engine;
let dir: string;
let opts: EngineOptions;

before(async () => {
  engine = await startEngine({ podman: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podman-built-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), FILE);
  fs.writeFileSync(path.join(dir, 'note.txt'), 'x'.repeat(10_000));
  fs.writeFileSync(path.join(dir, 'Dockerfile.build'), localFrom(FILE));
  const b = await engine.podman(['build', '--network', 'host', '--format', 'docker', '-q', '-f', path.join(dir, 'Dockerfile.build'), '-t', IMAGE, dir]);
  assert.equal(b.code, 0, b.stderr);
  // What a user with a non-default podman storage would do: a wrapper script as the engine path.
  const wrapper = path.join(dir, 'podman');
  const quoted = engine.podmanArgs.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec podman ${quoted} "$@"\n`, { mode: 0o755 });
  opts = { engine: 'podman', path: wrapper };
});

after(async () => {
  await engine?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('podman: history maps to the lines, per-layer sizes are podman history\'s', async () => {
  const built = await inspectBuiltImage(IMAGE, { ...opts, layers: false });
  assert.equal(built.engine, 'podman');
  const c = compareWithBuilt(analyzeDockerfile(FILE, {}), built);
  assert.equal(c.mismatch, undefined);
  const history = (await engine.podman(['history', '--no-trunc', '--format', 'json', IMAGE])).stdout;
  const sizes = (JSON.parse(history) as { size: number }[]).map((r) => r.size).reverse();
  assert.deepEqual(c.layers.map((l) => l.builtBytes), sizes.slice(sizes.length - c.layers.length));
  const at = (line: number) => c.layers.find((l) => l.line + 1 === line)!;
  assert.ok(at(2).builtBytes >= 3_200_000 && at(2).builtBytes < 3_400_000, `line 2: ${at(2).builtBytes}`);
  assert.ok(at(3).builtBytes >= 10_000 && at(3).builtBytes < 20_000, `line 3: ${at(3).builtBytes}`);
  const { images } = await listImages(opts);
  assert.ok(images.some((i) => i.ref === IMAGE), JSON.stringify(images.map((i) => i.ref)));
});

test('podman: the shipped deletion is read from podman save and put on its lines', async () => {
  const built = await inspectBuiltImage(IMAGE, { ...opts, layers: true });
  const c = compareWithBuilt(analyzeDockerfile(FILE, {}), built);
  const w = c.waste.find((x) => x.createdLine === 1 && x.removedLine === 4 && x.action === 'deleted');
  assert.equal(w?.bytes, 3_000_000, JSON.stringify(c.waste));
  assert.ok(c.image.efficiency! > 0 && c.image.efficiency! < 1);
});

test('podman: CLI --engine podman --engine-path reports built sizes and the waste', () => {
  const df = path.join(dir, 'Dockerfile');
  const json = cli([df, '--image', IMAGE, '--engine', 'podman', '--engine-path', opts.path!, '--format', 'json']);
  assert.equal(json.status, 0, json.stderr);
  assert.equal(validateJsonReport(JSON.parse(json.stdout)), '');
  const file = JSON.parse(json.stdout).files[0];
  assert.ok(file.image.builtBytes > 0);
  assert.ok(file.built.waste.some((w: { bytes: number; line: number; removedAtLine: number }) => w.bytes === 3_000_000 && w.line === 2 && w.removedAtLine === 5), JSON.stringify(file.built));
  const text = cli([df, '--image', IMAGE, '--engine', 'podman', '--engine-path', opts.path!]);
  assert.match(text.stdout, /Built image localhost\/dsh-test\/podman:1 \([0-9a-f]+, podman\)/);
  assert.match(text.stdout, /3 MB created at line 2 deleted at line 5 but still shipped/);
});
