import { ruleTests } from './testing';

const heavy = { 'app.py': 'print(1)\n', 'node_modules/x/index.js': 'n'.repeat(4000), '.git/objects/pack': 'g'.repeat(9000) };

ruleTests('context-not-ignored', {
  valid: [
    { name: 'ignored by .dockerignore', files: { ...heavy, '.dockerignore': '.git\nnode_modules\n' }, code: `
      FROM node:22-slim
      COPY . .
      ` },
    { name: 'specific sources only', files: heavy, code: `
      FROM python:3.12-slim
      COPY app.py /app/
      ` },
    { name: 'nothing heavy and a .dockerignore', files: { 'app.py': 'print(1)\n', '.dockerignore': '.git\n' }, code: `
      FROM python:3.12-slim
      COPY . /app
      ` },
    { name: 'no context read (untrusted workspace)', code: `
      FROM python:3.12-slim
      COPY . /app
      ` },
  ],
  invalid: [
    { name: 'nothing heavy yet, but no .dockerignore (info)', files: { 'app.py': 'print(1)\n' }, code: `
      FROM python:3.12-slim
      COPY . /app
      #    ^ context-not-ignored: no .dockerignore
      ` },
    { name: 'no .dockerignore', files: heavy, code: `
      FROM node:22-slim
      COPY . .
      #    ^ context-not-ignored: .git/ (9 kB), node_modules/ (4 kB)
      ` },
    { name: '.dockerignore that misses node_modules', files: { ...heavy, '.dockerignore': '.git\n' }, code: `
      FROM node:22-slim
      WORKDIR /app
      ADD ./ /app/
      #   ^^ context-not-ignored: .dockerignore does not exclude
      ` },
    { name: 'a big file', files: { 'app.py': 'x', 'model.bin': 'm'.repeat(10_000_001), '.dockerignore': '*.log\n' }, code: `
      FROM python:3.12-slim
      COPY * /app/
      #    ^ context-not-ignored: model.bin (10 MB)
      ` },
  ],
});
