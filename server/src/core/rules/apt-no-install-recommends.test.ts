import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsFor, fixTests, ruleTests } from './testing';

ruleTests('apt-no-install-recommends', {
  valid: [
    {
      // Was reported while a Debian stand-in priced Ubuntu installs; jammy's own index knows netbase recommends nothing.
      name: 'Ubuntu: jammy\'s real index says netbase has no Recommends: nothing to report',
      code: `
      FROM ubuntu:22.04
      RUN apt-get update && apt-get install -y netbase && rm -rf /var/lib/apt/lists/*
      `,
    },
    {
      name: 'tzdata has no Recommends: nothing to leave out',
      code: `
      FROM debian:bookworm-slim
      RUN apt-get update && apt-get install -y tzdata && rm -rf /var/lib/apt/lists/*
      `,
    },
    {
      name: 'Debian: nothing recommended that the image lacks (the real index says so)',
      code: `
      FROM debian:bookworm-slim
      RUN apt-get update && apt-get install -y netbase && rm -rf /var/lib/apt/lists/*
      `,
    },
    `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    `,
    `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get -o APT::Install-Recommends=false install -y curl && rm -rf /var/lib/apt/lists/*
    `,
    {
      name: 'apt config written by an earlier layer',
      code: `
      FROM debian:bookworm-slim
      RUN echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/01norecommends
      RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
      `,
    },
    `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -qqy --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    `,
  ],
  invalid: [
    {
      // Issue 14 (fresh-masters-thesis): the image is not in the data, but its name gives Ubuntu 18.04: bionic's own
      // index prices build-essential's recommends (≈ 23 MB; real ≈ 15 MB), not bookworm's (79 MB).
      name: 'an unknown image whose name gives its Ubuntu release: that release\'s index, not a Debian stand-in',
      code: `
      FROM nvidia/cuda:10.1-devel-ubuntu18.04
      RUN apt-get -y install build-essential
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ apt-no-install-recommends: by Ubuntu bionic's index
      `,
    },
    {
      name: 'sudo apt-get install',
      code: `
      FROM ubuntu:22.04
      RUN sudo apt-get update && sudo apt-get install -y curl && sudo rm -rf /var/lib/apt/lists/*
      #                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ apt-no-install-recommends: recommended packages
      `,
    },
    `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    #                     ^^^^^^^^^^^^^^^^^^^^^^^ apt-no-install-recommends: recommended
    `,
    {
      name: 'hadolint DL3015: -y before the subcommand',
      code: `
      FROM debian:bookworm-slim
      RUN apt-get update && apt-get -y install python3 && rm -rf /var/lib/apt/lists/*
      #                     ^^^^^^^^^^^^^^^^^^^^^^^^^^ apt-no-install-recommends
      `,
    },
    {
      name: 'apt install counts like apt-get install',
      code: `
      FROM debian:bookworm-slim
      RUN apt update && apt install -y curl && rm -rf /var/lib/apt/lists/*
      #                 ^^^^^^^^^^^^^^^^^^^ apt-no-install-recommends
      `,
    },
    {
      name: 'short-flag cluster and continuation',
      code: `
      FROM debian:bookworm-slim
      RUN apt-get update \\
       && apt-get install -qqy \\
      #   ^^^^^^^^^^^^^^^^^^^^^^^ apt-no-install-recommends
          curl \\
       && rm -rf /var/lib/apt/lists/*
      `,
    },
  ],
});

