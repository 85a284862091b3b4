/**
 * `.dockerfile-size-hints.json` / `.yaml` / `.yml`: the nearest one upward from a Dockerfile.
 * Rule severities, ignored rules, budgets, target, platform (and fail-on, bandwidth, build args, network).
 * Every unknown key and bad value becomes an error naming the file and the key; the valid parts
 * still apply. Parsing is pure (`parseConfig`); `findConfigFile` / `loadConfig` read the disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Yaml from 'yaml';
import { ALL_RULES } from '../rules/index';
import type { Severity, SeveritySetting } from '../rules/types';
import { parseSize } from './units';
import { readInside } from '../context/buildContext';
import { READ_CAPS, readRegularFile } from '../context/safeRead';

/** The YAML parser, loaded on the first YAML config: its module set-up ran on every start-up (about 11 ms of the CLI's 160 ms of module code on a small Dockerfile, profiled). */
const parseYaml = (text: string): unknown => (require('yaml') as typeof Yaml).parse(text);

export const CONFIG_NAMES = ['.dockerfile-size-hints.json', '.dockerfile-size-hints.yaml', '.dockerfile-size-hints.yml'];

export type FailOn = Severity | 'none';

export interface SizeConfig {
  /** rule id → severity or 'off'. */
  rules: Record<string, SeveritySetting>;
  /** Rules (or their hadolint codes) turned off. */
  ignore: string[];
  budgets: { maxSize?: number; maxPullSize?: number; maxWasted?: number };
  target?: string;
  platform?: string;
  failOn?: FailOn;
  bandwidth?: number;
  buildArgs?: Record<string, string>;
  /** Network look-ups (sizes of ADD <url> and downloads); off unless true. */
  network?: boolean;
}

export interface ConfigError {
  file: string;
  key: string;
  message: string;
}

export interface LoadedConfig {
  file?: string;
  config: SizeConfig;
  errors: ConfigError[];
}

const SEVERITIES = ['off', 'hint', 'info', 'warning', 'error'];
const FAIL_ON = ['error', 'warning', 'info', 'hint', 'none'];
export const PLATFORM_RE = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/i;

export function emptyConfig(): SizeConfig {
  return { rules: {}, ignore: [], budgets: {} };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const describe = (v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v));

/** Validates a parsed config object. */
export function validateConfig(raw: unknown, file: string): LoadedConfig {
  const config = emptyConfig();
  const errors: ConfigError[] = [];
  const err = (key: string, message: string) => errors.push({ file, key, message });
  if (raw === null || raw === undefined) return { file, config, errors };
  if (!isObject(raw)) {
    err('(root)', `must be an object, got ${describe(raw)}`);
    return { file, config, errors };
  }
  const ruleIds = new Set(ALL_RULES.map((r) => r.meta.id));
  const hadolintIds = new Map(ALL_RULES.filter((r) => r.meta.hadolint).map((r) => [r.meta.hadolint as string, r.meta.id]));
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case '$schema':
        break;
      case 'rules':
        if (!isObject(value)) {
          err('rules', `must be an object of rule id → severity, got ${describe(value)}`);
          break;
        }
        for (const [id, sev] of Object.entries(value)) {
          if (!ruleIds.has(id)) err(`rules.${id}`, `unknown rule (known: ${[...ruleIds].join(', ')})`);
          else if (typeof sev !== 'string' || !SEVERITIES.includes(sev)) err(`rules.${id}`, `severity must be one of ${SEVERITIES.join(', ')}, got ${describe(sev)}`);
          else config.rules[id] = sev as SeveritySetting;
        }
        break;
      case 'ignore':
        if (!Array.isArray(value)) {
          err('ignore', `must be a list of rule ids, got ${describe(value)}`);
          break;
        }
        value.forEach((id, i) => {
          if (typeof id !== 'string') err(`ignore[${i}]`, `must be a rule id, got ${describe(id)}`);
          else if (ruleIds.has(id)) config.ignore.push(id);
          else if (hadolintIds.has(id)) config.ignore.push(hadolintIds.get(id) as string);
          else err(`ignore[${i}]`, `unknown rule '${id}'`);
        });
        break;
      case 'budgets':
        if (!isObject(value)) {
          err('budgets', `must be an object with maxSize, maxPullSize, maxWasted, got ${describe(value)}`);
          break;
        }
        for (const [b, v] of Object.entries(value)) {
          if (b !== 'maxSize' && b !== 'maxPullSize' && b !== 'maxWasted') {
            err(`budgets.${b}`, 'unknown key (known: maxSize, maxPullSize, maxWasted)');
            continue;
          }
          const bytes = parseSize(v);
          if (bytes === undefined) err(`budgets.${b}`, `must be a size like 500MB or a number of bytes, got ${describe(v)}`);
          else config.budgets[b] = bytes;
        }
        break;
      case 'target':
        if (typeof value === 'string' && value.trim()) config.target = value.trim();
        else if (typeof value === 'number' && Number.isInteger(value) && value >= 0) config.target = String(value);
        else err('target', `must be a stage name or index, got ${describe(value)}`);
        break;
      case 'platform':
        if (typeof value === 'string' && PLATFORM_RE.test(value)) config.platform = value;
        else err('platform', `must look like linux/amd64 or linux/arm/v7, got ${describe(value)}`);
        break;
      case 'failOn':
        if (typeof value === 'string' && FAIL_ON.includes(value)) config.failOn = value as FailOn;
        else err('failOn', `must be one of ${FAIL_ON.join(', ')}, got ${describe(value)}`);
        break;
      case 'bandwidth':
        if (typeof value === 'number' && value > 0 && Number.isFinite(value)) config.bandwidth = value;
        else err('bandwidth', `must be a positive number of Mbit/s, got ${describe(value)}`);
        break;
      case 'buildArgs':
        if (!isObject(value)) {
          err('buildArgs', `must be an object of name → value, got ${describe(value)}`);
          break;
        }
        config.buildArgs = {};
        for (const [k, v] of Object.entries(value)) {
          if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') config.buildArgs[k] = String(v);
          else err(`buildArgs.${k}`, `must be a string, got ${describe(v)}`);
        }
        break;
      case 'network':
        if (typeof value === 'boolean') config.network = value;
        else err('network', `must be true or false, got ${describe(value)}`);
        break;
      default:
        err(key, 'unknown key (known: rules, ignore, budgets, target, platform, failOn, bandwidth, buildArgs, network)');
    }
  }
  return { file, config, errors };
}

