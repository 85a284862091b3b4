// The npm packages the test and bench corpora install, for scripts/gen-npm-sizes.mjs: every
// `npm install|i|add`, `yarn [global] add` and `pnpm add|install` with named packages in the
// Dockerfiles, JSON and Markdown files of the given folders. A version in a variable
// (`ghost-cli@$GHOST_CLI_VERSION`) keeps the name; paths, URLs and git specs are left out.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const INSTALL = /\b(?:npm[ \t]+(?:install|i|add)|yarn[ \t]+(?:global[ \t]+)?add|pnpm[ \t]+(?:add|install))[ \t]+([^&;|)\n`]*)/g;
const NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(@[^\s]*)?$/;

/** Package names (lower case, version dropped) that the text's install commands name. */
export function npmNamesIn(text) {
  // JSON strings hold Dockerfiles with \n, \t, \" and line continuations.
  const plain = text.replace(/\\\\\\n/g, ' ').replace(/\\n/g, '\n').replace(/\\t/g, ' ').replace(/\\"/g, '"').replace(/\\\n/g, ' ');
  const names = new Set();
  for (const m of plain.matchAll(INSTALL)) {
    for (const raw of m[1].trim().split(/\s+/)) {
      const word = raw.replace(/^["']|["']$/g, '').replace(/@\$.*$/, '');
      if (!word || word.startsWith('-') || word.includes('$') || (word.includes('/') && !word.startsWith('@'))) continue;
      if (!NAME.test(word)) continue;
      names.add(word.replace(/(?<=.)@[^/]*$/, '').toLowerCase());
    }
  }
  return [...names];
}

/** The Dockerfile text of a corpus file: all of a Dockerfile, the fenced blocks of Markdown, the RUN and Dockerfile strings of JSON (not its notes). */
export function dockerfileText(fileName, text) {
  if (/\.md$/i.test(fileName)) return [...text.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]).join('\n');
  if (/\.json$/i.test(fileName)) {
    const out = [];
    const visit = (v) => {
      if (typeof v === 'string') {
        if (/^\s*(RUN|FROM)\s/i.test(v) || /\n\s*RUN\s/i.test(v)) out.push(v);
      } else if (v && typeof v === 'object') for (const x of Object.values(v)) visit(x);
    };
    try {
      visit(JSON.parse(text));
    } catch {
      return '';
    }
    return out.join('\n');
  }
  return text;
}

/** name → the first corpus file (relative to root, sorted walk) that installs it. */
export function corpusNames(root, dirs) {
  const found = new Map();
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir).sort()) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/Dockerfile|\.dockerfile$|\.json$|\.md$/i.test(entry)) {
        for (const name of npmNamesIn(dockerfileText(entry, readFileSync(full, 'utf8')))) if (!found.has(name)) found.set(name, path.relative(root, full));
      }
    }
  };
  for (const dir of dirs) walk(path.join(root, dir));
  return found;
}
