import { ruleTests } from './testing';

ruleTests('browser-download-kept', {
  valid: [
    {
      name: 'download skipped, the apt browser used',
      code: `
      FROM node:22-slim
      ENV PUPPETEER_SKIP_DOWNLOAD=true PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium
      RUN apt-get update && apt-get install -y --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*
      COPY package*.json ./
      RUN npm ci --omit=dev
      CMD ["node", "index.js"]
      `,
      files: { 'package.json': '{"dependencies":{"puppeteer":"^23.0.0"}}' },
    },
    {
      name: 'no other browser: the download is the browser',
      code: `
      FROM node:22-slim
      COPY package*.json ./
      RUN npm ci --omit=dev
      CMD ["node", "index.js"]
      `,
      files: { 'package.json': '{"dependencies":{"puppeteer":"^23.0.0"}}' },
    },
    {
      name: 'package.json without puppeteer',
      code: `
      FROM node:22-slim
      RUN apt-get update && apt-get install -y --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*
      COPY package*.json ./
      RUN npm ci --omit=dev
      `,
      files: { 'package.json': '{"dependencies":{"express":"^4.19.0"}}' },
    },
  ],
  invalid: [
    {
      name: 'the puppeteer image, npm ci and an apt Chrome',
      code: `
      FROM ghcr.io/puppeteer/puppeteer:23.0.2
      WORKDIR /app
      COPY package*.json ./
      RUN npm ci
      #   ^^^^^^ browser-download-kept: and google-chrome-stable (line 6)
      COPY . .
      RUN apt-get update && apt-get install -y google-chrome-stable --no-install-recommends
      CMD ["node", "./bin/www"]
      `,
    },
    {
      name: 'npm install puppeteer next to apt chromium',
      code: `
      FROM node:22-slim
      RUN apt-get update && apt-get install -y --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*
      RUN npm install puppeteer
      #   ^^^^^^^^^^^^^^^^^^^^^ browser-download-kept: chromium (line 2)
      `,
    },
    {
      name: 'npm install puppeteer next to dnf5\'s chromium (Fedora 42)',
      code: `
      FROM fedora:42
      RUN dnf5 install -y nodejs npm chromium && dnf5 clean all
      RUN npm install puppeteer
      #   ^^^^^^^^^^^^^^^^^^^^^ browser-download-kept: chromium (line 2)
      `,
    },
    {
      name: 'npx playwright install in the Playwright image',
      code: `
      FROM mcr.microsoft.com/playwright:v1.47.0-noble
      RUN npx playwright install chromium
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ browser-download-kept: the base image
      `,
    },
  ],
});
