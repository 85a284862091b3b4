#!/usr/bin/env node
// Runs the TextMate grammar tests:
//   1. structural checks on syntaxes/dockerfile.tmLanguage.json (valid JSON, every
//      `#include` resolves, every regex compiles with Oniguruma),
//   2. every annotated fixture test/grammar/*.dockerfile (vscode-tmgrammar-test format).
//
// Fixtures are parsed and checked with vscode-tmgrammar-test's own API; tokenizing uses
// the project's vscode-textmate 9 + vscode-oniguruma 2 (the versions VS Code ships),
// not the older copy bundled inside vscode-tmgrammar-test. Each scope assertion
// (a `^^^` run or a `<--` marker) counts as one test.
//
// Usage: node scripts/test-grammar.mjs [--grammar extra.tmLanguage.json ...] [fixture ...]
//   --grammar  also load another grammar (e.g. a shellscript grammar providing source.shell)
//              to check that the fixtures still pass when embedded grammars are present.
// Exit code 0 when everything passes, 1 otherwise. Last line: "N passed, N failed".

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const tm = require('vscode-textmate');
const onig = require('vscode-oniguruma');
const { parseGrammarTestCase, runGrammarTestCase } = require('vscode-tmgrammar-test/dist/unit/index.js');

const GRAMMAR_PATH = path.join(root, 'syntaxes', 'dockerfile.tmLanguage.json');
const FIXTURE_DIR = path.join(root, 'test', 'grammar');
// grammars the Dockerfile grammar may embed; missing ones are tolerated (as in VS Code)
const KNOWN_EXTERNAL = new Set(['source.shell', 'source.python']);

const args = process.argv.slice(2);
const extraGrammars = [];
const fixtureArgs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--grammar') extraGrammars.push(path.resolve(args[++i]));
  else fixtureArgs.push(path.resolve(args[i]));
}

let passed = 0;
let failed = 0;
const pass = () => passed++;
const fail = (msg) => {
  failed++;
  console.log(`  FAIL ${msg}`);
};

await onig.loadWASM(fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);

// ---------------------------------------------------------------------------------------
// 1. structural checks
console.log('grammar structure');
let rawText = fs.readFileSync(GRAMMAR_PATH, 'utf8');
let grammarJson;
try {
  grammarJson = JSON.parse(rawText);
  pass();
  console.log('  ok   valid JSON');
} catch (e) {
  fail(`${path.relative(root, GRAMMAR_PATH)} is not valid JSON: ${e.message}`);
}

if (grammarJson) {
  const checks = { scopeName: 0, includes: 0, regexes: 0 };
  if (grammarJson.scopeName === 'source.dockerfile') pass();
  else fail(`scopeName is ${JSON.stringify(grammarJson.scopeName)}, expected "source.dockerfile"`);

  const repo = grammarJson.repository ?? {};
  const includeProblems = [];
  const regexProblems = [];
  const compile = (where, source) => {
    // \G and \A are only meaningful to vscode-textmate; Oniguruma accepts them as-is.
    try {
      new onig.OnigScanner([source]).dispose?.();
      checks.regexes++;
    } catch (e) {
      regexProblems.push(`${where}: ${e.message}: ${source}`);
    }
  };
  const walk = (node, where) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'include' && typeof v === 'string') {
        checks.includes++;
        if (v.startsWith('#')) {
          if (!Object.hasOwn(repo, v.slice(1))) includeProblems.push(`${where}: unresolved include ${v}`);
        } else if (v !== '$self' && v !== '$base' && !KNOWN_EXTERNAL.has(v.split('#')[0])) {
          includeProblems.push(`${where}: unexpected external include ${v}`);
        }
      } else if (['match', 'begin'].includes(k) && typeof v === 'string') {
        compile(`${where}.${k}`, v);
      } else if (['end', 'while'].includes(k) && typeof v === 'string') {
        // back-references in end/while are filled in from the begin match at run time
        compile(`${where}.${k}`, v.replace(/(?<!\\)((?:\\\\)*)\\(\d+)/g, '$1(?:x)'));
      } else if (typeof v === 'object') {
        walk(v, `${where}.${k}`);
      }
    }
  };
  walk(grammarJson, '$');
  if (includeProblems.length === 0) {
    pass();
    console.log(`  ok   all ${checks.includes} includes resolve`);
  } else includeProblems.forEach((p) => fail(p));
  if (regexProblems.length === 0) {
    pass();
    console.log(`  ok   all ${checks.regexes} regexes compile`);
  } else regexProblems.forEach((p) => fail(p));
}

