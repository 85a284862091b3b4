/**
 * The FROM images a Dockerfile names that the bundled base-image data lacks: what the callers look up
 * in the images' registries (network look-ups on) before the model is built, so the model can read
 * the answers synchronously (ModelEnvironment.registryImage).
 */
import { lookupBaseImage } from '../data/baseImages';
import type { ParsedDockerfile } from '../parse/dockerfile';

export function unknownBaseImages(parsed: ParsedDockerfile, platform: string): { image: string; platform: string }[] {
  const out = new Map<string, { image: string; platform: string }>();
  for (const s of parsed.stages) {
    const image = s.resolvedImage;
    if (s.parentStage !== undefined || !image || image.includes('$') || image.toLowerCase() === 'scratch') continue;
    const p = s.platform && !s.platform.includes('$') ? s.platform : platform;
    if (lookupBaseImage(image, p)) continue;
    out.set(`${image}|${p}`, { image, platform: p });
  }
  return [...out.values()];
}
