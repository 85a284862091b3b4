/**
 * The fix corpus (test/builds/corpus/<case>/): what each case is and which Dockerfile texts a real-build run
 * builds for it. Shared by the runner (run.mjs, needs an engine) and corpus.test.ts (no engine).
 *   <case>/Dockerfile     analysed as written (FROM debian:bookworm, or fedora/rockylinux/almalinux/opensuse for the
 *                         dnf/yum/zypper cases); the build rewrites FROM to the local image (../docker/engine.mjs localFrom)
 *   <case>/probe          a shell command run in every built image: it shows the image still does its job
 *   <case>/expect-fail    the original must fail to build (the reason inside); every fix must fail too
 *   <case>/context/       the build context (default: an empty folder)
 *   <case>/skip           the builders here cannot build it (the reason inside): analysed, not built
 *   <case>/case.json      { classes: issue-13 failure classes, tags: hard cases, all: build FROM-swap/BuildKit fixes too }
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeDockerfile } from '../../server/src/core/analyze';
import { fixAll } from '../../server/src/core/fixes/fixAll';
import { applyEdits } from '../../server/src/core/fixes/applyEdits';
import { BuildContext } from '../../server/src/core/context/buildContext';
import type { ModelEnvironment } from '../../server/src/core/model/sizeModel';

export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'corpus');

/** Why the apk rules are not built (checked 2026-12-05; see README.md here). */
const APK_UNBUILDABLE = 'Alpine: no apk binary can be had here: Debian (bookworm, trixie, sid) packages no apk-tools (alpine-chroot-install downloads it from an Alpine mirror), the npm registry has none, and no Alpine mirror or image is reachable';

/**
 * Fixable rules no build here can exercise (no image or registry for their tool), with the reason.
 * Every other rule with `fixable: true` must offer a fix in at least one case (corpus.test.ts checks).
 */
export const UNBUILDABLE_RULES: Record<string, string> = {
  'apk-no-cache': APK_UNBUILDABLE,
  'apk-build-deps-kept': APK_UNBUILDABLE,
  'conda-cache-kept': 'conda: not in Debian (no conda, mamba or micromamba package in bookworm or trixie, checked 2026-12-06), and its channels are not reachable',
  'uv-cache-kept': 'uv: not in Debian bookworm or trixie (checked 2026-12-06), no uv binary on npm (the npm package `uv` is unrelated), and PyPI is not reachable',
  'cuda-devel-image': 'nvidia/cuda images: not reachable from this machine, and the fix is a suggestion only',
  'jdk-for-jre': 'JDK/JRE images are not Debian bookworm cases (FROM must be debian:bookworm); the fix is a suggestion only',
  'useradd-lastlog': 'silent on bookworm: shadow 4.13 writes no lastlog/faillog records (measured 0 B), so no bookworm case has a fix',
};

export interface CaseMeta {
  classes?: number[];
  tags?: string[];
  all?: boolean;
}

export interface Case {
  name: string;
  dir: string;
  text: string;
  probe?: string;
  expectFail?: string;
  skip?: string;
  meta: CaseMeta;
  context?: string;
}

export interface Variant {
  text: string;
  /** 'original', 'fix-all [rules]', or 'fix <rule>: <title>' / 'refactor <rule>: <title>' (one text can have several). */
  labels: string[];
}

export function loadCases(filter?: string): Case[] {
  return readdirSync(CORPUS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()
    .filter((n) => !filter || n.includes(filter))
    .map((name) => {
      const dir = join(CORPUS_DIR, name);
      const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : undefined);
      const meta = read('case.json');
      return {
        name,
        dir,
        text: read('Dockerfile') ?? '',
        probe: read('probe')?.trim(),
        expectFail: read('expect-fail')?.trim(),
        skip: read('skip')?.trim(),
        meta: meta ? (JSON.parse(meta) as CaseMeta) : {},
        context: existsSync(join(dir, 'context')) ? join(dir, 'context') : undefined,
      };
    });
}

