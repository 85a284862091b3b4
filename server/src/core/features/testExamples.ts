/** Test helper: analyses an example (examples/<name>/Dockerfile) the way the CLI does, build context included. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDockerfile, type Analysis, type AnalysisSettings } from '../analyze';
import { BuildContext } from '../context/buildContext';

export const EXAMPLES = path.resolve(__dirname, '../../../../examples');

export function exampleNames(): string[] {
  return fs.readdirSync(EXAMPLES).filter((n) => fs.existsSync(path.join(EXAMPLES, n, 'Dockerfile'))).sort();
}

export function analyzeExample(name: string, settings: AnalysisSettings = {}): Analysis {
  const file = path.join(EXAMPLES, name, 'Dockerfile');
  return analyzeDockerfile(fs.readFileSync(file, 'utf8'), settings, { context: new BuildContext(path.dirname(file), file) });
}

/** Analyses `dockerfile` with a temporary build context holding `files` (name → content or byte count). */
export function analyzeWithContext(dockerfile: string, files: Record<string, string | number>): Analysis {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'size-hints-features-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), typeof content === 'number' ? Buffer.alloc(content, 120) : content);
    }
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, dockerfile);
    return analyzeDockerfile(dockerfile, {}, { context: new BuildContext(dir, file) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The first instruction whose text starts with `prefix`. */
export function instructionOn(a: Analysis, prefix: string) {
  const i = a.parsed.instructions.find((x) => a.parsed.text.slice(x.start, x.end).startsWith(prefix));
  if (!i) throw new Error(`no instruction starting with ${prefix}`);
  return i;
}
