// scanRawArguments (parse/dockerfile.ts) must be dockerfile-ast's own getRawArguments, value for value and range for
// range: checked on every Dockerfile in the repository (and /work/corpus-local when it is there) and on random texts
// made of the characters the scan treats specially (escapes of both kinds, continuations, CR/LF, comments, `$`).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { DockerfileParser, Instruction, Onbuild } from 'dockerfile-ast';
import { libraryRawArguments, scanRawArguments } from './dockerfile';

const ROOT = path.resolve(__dirname, '../../../..');

function files(dir: string, keep: (f: string) => boolean, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files(p, keep, out);
    else if (keep(e.name)) out.push(p);
  }
  return out;
}

const shape = (args: { getValue(): string; getRange(): unknown }[]) => args.map((a) => [a.getValue(), a.getRange()]);

/** Instructions that differ between the two scans, as messages (none when they agree). */
function differences(text: string): string[] {
  const out: string[] = [];
  const check = (i: Instruction) => {
    const ours = shape(scanRawArguments.call(i));
    const theirs = shape(libraryRawArguments(i));
    try {
      assert.deepStrictEqual(ours, theirs);
    } catch {
      out.push(`${JSON.stringify(i.getTextContent()).slice(0, 200)}: ${JSON.stringify(ours).slice(0, 300)} vs ${JSON.stringify(theirs).slice(0, 300)}`);
    }
  };
  for (const i of DockerfileParser.parse(text).getInstructions()) {
    check(i);
    if (i.getKeyword() === 'ONBUILD') {
      const t = (i as Onbuild).getTriggerInstruction();
      if (t) check(t);
    }
  }
  return out;
}

test('raw arguments: the scan equals dockerfile-ast on every Dockerfile of the repository and the local corpus', () => {
  const corpus = [
    ...files(path.join(ROOT, 'examples'), (f) => f === 'Dockerfile'),
    ...files(path.join(ROOT, 'test'), (f) => /dockerfile$/i.test(f) || f.endsWith('.Dockerfile')),
    ...files(path.join(ROOT, 'bench'), (f) => /dockerfile$/i.test(f) || f.endsWith('.Dockerfile')),
    ...files('/work/corpus-local', (f) => /dockerfile$/i.test(f) || f.endsWith('.Dockerfile')),
  ];
  assert.ok(corpus.length > 100, `${corpus.length} files`);
  let instructions = 0;
  for (const f of corpus) {
    const text = fs.readFileSync(f, 'utf8');
    instructions += DockerfileParser.parse(text).getInstructions().length;
    assert.deepEqual(differences(text), [], f);
  }
  assert.ok(instructions > 1000);
});

test('raw arguments: the scan equals dockerfile-ast on random texts (both escape characters)', () => {
  const piece = fc.constantFrom(
    'RUN ', 'ENV ', 'ARG ', 'COPY ', 'FROM x ', 'ONBUILD RUN ', 'LABEL ', 'HEALTHCHECK CMD ', 'RUN ["a", "b"]',
    ' ', '  ', '\t', '\n', '\r\n', '\r', '\\', '\\\n', '\\ \n', '\\\t\r\n', '\\ x', '`', '` \n', '`\n', '#', '# c\n', '$', '\\$', '`$',
    '"', "'", 'a', 'bc', 'PATH=/opt/x/bin:$PATH', '--mount=type=cache,target=/x', '=', '<<EOF\nbody\nEOF\n', 'x\\\n#c\ny', 'longer-argument-value',
  );
  const body = fc.array(piece, { maxLength: 40 }).map((a) => a.join(''));
  fc.assert(
    fc.property(fc.boolean(), body, (backtick, b) => {
      const text = `${backtick ? '# escape=`\n' : ''}FROM x\n${b}\nRUN ${b}\nENV ${b}`;
      assert.deepEqual(differences(text), []);
    }),
    { numRuns: 3000, seed: 16 },
  );
});