/** Parses the text of a config file (JSON for .json, YAML otherwise). */
export function parseConfig(text: string, file: string): LoadedConfig {
  let raw: unknown;
  try {
    raw = /\.json$/i.test(file) ? JSON.parse(text.replace(/^\uFEFF/, '')) : parseYaml(text);
  } catch (e) {
    // Not the parser's words: Node's JSON errors quote the text ("root:x:0:0"...), which must not be echoed.
    const msg = parseErrorWhere((e as Error).message || '', text);
    return { file, config: emptyConfig(), errors: [{ file, key: '(file)', message: `not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${msg}` }] };
  }
  return validateConfig(raw, file);
}

/** Where a parse error is (line and column), without quoting the file's text. */
function parseErrorWhere(message: string, text: string): string {
  const lc = /line (\d+),? column (\d+)/i.exec(message);
  if (lc) return `at line ${lc[1]}, column ${lc[2]}`;
  const pos = /position (\d+)/.exec(message);
  if (pos) {
    const before = text.slice(0, Number(pos[1]));
    const line = before.split('\n').length;
    return `at line ${line}, column ${Number(pos[1]) - before.lastIndexOf('\n')}`;
  }
  if (/end of (JSON|data) input/i.test(message)) return 'unexpected end of the file';
  return 'cannot parse';
}

/** The nearest config file in `dir` or one of its parents. */
export function findConfigFile(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const p = path.join(d, name);
      try {
        if (fs.statSync(p).isFile()) return p;
      } catch {
        // not here
      }
    }
    const parent = path.dirname(d);
    if (parent === d) return undefined;
    d = parent;
  }
}

/**
 * Reads a config file: a regular file of at most 1 MB (a FIFO or /dev/zero is refused, never read).
 * `found`: discovered next to a Dockerfile, not named by --config: a link out of its folder is
 * refused, so a repository cannot make us parse (and echo parts of) ~/.docker/config.json.
 */
export function loadConfig(file: string, opts: { found?: boolean } = {}): LoadedConfig {
  const r = opts.found ? readInside(path.dirname(file), path.basename(file), READ_CAPS.config) : readRegularFile(file, READ_CAPS.config);
  if (!r.ok) return { file, config: emptyConfig(), errors: [{ file, key: '(file)', message: r.reason === 'no such file or directory' ? 'no such file' : `cannot read: ${r.reason}` }] };
  return parseConfig(r.buf.toString('utf8'), file);
}

/** Severities the rule engine takes: `rules` with `ignore` turned off. */
export function severitiesOf(config: SizeConfig): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = { ...config.rules };
  for (const id of config.ignore) out[id] = 'off';
  return out;
}
