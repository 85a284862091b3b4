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

export function analyzeDockerfile(text: string, settings: AnalysisSettings = {}, env: ModelEnvironment = {}): Analysis {
  const parsed = parseDockerfile(text, { buildArgs: settings.buildArgs });
  const model = buildSizeModel(parsed, settings, env);
  const findings = runRules(model, settings);
  return { parsed, model, findings };
}