/** Syntax the classic builder cannot build: such texts go to BuildKit (or podman/buildah with DSH_BUILDKIT=podman). */
export function needsBuildKit(text: string): boolean {
  return /^\s*#\s*syntax\s*=/im.test(text)
    || /^\s*RUN\s+(?:--\w+(?:=\S+)?\s+)*--mount\b/im.test(text)
    || /^\s*(?:COPY|ADD)\b[^\n]*--(?:chmod|link|exclude|parents)\b/im.test(text)
    || needsHeredoc(text);
}

/** Heredocs (`RUN <<EOF`, `COPY <<EOF`): BuildKit's Dockerfile 1.4+; buildah 1.28 reads their bodies as instructions. */
export function needsHeredoc(text: string): boolean {
  return /^\s*(?:RUN|COPY|ADD)\b[^\n]*<<-?\s*["']?[A-Za-z_]\w*/im.test(text);
}

/**
 * Which builder builds a variant: the classic builder (bookworm's dockerd) unless the original or the variant
 * needs BuildKit syntax; then BuildKit itself (trixie's dockerd 26, the builder of every Docker Engine since 23),
 * or with `podman` podman (buildah 1.28: cache mounts and COPY --chmod, not heredocs, which stay with BuildKit).
 */
export function builderFor(origText: string, text: string, { podman = false } = {}): 'docker' | 'podman' | 'buildkit' {
  const t = [origText, text];
  if (!t.some(needsBuildKit)) return 'docker';
  return podman && !t.some(needsHeredoc) ? 'podman' : 'buildkit';
}

/**
 * The text without its `# syntax=` directive: BuildKit would pull that frontend image from Docker Hub (not
 * reachable here), so the built copy uses dockerd 26's built-in Dockerfile 1.x frontend. The BOM and the
 * other directives (escape, check) stay where they are.
 */
export function withoutSyntaxDirective(text: string): string {
  const m = /^(\uFEFF?)((?:[ \t]*#[^\n]*\n)*)/.exec(text)!;
  let removed = false;
  const directives = m[2].split(/(?<=\n)/).filter((line) => {
    if (removed || !/^[ \t]*#[ \t]*syntax[ \t]*=/i.test(line)) return true;
    removed = true;
    return false;
  });
  return m[1] + directives.join('') + text.slice(m[0].length);
}

export interface CaseVariants {
  list: Variant[];
  /** Rules that offered a fix that is built. */
  rules: string[];
  /** Rules of every finding of the original. */
  findings: string[];
  /** Rules that offered any fix (built or not). */
  offered: string[];
  /** FROM swaps (large-base-image) not built because the case does not ask for them. */
  skipped: number;
}

/** original, fix-all, and every fix of every finding (quick fixes and refactors), deduplicated by text. */
export function variants(c: Case, { all = false } = {}): CaseVariants {
  const env: ModelEnvironment = c.context ? { context: new BuildContext(c.context, join(c.context, 'Dockerfile')) } : {};
  const { findings } = analyzeDockerfile(c.text, {}, env);
  const byText = new Map<string, string[]>([[c.text, ['original']]]);
  const add = (label: string, text: string) => {
    const labels = byText.get(text) ?? [];
    labels.push(label);
    byText.set(text, labels);
  };
  const fixed = fixAll(c.text, {}, env);
  add(`fix-all [${fixed.applied.map((a) => a.rule).join(', ') || 'nothing'}]`, fixed.text);
  const rules = new Set<string>();
  const offered = new Set<string>();
  let skipped = 0;
  for (const f of findings) {
    for (const fix of f.fixes) {
      if (!fix.edits.length) continue;
      offered.add(f.rule);
      const text = applyEdits(c.text, fix.edits);
      // The FROM swap is a refactor whose title says it may break the build (never in fix-all), and a full
      // rebuild of the case on another base: built where a case asks (case.json "all") or with --all. Every
      // other fix, every BuildKit cache mount included, is built in every case.
      if (!all && !c.meta.all && f.rule === 'large-base-image') {
        skipped++;
        continue;
      }
      rules.add(f.rule);
      add(`${fix.kind === 'refactor' ? 'refactor' : 'fix'} ${f.rule}: ${fix.title}`, text);
    }
  }
  return { list: [...byText].map(([text, labels]) => ({ text, labels })), rules: [...rules], findings: findings.map((f) => f.rule), offered: [...offered], skipped };
}
