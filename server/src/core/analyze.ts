/**
 * The core's one entry point: Dockerfile text → parsed structure, size model and findings.
 * Pure apart from reading the build context (only when a context is given) and the shipped data.
 */
import { parseDockerfile, type ParsedDockerfile } from './parse/dockerfile';
import { buildSizeModel, type ModelEnvironment } from './model/sizeModel';
import type { ModelOptions, SizeModel } from './model/types';
import { runRules, type RuleSettings } from './rules/engine';
import type { Finding } from './rules/types';

export interface AnalysisSettings extends Partial<ModelOptions>, RuleSettings {}

export interface Analysis {
  parsed: ParsedDockerfile;
  model: SizeModel;
  findings: Finding[];
}

/**
 * Longest text analysed (2 MiB): real Dockerfiles are a few kB; past this the editor and the CLI get
 * one information finding instead of an analysis (which is linear, but a 50 MB file is not worth it).
 */
export const MAX_ANALYSED_CHARS = 2 * 1024 * 1024;

/** What the editor and the CLI say about a text over MAX_ANALYSED_CHARS. */
export function tooLargeMessage(chars: number): string {
  return `Not analysed: ${(chars / (1024 * 1024)).toFixed(1)} MB is over the ${MAX_ANALYSED_CHARS / (1024 * 1024)} MB limit for a Dockerfile.`;
}

export function analyzeDockerfile(text: string, settings: AnalysisSettings = {}, env: ModelEnvironment = {}): Analysis {
  if (text.length > MAX_ANALYSED_CHARS) {
    const parsed = parseDockerfile('', { buildArgs: settings.buildArgs });
    const model = buildSizeModel(parsed, settings, {});
    return { parsed, model, findings: [{ rule: 'too-large', severity: 'info', start: 0, end: 0, message: tooLargeMessage(text.length), instructionIndex: -1, fixes: [] }] };
  }
  const parsed = parseDockerfile(text, { buildArgs: settings.buildArgs });
  const model = buildSizeModel(parsed, settings, env);
  const findings = runRules(model, settings);
  return { parsed, model, findings };
}
