/**
 * The client's `dockerfileSizeHints.*` settings, checked: a value of the wrong type falls back to
 * its default and yields one warning naming the setting (shown to the user once). Typed strictly:
 * `networkLookups: "false"` (a string) is not true — only the boolean `true` turns look-ups on.
 */
import { PLATFORM_RE } from '../core/config/config';
import type { Severity } from '../core/rules/types';
import type { DocumentSettings } from './analysisCache';

export const DEFAULT_SETTINGS: DocumentSettings = {
  enable: true,
  inlayHints: true,
  codeLens: false,
  platform: 'linux/amd64',
  bandwidthMbps: 50,
  network: false,
};

const SEVERITIES = ['off', 'hint', 'info', 'warning', 'error'];

export interface CheckedSettings {
  settings: DocumentSettings;
  /** One line per bad value: "dockerfileSizeHints.target: must be a stage name or index, got 1.5 (using the default)". */
  warnings: string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  const s = typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? s.slice(0, 59) + '…' : s;
}

export function checkClientSettings(raw: unknown): CheckedSettings {
  const warnings: string[] = [];
  const s = isObject(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isObject(raw)) warnings.push(`dockerfileSizeHints: must be an object, got ${describe(raw)} (using the defaults)`);
  const bad = (key: string, want: string, v: unknown) => warnings.push(`dockerfileSizeHints.${key}: must be ${want}, got ${describe(v)} (using the default)`);
  const bool = (key: string, v: unknown, dflt: boolean): boolean => {
    if (v === undefined || v === null) return dflt;
    if (typeof v === 'boolean') return v;
    bad(key, 'true or false', v);
    return dflt;
  };
  const nested = (key: string): unknown => {
    const v = s[key];
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) {
      bad(key, 'an object', v);
      return undefined;
    }
    return v.enable;
  };

  const severities: DocumentSettings['severities'] = {};
  if (s.rules !== undefined && s.rules !== null) {
    if (!isObject(s.rules)) bad('rules', 'an object of rule id → severity', s.rules);
    else {
      for (const [id, v] of Object.entries(s.rules)) {
        if (typeof v === 'string' && SEVERITIES.includes(v)) severities[id] = v as Severity | 'off';
        else bad(`rules.${id}`, SEVERITIES.join(', '), v);
      }
    }
  }

  let target: string | undefined;
  if (typeof s.target === 'string') target = s.target.trim() || undefined;
  else if (typeof s.target === 'number' && Number.isInteger(s.target) && s.target >= 0) target = String(s.target);
  else if (s.target !== undefined && s.target !== null) bad('target', 'a stage name or index', s.target);

  let platform = DEFAULT_SETTINGS.platform as string;
  if (typeof s.platform === 'string' && PLATFORM_RE.test(s.platform)) platform = s.platform;
  else if (s.platform !== undefined && s.platform !== null && s.platform !== '') bad('platform', 'like linux/amd64', s.platform);

  let bandwidthMbps = DEFAULT_SETTINGS.bandwidthMbps as number;
  if (typeof s.bandwidthMbps === 'number' && Number.isFinite(s.bandwidthMbps) && s.bandwidthMbps > 0) bandwidthMbps = s.bandwidthMbps;
  else if (s.bandwidthMbps !== undefined && s.bandwidthMbps !== null) bad('bandwidthMbps', 'a positive number', s.bandwidthMbps);

  let context: string | undefined;
  if (typeof s.context === 'string') context = s.context || undefined;
  else if (s.context !== undefined && s.context !== null) bad('context', 'a folder path', s.context);

  return {
    settings: {
      ...DEFAULT_SETTINGS,
      enable: bool('enable', s.enable, true),
      inlayHints: bool('inlayHints.enable', nested('inlayHints'), true),
      codeLens: bool('codeLens.enable', nested('codeLens'), false),
      severities,
      target,
      platform,
      bandwidthMbps,
      // Only the boolean true: a string "false" (or "true") is a warning and off.
      network: bool('networkLookups', s.networkLookups, false),
      context,
    },
    warnings,
  };
}
