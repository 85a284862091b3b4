import { ruleTests } from './testing';

ruleTests('dockerignore-invalid', {
  valid: [
    { name: 'patterns Docker accepts', files: { 'app.py': '1', '.dockerignore': '*.md\n!README.md\n**/__pycache__\n[a-z]*.tmp\n' }, code: `
      FROM python:3.12-slim
      COPY . /app
      ` },
    { name: 'no COPY from the context: Docker never walks it', files: { '.dockerignore': '[z-a]\n' }, code: `
      FROM python:3.12-slim
      RUN true
      ` },
    { name: 'no context read (untrusted workspace)', code: `
      FROM python:3.12-slim
      COPY . /app
      ` },
  ],
  invalid: [
    { name: 'a reversed range (Go accepts it, RE2 does not: the build fails)', files: { 'app.py': '1', '.dockerignore': 'node_modules\n[z-a]\n' }, code: `
      FROM python:3.12-slim
      COPY app.py /app/
      #    ^^^^^^^^^^^^ dockerignore-invalid: "[z-a]": syntax error in pattern (invalid character class range
      ` },
    { name: 'an unclosed class and a lone !', files: { 'app.py': '1', '.dockerignore': 'a[\n!\n' }, code: `
      FROM python:3.12-slim
      COPY . /app
      #    ^^^^^^ dockerignore-invalid: "a[": syntax error in pattern (docker build fails on it; it excludes nothing here); .dockerignore: "!": illegal exclusion pattern
      ` },
  ],
});
