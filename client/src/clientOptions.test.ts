/**
 * The client renders hovers untrusted: the options the extension creates its LanguageClient with go
 * through vscode-languageclient itself (its real option handling and protocol converter, with a
 * stand-in for the `vscode` module), and a hover whose Markdown holds `command:` links, images and
 * HTML comes out as a MarkdownString that is not trusted and renders no HTML.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { test } from 'node:test';
import type { LanguageClientOptions } from 'vscode-languageclient/node';
import { languageClientOptions } from './clientOptions';

const ROOT = path.resolve(__dirname, '../..');
/** The commands this extension contributes: the only ones a trusted hover could ever be allowed. */
const OUR_COMMANDS = new Set<string>((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes.commands as { command: string }[]).map((c) => c.command));

const HOSTILE_MARKDOWN = [
  '**Layer** of `evil`',
  '[open a terminal](command:workbench.action.terminal.new)',
  '[run](command:dockerfileSizeHints.compareWithImage?%5B%22x%22%5D)',
  '![pixel](http://tracker.example/p.png)',
  '<img src="http://tracker.example/q.png"><a href="command:workbench.action.reloadWindow">x</a>',
].join('\n\n');

/** What VS Code receives from vscode-languageclient for a hover, with the extension's options. */
class MarkdownString {
  isTrusted?: boolean | { enabledCommands: string[] };
  supportHtml?: boolean;
  constructor(public value = '') {}
  appendText(t: string) {
    this.value += t;
    return this;
  }
}
class Hover {
  contents: MarkdownString[];
  constructor(
    contents: MarkdownString | MarkdownString[],
    public range?: unknown,
  ) {
    this.contents = Array.isArray(contents) ? contents : [contents];
  }
}

/** Any other `vscode` API the client's constructor touches: a callable, constructible no-op. */
function anything(name: string): unknown {
  return new Proxy(function () {}, {
    get: (_t, p) => (p === 'then' ? undefined : p === Symbol.toPrimitive ? () => name : anything(`${name}.${String(p)}`)),
    apply: () => anything(`${name}()`),
    construct: () => anything(`new ${name}`) as object,
  });
}

type Client = { clientOptions: { markdown: { isTrusted: unknown; supportHtml: boolean }; middleware: Record<string, unknown> }; protocol2CodeConverter: { asHover(h: unknown): Hover } };

function realClient(options: LanguageClientOptions): Client {
  const vscode: Record<string, unknown> = { MarkdownString, Hover, LogLevel: { Info: 3 }, version: '1.100.0' };
  const stub = new Proxy(vscode, { get: (t, p: string) => (p in t ? t[p] : anything(`vscode.${p}`)) });
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub : load.call(this, request, ...rest);
  };
  try {
    const { LanguageClient } = require('vscode-languageclient/node') as { LanguageClient: new (...a: unknown[]) => Client };
    return new LanguageClient('dockerfileSizeHints', 'Dockerfile Size Hints', { command: process.execPath }, options);
  } finally {
    mod._load = load;
  }
}

/** Why the hovers a client with `options` renders could run a command or render HTML; undefined when they cannot. */
function hoverTrustProblem(options: LanguageClientOptions): string | undefined {
  const client = realClient(options);
  const { isTrusted, supportHtml } = client.clientOptions.markdown;
  if (supportHtml) return 'supportHtml is on';
  if (isTrusted === true) return 'isTrusted is true';
  if (isTrusted && typeof isTrusted === 'object') {
    const foreign = ((isTrusted as { enabledCommands: string[] }).enabledCommands ?? []).filter((c) => !OUR_COMMANDS.has(c));
    if (foreign.length) return `isTrusted enables commands that are not ours: ${foreign.join(', ')}`;
  }
  // A hover as the server sends it, through the client's converter and any hover middleware.
  let hover = client.protocol2CodeConverter.asHover({ contents: { kind: 'markdown', value: HOSTILE_MARKDOWN } });
  const middleware = client.clientOptions.middleware.provideHover as ((...a: unknown[]) => Hover | undefined) | undefined;
  if (middleware) hover = middleware(undefined, undefined, undefined, () => hover) ?? hover;
  for (const md of hover.contents) {
    if (md.value !== HOSTILE_MARKDOWN) continue;
    if (md.supportHtml) return 'the hover renders HTML';
    if (md.isTrusted === true) return 'the hover is trusted';
    const enabled = typeof md.isTrusted === 'object' ? md.isTrusted.enabledCommands : [];
    if (enabled.some((c) => !OUR_COMMANDS.has(c))) return `the hover enables ${enabled.join(', ')}`;
  }
  return hover.contents.some((md) => md.value === HOSTILE_MARKDOWN) ? undefined : 'the hover text did not come through';
}

test('the extension creates its client with untrusted, HTML-free hover Markdown (trusted workspace or not)', () => {
  for (const trusted of [true, false]) {
    const options = languageClientOptions(trusted);
    assert.equal(options.markdown?.isTrusted, false);
    assert.equal(options.markdown?.supportHtml, false);
    assert.equal(options.middleware, undefined, 'a middleware could rewrite hovers: check it in hoverTrustProblem');
    assert.equal(hoverTrustProblem(options), undefined);
    assert.deepEqual(options.initializationOptions, { trusted });
  }
});

test('the check fails on options that would let a hover run a command or render HTML', () => {
  const base = languageClientOptions(true);
  assert.equal(hoverTrustProblem({ ...base, markdown: { isTrusted: true } }), 'isTrusted is true');
  assert.equal(hoverTrustProblem({ ...base, markdown: { supportHtml: true } }), 'supportHtml is on');
  assert.match(hoverTrustProblem({ ...base, markdown: { isTrusted: { enabledCommands: ['dockerfileSizeHints.showLayers', 'workbench.action.terminal.new'] } } }) ?? '', /not ours: workbench\.action\.terminal\.new$/);
  // Our own commands only: allowed.
  assert.equal(hoverTrustProblem({ ...base, markdown: { isTrusted: { enabledCommands: ['dockerfileSizeHints.showLayers'] } } }), undefined);
  // A middleware that trusts what the server sends.
  const trusting = {
    ...base,
    middleware: {
      provideHover: (_d: unknown, _p: unknown, _t: unknown, next: () => Hover) => {
        const h = next();
        for (const md of h.contents) md.isTrusted = true;
        return h;
      },
    },
  } as unknown as LanguageClientOptions;
  assert.equal(hoverTrustProblem(trusting), 'the hover is trusted');
  // Leaving markdown out is vscode-languageclient's default: untrusted, no HTML.
  assert.equal(hoverTrustProblem({ ...base, markdown: undefined }), undefined);
});
