// Rule: browser-download-kept
// Puppeteer or Playwright download a browser of their own (npm install, `npx playwright install`) into an
// image that already has one from the package manager or the base image: two browsers ship.
import { aptSubcommand, isApt } from '../model/estimators/apt';
import { nodeInstall } from '../model/estimators/node';
import { DNF_COMMANDS } from '../model/estimators/rpm';
import { parseImageRef } from '../data/baseImages';
import type { ParsedInstruction } from '../parse/dockerfile';
import type { ShellCommand } from '../parse/shell';
import { commandEnv, runEnv, runInstructions, runView } from './cacheRuleHelpers';
import type { Rule, RuleContext } from './types';
import { UNKNOWN_WASTE } from './types';

const BROWSER_PACKAGE = /^(google-chrome-(stable|beta|unstable)|chromium(-browser)?|chromium-chromedriver|firefox(-esr)?|microsoft-edge-stable)$/;
/** Images that ship a browser for these libraries (Puppeteer's Chrome, Playwright's browsers). */
const BROWSER_IMAGE = /^(ghcr\.io\/puppeteer\/puppeteer|mcr\.microsoft\.com\/playwright(\/\w+)?|buildkite\/puppeteer|zenika\/alpine-chrome)$/;

const LIBS = /^(puppeteer|playwright|playwright-chromium|playwright-firefox|@playwright\/test)(@.*)?$/;

function skipsDownload(env: ReadonlyMap<string, string>, lib: 'puppeteer' | 'playwright'): boolean {
  const on = (k: string) => /^(true|1|yes)$/i.test(env.get(k) ?? '');
  return lib === 'puppeteer' ? on('PUPPETEER_SKIP_DOWNLOAD') || on('PUPPETEER_SKIP_CHROMIUM_DOWNLOAD') || on('PUPPETEER_SKIP_CHROME_DOWNLOAD') : on('PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD');
}

/** Per stage, the browsers its RUNs install with a package manager (`chromium (line 7)`), in file order: one pass over the file. */
function browserInstallsByStage(ctx: RuleContext): Map<number, string[]> {
  const byStage = new Map<number, string[]>();
  for (const other of ctx.parsed.instructions) {
    if (other.keyword !== 'RUN' || !other.shell) continue;
    for (const c of other.shell.commands) {
      const install = (isApt(c) && aptSubcommand(c).sub === 'install') || (c.name === 'apk' && c.argv.some((w) => w.value === 'add')) || (DNF_COMMANDS.has(c.name) && c.argv.some((w) => w.value === 'install'));
      if (!install) continue;
      const pkg = c.argv.map((w) => w.value).find((v) => BROWSER_PACKAGE.test(v.replace(/[=:].*$/, '')));
      if (!pkg) continue;
      const list = byStage.get(other.stageIndex) ?? [];
      list.push(`${pkg} (line ${other.line + 1})`);
      byStage.set(other.stageIndex, list);
    }
  }
  return byStage;
}

/** The browsers the image already has: `google-chrome-stable (line 10)`, `the base image ghcr.io/puppeteer/puppeteer`. */
function otherBrowsers(ctx: RuleContext, instr: ParsedInstruction, installs: Map<number, string[]>): string[] {
  const found: string[] = [];
  const chain = new Set<number>();
  for (let s = ctx.stageOf(instr); s && !chain.has(s.index); s = s.base.parentStage !== undefined ? ctx.model.stages[s.base.parentStage] : undefined) {
    chain.add(s.index);
    const ref = parseImageRef(s.parsed.resolvedImage);
    if (s.base.parentStage === undefined && BROWSER_IMAGE.test(ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository)) found.push(`the base image ${s.parsed.resolvedImage}`);
  }
  // Stages in file order, as their instructions come.
  for (const stage of [...chain].sort((a, b) => a - b)) found.push(...(installs.get(stage) ?? []));
  return found;
}

/** The library a command installs with its browser download, or undefined. */
function downloadsBrowser(ctx: RuleContext, instr: ParsedInstruction, cmd: ShellCommand, fromBrowserImage: boolean): 'puppeteer' | 'playwright' | undefined {
  const words = cmd.argv.map((w) => w.value);
  if ((cmd.name === 'npx' || cmd.name === 'pnpx') && /^(@playwright\/test|playwright)(@.*)?$/.test(words[1] ?? '') && words[2] === 'install') return 'playwright';
  if ((cmd.name === 'npx' || cmd.name === 'pnpx') && /^(@puppeteer\/browsers|puppeteer)(@.*)?$/.test(words[1] ?? '') && (words[2] === 'install' || words[3] === 'install')) return 'puppeteer';
  const inv = nodeInstall(cmd);
  if (!inv) return undefined;
  const named = inv.args.operands.slice(1).map((w) => w.value);
  const lib = named.find((n) => LIBS.test(n));
  if (lib) return /puppeteer/.test(lib) ? 'puppeteer' : 'playwright';
  if (named.length) return undefined;
  // From package.json: what it lists, else (not readable) the base image's own library.
  const fact = ctx.layer(instr)?.facts.node?.find((f) => f.command === cmd);
  if (fact?.packageJsonKnown) {
    const deps = fact.prodPackages ?? [];
    const found = deps.find((d) => LIBS.test(d));
    return found ? (/puppeteer/.test(found) ? 'puppeteer' : 'playwright') : undefined;
  }
  if (!fromBrowserImage) return undefined;
  const base = ctx.model.stages[instr.stageIndex];
  return /playwright/.test(base?.base.image ?? '') ? 'playwright' : 'puppeteer';
}

export const browserDownloadKept: Rule = {
  meta: {
    id: 'browser-download-kept',
    defaultSeverity: 'warning',
    description: 'Puppeteer or Playwright download their own browser into an image that already has one (apt or the base image).',
    fixable: false,
    shippedOnly: true,
  },
  check(ctx) {
    const installs = browserInstallsByStage(ctx);
    for (const instr of runInstructions(ctx)) {
      const others = otherBrowsers(ctx, instr, installs);
      if (!others.length) continue;
      const other = others.join(' and ');
      const view = runView(ctx, instr);
      if (!view) continue;
      const base = runEnv(ctx, instr, view);
      for (const cmd of instr.shell?.commands ?? []) {
        const lib = downloadsBrowser(ctx, instr, cmd, other.startsWith('the base image'));
        if (!lib || skipsDownload(commandEnv(base, instr, cmd), lib)) continue;
        const skip = lib === 'puppeteer' ? 'PUPPETEER_SKIP_DOWNLOAD=true and PUPPETEER_EXECUTABLE_PATH' : 'PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 (and point Playwright at the installed browser)';
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message: `\`${cmd.argv.slice(0, 2).map((w) => w.value).join(' ')}\` makes ${lib} download its own browser (size unknown: a browser build is typically a few hundred MB on disk) although the image already has ${other}; set ${skip} before it, or drop the other browser.`,
          waste: UNKNOWN_WASTE,
        });
        break;
      }
    }
  },
};
