/**
 * "Compare with a built image" against a real Docker Engine (test/engine/dockerd.ts): build small
 * images, then check the history mapping and per-layer sizes against `docker history`, the shipped
 * deletions against a direct reading of the saved layer tars with GNU tar, the CLI's outputs and
 * gates, and the language server's diagnostics, hover and inlay hints. `npm run test:engine`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startTestEngine, startTestRegistry, type TestEngine } from './dockerd';
import { analyzeDockerfile } from '../../server/src/core/analyze';
import { compareWithBuilt } from '../../server/src/core/builtImage/compare';
import { inspectBuiltImage, listImages } from '../../server/src/engine/engine';
import { cli, validateJsonReport } from '../cli/helpers';
import { startServer } from '../protocol/lspClient';

let engine: TestEngine;
let dir: string;

const FILE = `FROM debian:bookworm AS build
RUN echo built > /out.txt

FROM debian:bookworm
RUN head -c 4000000 /dev/urandom > /blob && mkdir /app && head -c 500000 /dev/urandom > /app/data
COPY big.bin /opt/big.bin
COPY --from=build /out.txt /out.txt
RUN rm -f /blob
RUN chown -R nobody /app
WORKDIR /app
RUN rm /opt/big.bin
`;
const LINE = { create: 5, copyBig: 6, rmBlob: 8, chown: 9, rmBig: 11 };

before(async () => {
  engine = await startTestEngine();
  process.env.DOCKER_HOST = engine.host;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'built-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), FILE);
  fs.writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(2_000_000, 7));
  // The build uses the local base; the file as written names debian:bookworm (what users write).
  fs.writeFileSync(path.join(dir, 'Dockerfile.build'), FILE.replace(/FROM debian:bookworm/g, `FROM ${engine.baseImage}`));
  engine.docker(['build', '--network', 'host', '-q', '-f', 'Dockerfile.build', '-t', 'dsh-test/waste:1', '.'], { cwd: dir });
});

after(async () => {
  await engine?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('history maps to the lines, per-layer sizes are docker history\'s', async () => {
  const built = await inspectBuiltImage('dsh-test/waste:1', { layers: false });
  const c = compareWithBuilt(analyzeDockerfile(FILE, {}), built);
  assert.equal(c.mismatch, undefined);
  const history = engine
    .docker(['history', '--no-trunc', '--human=false', '--format', '{{.Size}}', 'dsh-test/waste:1'])
    .trim()
    .split('\n')
    .map(Number)
    .reverse();
  assert.deepEqual(
    c.layers.map((l) => l.builtBytes),
    history.slice(history.length - c.layers.length),
  );
  const at = (line: number) => c.layers.find((l) => l.line + 1 === line)!;
  assert.ok(at(LINE.create).builtBytes >= 4_500_000 && at(LINE.create).builtBytes < 4_700_000, `line ${LINE.create}: ${at(LINE.create).builtBytes}`);
  assert.ok(at(LINE.copyBig).builtBytes >= 2_000_000);
  assert.equal(at(LINE.rmBlob).builtBytes, 0);
  assert.equal(c.image.builtBytes, Number(JSON.parse(engine.docker(['image', 'inspect', 'dsh-test/waste:1']))[0].Size));
});

/** Files and whiteouts of every layer, read with GNU tar from `docker save` (an independent reading). */
function layersByTar(image: string): { files: Map<string, number>; whiteouts: string[] }[] {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'save-'));
  try {
    const archive = path.join(work, 'image.tar');
    engine.docker(['save', '-o', archive, image]);
    execFileSync('tar', ['-C', work, '-xf', archive]);
    const manifest = JSON.parse(fs.readFileSync(path.join(work, 'manifest.json'), 'utf8'))[0] as { Layers: string[] };
    return manifest.Layers.map((l) => {
      const listing = execFileSync('tar', ['-tvf', path.join(work, l)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      const files = new Map<string, number>();
      const whiteouts: string[] = [];
      for (const line of listing.split('\n')) {
        const m = /^(\S)\S+\s+\S+\s+(\d+)\s+\S+\s+\S+\s+(.*?)(?: -> .*| link to .*)?$/.exec(line);
        if (!m) continue;
        const p = m[3]!.replace(/^\.?\//, '');
        const base = p.split('/').pop()!;
        if (base.startsWith('.wh.')) whiteouts.push(p.replace(/\.wh\.([^/]*)$/, '$1'));
        else if (m[1] === '-') files.set(p, Number(m[2]));
      }
      return { files, whiteouts };
    });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

test('shipped deletions and rewrites match a direct reading of the layer tars, attributed to lines', async () => {
  const built = await inspectBuiltImage('dsh-test/waste:1', { layers: true });
  const c = compareWithBuilt(analyzeDockerfile(FILE, {}), built);
  const tars = layersByTar('dsh-test/waste:1');
  assert.equal(built.waste!.layerBytes.length, tars.length);
  // Per layer, the regular-file bytes our streaming reader saw are GNU tar's.
  assert.deepEqual(built.waste!.layerBytes, tars.map((t) => [...t.files.values()].reduce((a, b) => a + b, 0)));
  const blobLayer = tars.findIndex((t) => t.files.get('blob') === 4_000_000);
  const rmLayer = tars.findIndex((t) => t.whiteouts.includes('blob'));
  assert.ok(blobLayer >= 0 && rmLayer > blobLayer);
  const find = (createdLine: number, removedLine: number, action: string) => c.waste.find((w) => w.createdLine === createdLine - 1 && w.removedLine === removedLine - 1 && w.action === action);
  assert.equal(find(LINE.create, LINE.rmBlob, 'deleted')?.bytes, 4_000_000);
  assert.equal(find(LINE.create, LINE.chown, 'rewritten')?.bytes, 500_000);
  assert.equal(find(LINE.copyBig, LINE.rmBig, 'deleted')?.bytes, 2_000_000);
  assert.ok(c.image.efficiency! > 0 && c.image.efficiency! < 1);
  // dive counts every copy of a path seen in two or more layers.
  assert.ok(c.image.builtWastedBytes! >= 4_000_000 + 2 * 500_000 + 2_000_000, String(c.image.builtWastedBytes));
});

test('an image built from another revision of the file is said not to match', async () => {
  const other = FILE.replace('WORKDIR /app', 'EXPOSE 8080');
  const c = compareWithBuilt(analyzeDockerfile(other, {}), await inspectBuiltImage('dsh-test/waste:1', { layers: false }));
  assert.match(c.mismatch ?? '', /line 10 is EXPOSE but the image has WORKDIR/);
});

test('listImages finds the built image; a missing image is one clear error', async () => {
  const { images } = await listImages();
  assert.ok(images.some((i) => i.ref === 'dsh-test/waste:1'));
  await assert.rejects(inspectBuiltImage('dsh-test/nope:0'), /has no image 'dsh-test\/nope:0'/);
});

test('CLI --image: built sizes in text and JSON, dive gates, one-line errors', () => {
  const df = path.join(dir, 'Dockerfile');
  const env = { DOCKER_HOST: engine.host };
  const json = cli([df, '--image', 'dsh-test/waste:1', '--format', 'json'], { env });
  assert.equal(json.status, 0, json.stderr);
  assert.equal(validateJsonReport(JSON.parse(json.stdout)), '');
  const file = JSON.parse(json.stdout).files[0];
  assert.ok(file.image.builtBytes > 0);
  assert.ok(file.image.efficiency > 0 && file.image.efficiency < 1);
  assert.ok(file.image.builtWastedBytes >= 7_000_000);
  const shipped = file.stages.find((s: { ships: boolean }) => s.ships);
  const layer = shipped.layers.find((l: { line: number }) => l.line === LINE.create);
  assert.ok(layer.builtBytes >= 4_500_000);
  assert.ok(file.built.waste.some((w: { line: number; removedAtLine: number; bytes: number }) => w.line === LINE.create && w.removedAtLine === LINE.rmBlob && w.bytes === 4_000_000));
  const text = cli([df, '--image', 'dsh-test/waste:1', '--no-color'], { env });
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /Built image dsh-test\/waste:1/);
  assert.match(text.stdout, /4 MB created at line 5 deleted at line 8 but still shipped \(\/blob\)/);
  const gated = cli([df, '--image', 'dsh-test/waste:1', '--min-efficiency', '99%', '--max-built-wasted', '1MB'], { env });
  assert.equal(gated.status, 1);
  assert.match(gated.stdout, /efficiency is [\d.]+ %, under the --min-efficiency of 99\.0 %/);
  assert.match(gated.stdout, /over the --max-built-wasted budget of 1 MB/);
  const missing = cli([df, '--image', 'dsh-test/nope:0'], { env });
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
  assert.match(missing.stderr, /--image dsh-test\/nope:0: docker has no image/);
  const noEngine = cli([df, '--image', 'dsh-test/waste:1', '--engine', 'docker', '--engine-path', '/nonexistent/docker'], { env });
  assert.equal(noEngine.status, 2);
  assert.match(noEngine.stderr, /no container engine answered/);
});

test('language server: compare request, real-waste diagnostics, hover and inlay hints', async () => {
  const server = await startServer();
  try {
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).toString();
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: FILE } });
    await server.diagnostics(uri);
    const progress: number[] = [];
    server.connection.onNotification('sizeHints/compareProgress', (p: { bytes: number }) => {
      progress.push(p.bytes);
    });
    const result = (await server.connection.sendRequest('sizeHints/compareWithImage', { uri, image: 'dsh-test/waste:1' })) as { ok: boolean; message: string };
    assert.equal(result.ok, true, result.message);
    assert.match(result.message, /efficiency/);
    const diags = await server.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'built-image-waste'));
    const real = diags.diagnostics.filter((d) => d.code === 'built-image-waste');
    assert.ok(real.some((d) => d.range.start.line === LINE.create - 1 && /4 MB created here are deleted at line 8 but still shipped/.test(String(d.message))));
    const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: LINE.create - 1, character: 3 } })) as { contents: { kind: string; value: string } };
    assert.match(hover.contents.value, /\*\*Built\*\* `dsh-test\/waste:1` \(docker\): 4\.\d+ MB · estimated/);
    const hints = (await server.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } })) as { label: string; position: { line: number } }[];
    assert.ok(hints.some((h) => h.position.line === LINE.create - 1 && / · built 4\.\d+ MB$/.test(h.label)), JSON.stringify(hints));
    const summary = (await server.connection.sendRequest('sizeHints/summary', { uri })) as { built?: { builtBytes: number } };
    assert.ok(summary.built && summary.built.builtBytes > 0);
  } finally {
    await server.stop();
  }
});

