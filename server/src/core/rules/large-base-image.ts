// Rule: large-base-image
// The shipped stage starts FROM a full image when a smaller official variant of the same version exists.
import { exactBaseImageKey, parseImageRef, smallerVariants, type SmallerVariant } from '../data/baseImages';
import { formatBytes } from '../model/format';
import { argOffset, runsApplication } from './layerHelpers';
import type { LayerEntry } from '../model/estimators/runContext';
import type { StageModel } from '../model/types';
import type { ParsedInstruction } from '../parse/dockerfile';
import type { Fix, Rule, RuleContext } from './types';
import { waste } from './types';

export const largeBaseImage: Rule = {
  meta: {
    id: 'large-base-image',
    defaultSeverity: 'info',
    description: 'A smaller official variant (slim, alpine) of the same image and version exists.',
    fixable: true,
    shippedOnly: true,
  },
  check(ctx) {
    const { text } = ctx.parsed;
    for (const stage of ctx.model.stages) {
      if (!stage.ships || stage.base.parentStage !== undefined || !stage.base.known || !stage.base.key) continue;
      // Only full variants: slim → alpine swaps libc, that is a different decision than dropping extras.
      const tag = stage.base.key.slice(stage.base.key.lastIndexOf(':') + 1);
      if (/slim|alpine|-curl$|-scm$|minimal|distroless/.test(tag)) continue;
      // The data stands in another tag for the one written (python:3.7-slim-stretch → python:latest): its
      // variants are another version or variant than the user's, so say nothing (issue 14: tag fallbacks).
      const written = stage.parsed.image;
      const writtenTag = written.includes(':') ? written.slice(written.lastIndexOf(':') + 1) : 'latest';
      // A patch-level stand-in (python:3.12.7 → python:3.12) is the same version; python:latest for 3.7 is not.
      const sameVersion = exactBaseImageKey(written) === stage.base.key || writtenTag === tag || writtenTag.startsWith(tag + '.') || writtenTag.startsWith(tag + '-');
      if (/slim|alpine|minimal|distroless/.test(writtenTag) || (!written.includes('$') && !sameVersion)) continue;
      const platform = ctx.model.options.platform;
      // Real variants only: compiler images' "multi-stage to scratch" advice belongs to build-tools-in-final-image.
      // `:latest` is another version, not a variant of this one.
      const variants = smallerVariants(stage.base.image, platform).filter((v) => !/^not a variant/.test(v.tradeOff) && !v.key.endsWith(':latest'));
      const best = variants[0];
      if (!best) continue;
      const saves = best.savesUncompressedBytes ?? best.savesBytes;
      if (saves === undefined || saves <= 0) continue;
      const from = stage.parsed.from;
      const at = argOffset(text, from, written);
      const also = variants.slice(1, 2).map((v) => `, ${v.key} ${formatBytes(v.savesUncompressedBytes ?? v.savesBytes ?? 0)}`).join('');
      ctx.report({
        instruction: from,
        start: at >= 0 ? at : from.start,
        end: at >= 0 ? at + written.length : from.end,
        message: `${stage.base.key} has a smaller official variant of the same version: ${best.key} saves ≈ ${formatBytes(saves)}${also} (${best.tradeOff}).`,
        waste: waste(saves, saves * 0.9, saves * 1.1),
        // A hint unless the stage clearly runs an app (a toolchain or dev image needs its extras), and
        // alpine is another libc, not the same image made smaller.
        severity: runsApplication(ctx.model.stages, stage) && !/alpine/.test(best.key) ? undefined : 'hint',
        fixes: at >= 0 ? variantFix(text, from, written, at, best, installsOpenJdk(ctx, stage)) : [],
      });
    }
  },
};

/**
 * Does the stage, or a stage built on it, apt-install an OpenJDK (directly or as a dependency: default-jdk, maven, ant)?
 * Its postinst registers alternatives whose man pages it keeps under /usr/lib/jvm, so update-alternatives links them
 * into /usr/share/man/man1 — which a Debian slim image does not have (debuerreotype-slimify deletes the emptied
 * folders), and the install fails in dpkg (debuerreotype/docker-debian-artifacts#24; built: r-maven-repo-kept).
 */
function installsOpenJdk(ctx: RuleContext, stage: StageModel): boolean {
  const chain = new Set([stage.index]);
  for (const s of ctx.model.stages) if (s.base.parentStage !== undefined && chain.has(s.base.parentStage)) chain.add(s.index);
  return ctx.model.stages.some((s) => chain.has(s.index) && s.layers.some((l) => (l.created as LayerEntry[]).some((e) => e.kind === 'packages' && [...(e.members?.keys() ?? [])].some((p) => OPENJDK.test(p)))));
}
const OPENJDK = /^openjdk-\d+-(jre|jdk)(-headless)?$/;
const MAN1 = 'RUN mkdir -p /usr/share/man/man1';

/**
 * Rewrites only the tag as written (`python:3.12` → `python:3.12-slim`), keeping registry and repository spelling; with
 * `openJdk` (installsOpenJdk) and a slim variant also adds `RUN mkdir -p /usr/share/man/man1` after the FROM.
 */
function variantFix(text: string, from: ParsedInstruction, written: string, at: number, variant: SmallerVariant, openJdk: boolean): Fix[] {
  if (written.includes('$') || written.includes('@')) return [];
  // A tag the data only approximates (`3.12-bookworm`): each image spells its suite variants its own
  // way (`3.12-slim-bookworm`, `22-bookworm-slim`), so do not guess a tag that may not exist.
  if (!exactBaseImageKey(written)) return [];
  const ref = parseImageRef(written);
  const colon = written.lastIndexOf(':');
  const hasTag = colon > written.lastIndexOf('/');
  const base = hasTag ? written.slice(0, colon) : written;
  const tag = ref.tag ?? 'latest';
  const variantTag = variant.key.slice(variant.key.lastIndexOf(':') + 1);
  // Prefer the tag a person would write (`3.12-slim`) when it names the same image as the data key.
  const candidates = [`${tag}-slim`, `${tag.replace(/-slim$/, '')}-alpine`, tag === 'latest' ? 'slim' : '', tag === 'latest' ? 'alpine' : '', variantTag].filter(Boolean);
  const newTag = candidates.find((c) => exactBaseImageKey(`${ref.repository}:${c}`) === variant.key) ?? variantTag;
  const replacement = `${base}:${newTag}`;
  const manDir = openJdk && /slim/.test(newTag);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return [
    {
      title: `Use ${replacement} (smaller; may break the build: ${variant.tradeOff.split(':')[0]})${manDir ? `, and add \`${MAN1}\`: OpenJDK's postinst links its man pages there, a folder the slim image lacks` : ''}`,
      edits: [{ start: at, end: at + written.length, newText: replacement }, ...(manDir ? [{ start: from.end, end: from.end, newText: `${eol}${MAN1}` }] : [])],
      isPreferred: false,
      kind: 'refactor',
    },
  ];
}