// ---------------------------------------------------------------------------------------
// 2. fixtures
const grammarFiles = new Map(); // scopeName -> path
grammarFiles.set('source.dockerfile', GRAMMAR_PATH);
for (const g of extraGrammars) {
  const scope = JSON.parse(fs.readFileSync(g, 'utf8')).scopeName;
  grammarFiles.set(scope, g);
}
const registry = new tm.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (patterns) => new onig.OnigScanner(patterns),
    createOnigString: (s) => new onig.OnigString(s),
  }),
  loadGrammar: async (scopeName) => {
    const file = grammarFiles.get(scopeName);
    return file ? tm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
  },
});

const fixtures = fixtureArgs.length
  ? fixtureArgs
  : fs
      .readdirSync(FIXTURE_DIR)
      .filter((f) => f.endsWith('.dockerfile'))
      .sort()
      .map((f) => path.join(FIXTURE_DIR, f));
if (fixtures.length === 0) fail(`no fixtures found in ${path.relative(root, FIXTURE_DIR)}`);

const fmtRange = (from, to) => (to - from > 1 ? `${from}-${to - 1}` : `${from}`);
for (const file of fixtures) {
  const rel = path.relative(root, file);
  const text = fs.readFileSync(file, 'utf8');
  // vscode-tmgrammar-test accepts a single "-" before the excluded scopes ("^^ a b - c d");
  // a second " - " makes its assertion regex backtrack exponentially, so reject it up front.
  const badLine = text
    .split(/\r?\n/)
    .findIndex((l) => /^#\s*(\^|<~*-+)/.test(l) && (l.match(/\s-(?=\s)/g) ?? []).length > 1);
  if (badLine >= 0) {
    console.log(rel);
    fail(`${rel}:${badLine + 1}: use one "-" before all excluded scopes ("^^ a - b c"), not "- b - c"`);
    continue;
  }
  let testCase;
  try {
    testCase = parseGrammarTestCase(text);
  } catch (e) {
    console.log(rel);
    fail(`cannot parse fixture: ${e.message}`);
    continue;
  }
  const total = testCase.assertions.reduce((n, a) => n + a.scopeAssertions.length, 0);
  if (total === 0) {
    console.log(rel);
    fail('fixture has no assertions');
    continue;
  }
  // Run each scope assertion on its own so that passes/failures are counted per assertion.
  const failures = [];
  for (const lineAssertion of testCase.assertions) {
    for (const sa of lineAssertion.scopeAssertions) {
      const single = { ...testCase, assertions: [{ ...lineAssertion, scopeAssertions: [sa] }] };
      let result;
      try {
        result = await runGrammarTestCase(registry, single);
      } catch (e) {
        result = [{ error: e.message }];
      }
      if (result.length === 0) {
        pass();
        continue;
      }
      failed++;
      failures.push({ lineAssertion, sa, result });
    }
  }
  console.log(`${rel}: ${total - failures.length}/${total} assertions`);
  for (const { lineAssertion, sa, result } of failures) {
    const src = testCase.source[lineAssertion.sourceLineNumber] ?? '';
    console.log(`  FAIL ${rel}:${lineAssertion.testCaseLineNumber + 1} (asserted source line) col ${fmtRange(sa.from, sa.to)}`);
    console.log(`       source: ${JSON.stringify(src)}`);
    console.log(`       expect: ${sa.scopes.join(' ')}${sa.exclude.length ? ' - ' + sa.exclude.join(' - ') : ''}`);
    for (const r of result) {
      if (r.error) {
        console.log(`       error:  ${r.error}`);
        continue;
      }
      const text = src.slice(r.start, r.end);
      console.log(`       token ${JSON.stringify(text)} (${fmtRange(r.start, r.end)}): ${r.actual.join(' ')}`);
      if (r.missing.length) console.log(`         missing:    ${r.missing.join(' ')}`);
      if (r.unexpected.length) console.log(`         unexpected: ${r.unexpected.join(' ')}`);
    }
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