fixTests('apt-no-install-recommends', [
  {
    // libcurl4 only recommends ca-certificates: without it curl over https exits 77.
    name: 'curl keeps ca-certificates by name',
    title: /keeping ca-certificates/,
    before: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    `,
    after: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install --no-install-recommends -y curl ca-certificates && rm -rf /var/lib/apt/lists/*
    `,
    safe: true,
  },
  {
    name: 'nothing the tools need is recommended',
    title: /^Add --no-install-recommends \(saves/,
    before: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y openssh-client && rm -rf /var/lib/apt/lists/*
    `,
    after: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install --no-install-recommends -y openssh-client && rm -rf /var/lib/apt/lists/*
    `,
    safe: true,
  },
  {
    name: 'gcc keeps libc6-dev (headers and crt files)',
    title: /keeping libc6-dev/,
    before: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*
    `,
    after: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install --no-install-recommends -y gcc libc6-dev && rm -rf /var/lib/apt/lists/*
    `,
    safe: true,
  },
  {
    name: 'gpg keeps dirmngr when a later command fetches keys',
    title: /keeping dirmngr/,
    before: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y gpg && rm -rf /var/lib/apt/lists/*
    RUN gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys 0123456789ABCDEF
    `,
    after: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install --no-install-recommends -y gpg dirmngr && rm -rf /var/lib/apt/lists/*
    RUN gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys 0123456789ABCDEF
    `,
    safe: true,
  },
  {
    name: 'git keeps openssh-client when it clones over ssh',
    title: /keeping ca-certificates, openssh-client/,
    before: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y git && git clone git@github.com:a/b.git /b && rm -rf /var/lib/apt/lists/*
    `,
    after: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install --no-install-recommends -y git ca-certificates openssh-client && git clone git@github.com:a/b.git /b && rm -rf /var/lib/apt/lists/*
    `,
    safe: true,
  },
]);

// A later pip install may compile: build-essential and python3-dev (only recommended by python3-pip) are kept by name (issue 13, class 3).
fixTests('apt-no-install-recommends', [
  {
    name: 'python3-pip then a pip install that may compile keeps build-essential and python3-dev by name',
    title: /keeping .*build-essential, python3-dev/,
    before: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/*
    RUN pip install --break-system-packages pyyaml
    `,
    after: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install --no-install-recommends -y python3-pip build-essential python3-dev && rm -rf /var/lib/apt/lists/*
    RUN pip install --break-system-packages pyyaml
    `,
    safe: true,
  },
]);

test('apt-no-install-recommends: no package names, or only a local .deb: nothing to report (issue 14)', () => {
  for (const code of ['FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y -f && rm -rf /var/lib/apt/lists/*\n', 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install /tmp/ros2-apt-source.deb && rm -rf /var/lib/apt/lists/*\n']) {
    assert.deepEqual(findingsFor(code).findings.filter((f) => f.rule === 'apt-no-install-recommends'), [], code);
  }
});

test('apt-no-install-recommends: unknown sizes on a full image built on buildpack-deps are a hint; on its slim tag a warning', () => {
  const sev = (from: string) =>
    findingsFor(`FROM ${from}\nRUN apt-get update && apt-get install -y libsqlite3-dev && rm -rf /var/lib/apt/lists/*\n`).findings
      .filter((f) => f.rule === 'apt-no-install-recommends')
      .map((f) => [f.severity, /buildpack-deps/.test(f.message)]);
  assert.deepEqual(sev('ruby:2.7'), [['hint', true]]);
  assert.deepEqual(sev('python:3.6-stretch'), [['hint', true]]);
  assert.deepEqual(sev('ruby:2.7-slim'), [['warning', false]]);
});

test('apt-no-install-recommends: packages the image\'s index lacks are judged by a Debian index that has them (issue 14)', () => {
  const found = (from: string, pkgs: string) =>
    findingsFor(`FROM ${from}\nRUN apt-get update && apt-get install -y ${pkgs} && rm -rf /var/lib/apt/lists/*\n`).findings
      .filter((f) => f.rule === 'apt-no-install-recommends')
      .map((f) => ({ severity: f.severity, message: f.message, bytes: f.waste?.bytes ?? 0 }));
  // php:7.2-apache (buster, not in the data): zip only recommends unzip (≈ 0.4 MB in bookworm): a hint, not a warning.
  const zip = found('php:7.2-apache', 'zip');
  assert.equal(zip.length, 1);
  assert.equal(zip[0].severity, 'hint');
  assert.match(zip[0].message, /bookworm's index, a stand-in/);
  // gcc's recommends are libc6-dev & co., which the fix keeps: little is left to save.
  assert.deepEqual(found('python:3.7-slim-stretch', 'gcc').map((f) => f.severity), ['hint']);
  // debconf-utils recommends nothing in any index: nothing to report.
  assert.deepEqual(found('php:7.2-apache', 'debconf-utils'), []);
  // software-properties-common is not in trixie: its bookworm recommends (appstream, packagekit-tools, …) are not 0 B.
  const spc = found('debian:trixie-slim', 'software-properties-common debconf-utils');
  assert.equal(spc.length, 1);
  assert.equal(spc[0].severity, 'warning');
  assert.ok(spc[0].bytes > 5_000_000, spc[0].message);
  // python3-pip's recommends (build-essential, python3-dev) are kept for a later pip install that may compile, but
  // they are hundreds of MB the image may not need: still a warning.
  const pip = findingsFor('FROM php:7.2-apache\nRUN apt-get update && apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/*\nRUN pip3 install torch\n').findings.filter((f) => f.rule === 'apt-no-install-recommends');
  assert.deepEqual(pip.map((f) => f.severity), ['warning']);
  assert.match(pip[0].message, /with what it keeps for a later step/);
  // Packages no index knows stay an honest unknown.
  assert.deepEqual(found('php:7.2-apache', 'no-such-package-xyz').map((f) => [f.severity, f.bytes]), [['warning', 0]]);
});

test('apt-no-install-recommends: packages no index knows, in a file that leaves recommends out elsewhere, are a hint (issue 14)', () => {
  const found = (code: string) =>
    findingsFor(code).findings.filter((f) => f.rule === 'apt-no-install-recommends').map((f) => [f.severity, /on purpose/.test(f.message)]);
  // docker-library/mongo: its own tools with --no-install-recommends, then mongodb-org from MongoDB's repository without.
  const mongo = `FROM ubuntu:noble
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates jq && rm -rf /var/lib/apt/lists/*
RUN echo 'deb http://repo.mongodb.org/apt/ubuntu noble/mongodb-org/8.0 multiverse' > /etc/apt/sources.list.d/mongodb-org.list
RUN apt-get update && apt-get install -y mongodb-org=8.0.26 mongodb-org-server=8.0.26 && rm -rf /var/lib/apt/lists/*
`;
  assert.deepEqual(found(mongo), [['hint', true]]);
  // The same install alone: nothing says the omission is deliberate, so the unknown stays a warning.
  assert.deepEqual(found(mongo.split('\n').filter((l) => !l.includes('jq')).join('\n')), [['warning', false]]);
  // A known size is evidence of its own: still a warning beside a --no-install-recommends install.
  assert.deepEqual(found('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends jq && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n'), [['warning', false]]);
});

test('apt-no-install-recommends: packages purged with --auto-remove later in the same RUN take their recommends along (issue 14)', () => {
  const found = (run: string) =>
    findingsFor(`FROM debian:bookworm-slim\nRUN ${run}\n`).findings.filter((f) => f.rule === 'apt-no-install-recommends').length;
  // apache/couchdb-docker: curl only to fetch a key, purged again with its dependencies.
  assert.equal(found('apt-get update; apt-get install -y curl; curl -fL -o keys.asc https://example.org/keys.asc; apt purge -y --autoremove curl; rm -rf /var/lib/apt/lists/*'), 0);
  assert.equal(found('apt-get update && apt-get install -y curl && apt-get purge -y curl && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*'), 0);
  // docker-library's idiom: everything installed since is marked auto, then purged with --auto-remove.
  assert.equal(found('apt-get update && apt-get install -y curl && apt-mark auto \'.*\' > /dev/null && apt-get purge -y --auto-remove && rm -rf /var/lib/apt/lists/*'), 0);
  // Removed without --auto-remove, or only some of the packages: the recommends stay.
  assert.equal(found('apt-get update && apt-get install -y curl && apt-get purge -y curl && rm -rf /var/lib/apt/lists/*'), 1);
  assert.equal(found('apt-get update && apt-get install -y curl wget && apt-get purge -y --auto-remove curl && rm -rf /var/lib/apt/lists/*'), 1);
});

test('apt-no-install-recommends: an install of which some packages are in no index is priced by what the known ones recommend, as a lower bound (gitpod, issue 14 fresh4)', () => {
  // The flag sits on an empty install; the real one names python3-pip (whose Recommends pull build-essential) beside
  // stretch's libclang-3.8-dev, which no index here has. Before: "size unknown", a hint because the file uses the flag.
  const code = `FROM rocker/r-ver:3.6.1
RUN apt-get update \\
  && apt-get install -y --no-install-recommends \\
  && apt-get install -y python3-pip git libclang-3.8-dev \\
  && rm -rf /var/lib/apt/lists/*
`;
  const found = findingsFor(code).findings.filter((f) => f.rule === 'apt-no-install-recommends');
  assert.equal(found.length, 1);
  assert.equal(found[0]!.severity, 'warning');
  assert.match(found[0]!.message, /at least ≈ [\d.]+ MB; libclang-3\.8-dev is in no index we have/);
  // Mostly unknown names: nothing is claimed.
  const unknown = findingsFor(`FROM rocker/r-ver:3.6.1
RUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get install -y libclang-3.8-dev libobjc-6-dev git && rm -rf /var/lib/apt/lists/*
`).findings.filter((f) => f.rule === 'apt-no-install-recommends');
  assert.deepEqual(unknown.map((f) => f.severity), ['hint']);
});

test('apt-no-install-recommends: on a full image built on buildpack-deps, a browser\'s recommends are priced on buildpack-deps\' packages (chi-calls-testing, issue 14 fresh4)', () => {
  const found = (pkgs: string) =>
    findingsFor(`FROM node:16\nRUN apt update -y\nRUN apt install -y ${pkgs}\n`).findings
      .filter((f) => f.rule === 'apt-no-install-recommends')
      .map((f) => [f.severity, /on buildpack-deps' packages, the fix leaves out ≈ [\d.]+ MB/.test(f.message)]);
  // buildpack-deps installs its packages with --no-install-recommends: chromium's upower, mesa drivers and fonts are not there.
  assert.deepEqual(found('chromium'), [['warning', true]]);
  // Build packages: buildpack-deps has their closure, the hint stays.
  assert.deepEqual(found('libsqlite3-dev'), [['hint', false]]);
});

test('apt-no-install-recommends: a stand-in-priced package after the stage added a vendor\'s apt repository, in a file that leaves recommends out elsewhere, is a hint (mono, issue 14 fresh4)', () => {
  const code = (source: string) =>
    [
      'FROM debian:buster-slim',
      'RUN apt-get update && apt-get install -y --no-install-recommends gnupg ca-certificates && rm -rf /var/lib/apt/lists/*',
      `RUN echo "deb ${source} stable-buster main" > /etc/apt/sources.list.d/vendor.list \\`,
      '  && apt-get update && apt-get install -y mono-runtime && rm -rf /var/lib/apt/lists/*',
      '',
    ].join('\n');
  const mine = (c: string) => findingsFor(c).findings.filter((f) => f.rule === 'apt-no-install-recommends');
  const vendor = mine(code('https://download.mono-project.com/repo/debian'));
  assert.deepEqual(vendor.map((f) => f.severity), ['hint']);
  assert.match(vendor[0].message, /vendor's apt repository/);
  // A Debian archive added (backports, a mirror) is still Debian's package: the stand-in decides.
  assert.deepEqual(mine(code('http://deb.debian.org/debian')).map((f) => f.severity), ['warning']);
  // No other install leaves recommends out: the author may not know the flag, a warning.
  const noFlag = mine(code('https://download.mono-project.com/repo/debian').replace(' --no-install-recommends', '')).filter((f) => f.instructionIndex === 2);
  assert.deepEqual(noFlag.map((f) => f.severity), ['warning']);
});

test('apt-no-install-recommends: with known sizes, the saving is net of what the fix keeps by name', () => {
  const finding = (code: string) => findingsFor(code).findings.filter((f) => f.rule === 'apt-no-install-recommends');
  // python3-pip recommends build-essential and python3-dev; a later pip install may compile, so the fix keeps them:
  // most of the recommends stay, and the finding's saving is what the fix really leaves out (the fix title's figure).
  const [kept] = finding('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/*\nRUN pip install --break-system-packages pyyaml\n');
  const all = /≈ ([\d.]+ [kMG]?B) that --no-install-recommends would leave out/.exec(kept.message);
  const net = /so the fix saves ≈ ([\d.]+ [kMG]?B)/.exec(kept.message);
  assert.ok(all && net, kept.message);
  assert.match(kept.fixes[0].title, new RegExp(`saves ~${net[1]!.replace('.', '\\.')}`));
  assert.ok(kept.waste!.bytes < 0.5 * parseBytes(all[1]!), `${kept.waste!.bytes} of ${all[1]}`);
  assert.ok(kept.waste!.high >= parseBytes(all[1]!), 'the high end: without the later step, the recommends could all go');
  // Without the later pip install nothing is kept for it: the saving is the whole of the recommends.
  const [alone] = finding('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/*\n');
  assert.doesNotMatch(alone.message, /so the fix saves/);
  assert.ok(alone.waste!.bytes > 0.9 * parseBytes(/≈ ([\d.]+ [kMG]?B) that/.exec(alone.message)![1]!), alone.message);
});

function parseBytes(s: string): number {
  const m = /^([\d.]+) ([kMG]?)B$/.exec(s)!;
  return Number(m[1]) * ({ '': 1, k: 1e3, M: 1e6, G: 1e9 } as Record<string, number>)[m[2]!]!;
}