test('registry look-up: a FROM image the data lacks is sized from a real registry (CLI --network, server)', async () => {
  const registry = await startTestRegistry();
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'regcache-'));
  try {
    const ref = `${registry.host}/dsh/waste:1`;
    engine.docker(['tag', 'dsh-test/waste:1', ref]);
    engine.docker(['push', ref]);
    // What the registry holds: the pushed manifest's compressed layer sizes (read back with the engine's own tools).
    const manifest = JSON.parse(engine.docker(['manifest', 'inspect', '--insecure', ref])) as { layers: { size: number }[] };
    const compressed = manifest.layers.reduce((a, l) => a + l.size, 0);
    const df = path.join(dir, 'Dockerfile.registry');
    fs.writeFileSync(df, `FROM ${ref}\nRUN echo hi > /x\n`);
    const env = { DOCKER_HOST: engine.host, XDG_CACHE_HOME: cache };
    const off = cli([df, '--format', 'json'], { env });
    // Without --network nothing is looked up: the base is unknown, only the RUN layer's few bytes count.
    assert.ok(JSON.parse(off.stdout).files[0].image.compressedBytes < 10_000, off.stdout.slice(0, 300));
    const on = cli([df, '--format', 'json', '--network'], { env });
    assert.equal(on.status, 0, on.stderr);
    const file = JSON.parse(on.stdout).files[0];
    assert.ok(file.image.compressedBytes >= compressed && file.image.compressedBytes - compressed < 20_000, `${file.image.compressedBytes} vs ${compressed}`);
    assert.equal(file.stages[0].layers.length, 1);
    const text = cli([df, '--network', '--no-color'], { env });
    assert.match(text.stdout, new RegExp(`FROM ${registry.host.replace(/\./g, '\\.')}/dsh/waste:1`));
    // Cached on disk: a second run with the registry gone still knows the size.
    await registry.stop();
    const cached = cli([df, '--format', 'json', '--network'], { env });
    assert.equal(JSON.parse(cached.stdout).files[0].image.compressedBytes, file.image.compressedBytes);
  } finally {
    await registry.stop().catch(() => undefined);
    fs.rmSync(cache, { recursive: true, force: true });
  }
});
