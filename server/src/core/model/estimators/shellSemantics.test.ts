// Shell semantics the estimators must follow (issue 12, item 4): variables in package lists, `if`/`case`
// arms as alternatives, the savedAptMark / purge --auto-remove idioms, `make install` + deleting the
// source tree, group redirections, mktemp + mv, wrappers. Sizes come from the shipped Debian index
// (server/data/apt): each case compares against the same install written out, so the tables check
// the semantics, not a copied number.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseDockerfile } from '../../parse/dockerfile';
import { buildSizeModel } from '../sizeModel';
import { INSTALL_PURGE_RESIDUE, installAndPurgeResidue } from './apt';
import type { LayerModel, SizePart } from '../types';

const layersOf = (dockerfile: string, platform = 'linux/amd64') =>
  [...buildSizeModel(parseDockerfile(dockerfile), { platform }).layers.values()].filter((l) => l.makesLayer);
const lastLayer = (dockerfile: string, platform?: string): LayerModel => layersOf(dockerfile, platform).at(-1)!;
const aptParts = (l: LayerModel): SizePart[] => l.estimate.parts.filter((p) => p.label.startsWith('apt: ') && !/may upgrade/.test(p.label));
const aptBytes = (l: LayerModel) => aptParts(l).reduce((a, p) => a + p.bytes, 0);
const FROM = 'FROM debian:bookworm-slim\n';

test('variables: package lists in ENV, ARG and shell variables install what the list says', () => {
  const written = aptBytes(lastLayer(`${FROM}RUN apt-get install -y --no-install-recommends autoconf dpkg-dev file g++ gcc libc-dev make pkg-config re2c curl`));
  assert.ok(written > 100e6, `PHPIZE_DEPS written out: ${written}`);
  const cases: [string, string][] = [
    // docker-library/php: ENV over continuation lines, expanded unquoted (split into words).
    ['ENV with continuation lines', 'ENV PHPIZE_DEPS \\\n\t\tautoconf \\\n\t\tdpkg-dev \\\n\t\tfile \\\n\t\tg++ \\\n\t\tgcc \\\n\t\tlibc-dev \\\n\t\tmake \\\n\t\tpkg-config \\\n\t\tre2c\nRUN apt-get install -y --no-install-recommends $PHPIZE_DEPS curl'],
    ['ENV key=value, braces', 'ENV PHPIZE_DEPS="autoconf dpkg-dev file g++ gcc libc-dev make pkg-config re2c"\nRUN apt-get install -y --no-install-recommends ${PHPIZE_DEPS} curl'],
    ['ARG default', 'ARG BUILD_DEPS="autoconf dpkg-dev file g++ gcc libc-dev make pkg-config re2c"\nRUN apt-get install -y --no-install-recommends $BUILD_DEPS curl'],
    ['shell variable earlier in the RUN', 'RUN buildDeps="autoconf dpkg-dev file g++ gcc libc-dev make pkg-config re2c"; apt-get install -y --no-install-recommends $buildDeps curl'],
    ['export and += in the RUN', 'RUN export DEPS="autoconf dpkg-dev file g++ gcc"; DEPS+=" libc-dev make pkg-config re2c"; apt-get install -y --no-install-recommends $DEPS curl'],
    ['${VAR:-default} of an undeclared variable', 'RUN apt-get install -y --no-install-recommends ${DEPS:-autoconf dpkg-dev file g++ gcc libc-dev make pkg-config re2c} curl'],
    ['${VAR:-default} of an ARG without a value', 'ARG DEPS\nRUN apt-get install -y --no-install-recommends ${DEPS:-autoconf dpkg-dev file g++ gcc libc-dev make pkg-config re2c} curl'],
  ];
  for (const [name, body] of cases) {
    const l = lastLayer(FROM + body);
    assert.equal(aptBytes(l), written, name);
    assert.ok(!l.estimate.parts.some((p) => p.unknown), `${name}: ${l.estimate.parts.map((p) => p.label).join(' | ')}`);
  }
});

test('variables: a version pin in a variable still names the package; unknown values stay unknown', () => {
  const jq = aptBytes(lastLayer(`${FROM}RUN apt-get install -y --no-install-recommends jq`));
  assert.equal(aptBytes(lastLayer(`${FROM}RUN apt-get install -y --no-install-recommends jq=$JQ_VERSION`)), jq, 'unknown pin');
  assert.equal(aptBytes(lastLayer(`${FROM}ENV JQ_VERSION=1.6-2.1\nRUN apt-get install -y --no-install-recommends "jq=\${JQ_VERSION}"`)), jq, 'known pin');
  const unknowns: [string, RegExp][] = [
    ['RUN pkgs="$(cat /pkgs.txt)"; apt-get install -y $pkgs', /^apt: \$pkgs$/],
    ['RUN for p in jq curl; do apt-get install -y $p; done', /^apt: \$p$/],
    ['RUN . /etc/os-release; apt-get install -y ${EXTRA:-jq}', /^apt: \$\{EXTRA:-jq\}$/],
    ['ARG DEPS\nRUN apt-get install -y $DEPS', /^apt: \$DEPS$/],
  ];
  for (const [body, label] of unknowns) {
    const l = lastLayer(FROM + body);
    const p = l.estimate.parts.find((x) => label.test(x.label));
    assert.ok(p?.unknown, `${body}: ${l.estimate.parts.map((x) => x.label).join(' | ')}`);
  }
});

test('case/if: an arm the platform decides runs alone; an undecided one is a range, not a sum', () => {
  const jq = aptBytes(lastLayer(`${FROM}RUN apt-get install -y --no-install-recommends jq`));
  const gcc = aptBytes(lastLayer(`${FROM}RUN apt-get install -y --no-install-recommends gcc`));
  const gccArm = aptBytes(lastLayer(`${FROM}RUN apt-get install -y --no-install-recommends gcc`, 'linux/arm64'));
  const byArch = (word: string) => `${FROM}RUN arch="${word}"; case "$arch" in amd64|x86_64) apt-get install -y --no-install-recommends jq ;; arm64|aarch64) apt-get install -y --no-install-recommends gcc ;; *) echo "unsupported: $arch"; exit 1 ;; esac`;
  for (const word of ['$(dpkg --print-architecture)', '$(uname -m)', '$(dpkg --print-architecture | awk -F- \'{ print $NF }\')']) {
    assert.equal(aptBytes(lastLayer(byArch(word))), jq, `${word} on amd64`);
    assert.equal(aptBytes(lastLayer(byArch(word), 'linux/arm64')), gccArm, `${word} on arm64`);
  }
  assert.equal(aptBytes(lastLayer(`${FROM}ARG TARGETARCH\nRUN case "$TARGETARCH" in amd64) apt-get install -y --no-install-recommends jq ;; arm64) apt-get install -y --no-install-recommends gcc ;; esac`)), jq, 'TARGETARCH');

  // Nobody knows `$1`-like words before the build: the smallest to the largest arm (the failing `*)` arm is none).
  const undecided = lastLayer(byArch('$(cat /etc/arch)'));
  const range = undecided.estimate.parts.find((p) => /^one of 2 branches of `case \$arch`/.test(p.label));
  assert.ok(range, undecided.estimate.parts.map((p) => p.label).join(' | '));
  assert.equal(range.confidence, 'low');
  assert.ok(Math.abs(range.low - jq * 0.75) / jq < 0.01 || range.low <= jq, `low ${range.low} vs jq ${jq}`);
  assert.ok(range.high >= gcc && range.bytes <= gcc * 1.01 && range.bytes >= gcc * 0.99, `range ${range.low}–${range.high} (${range.bytes}) vs gcc ${gcc}`);
  assert.ok(undecided.estimate.bytes < jq + gcc, 'not a sum');

  // `if` without `else`: it may install nothing.
  const maybe = lastLayer(`${FROM}RUN if [ -f /etc/extra ]; then apt-get install -y --no-install-recommends gcc; fi`).estimate.parts.find((p) => /^one of 2 branches of `if … fi`/.test(p.label));
  assert.ok(maybe && maybe.low === 0 && maybe.high >= gcc, `if without else: ${maybe?.low}–${maybe?.high}`);
  // A condition on words the Dockerfile sets is decided.
  assert.equal(aptBytes(lastLayer(`${FROM}ENV WITH_GCC=1\nRUN if [ -n "$WITH_GCC" ]; then apt-get install -y --no-install-recommends gcc; else apt-get install -y --no-install-recommends jq; fi`)), gcc);
  assert.equal(aptBytes(lastLayer(`${FROM}ARG FLAVOR=small\nRUN if [ "$FLAVOR" = "full" ]; then apt-get install -y --no-install-recommends gcc; elif [ "$FLAVOR" = small ]; then apt-get install -y --no-install-recommends jq; fi`)), jq);
  assert.equal(aptBytes(lastLayer(`${FROM}RUN if ! [ -z "x" ]; then apt-get install -y --no-install-recommends jq; fi`)), jq, 'negated test');
});

test('purge: the auto-installed closure goes with the package, in the same RUN', () => {
  const installed = lastLayer(`${FROM}RUN apt-get update && apt-get install -y gcc git make && rm -rf /var/lib/apt/lists/*`);
  assert.ok(aptBytes(installed) > 250e6, `gcc git make with recommends: ${aptBytes(installed)}`);
  const forms = [
    'apt-get purge -y --auto-remove gcc git make',
    'apt-get purge -y gcc git make && apt-get autoremove -y',
    'apt-get remove -y gcc git make; apt-get autoremove --purge -y',
  ];
  for (const purge of forms) {
    const l = lastLayer(`${FROM}RUN apt-get update && apt-get install -y gcc git make && make -v && ${purge} && rm -rf /var/lib/apt/lists/*`);
    assert.equal(aptBytes(l), 0, `${purge}: ${aptParts(l).map((p) => `${p.label} ${p.bytes}`).join(' | ')}`);
    const db = l.estimate.parts.find((p) => /^dpkg database/.test(p.label));
    assert.ok(db && db.bytes > 100e3 && db.bytes < 3e6, `${purge}: dpkg database stays: ${db?.bytes}`);
    assert.ok(l.estimate.bytes < 12e6, `${purge}: ${l.estimate.bytes}`);
  }
  // Without --auto-remove only the named package goes: its dependencies stay.
  const plain = lastLayer(`${FROM}RUN apt-get install -y --no-install-recommends gcc && apt-get purge -y gcc`);
  const gcc = aptBytes(lastLayer(`${FROM}RUN apt-get install -y --no-install-recommends gcc`));
  assert.ok(aptBytes(plain) > gcc * 0.9, `purge without autoremove keeps the dependencies: ${aptBytes(plain)} of ${gcc}`);
  // Dependencies of a package still installed stay: purging jq alone keeps gcc's closure.
  const both = aptBytes(lastLayer(`${FROM}RUN apt-get install -y --no-install-recommends gcc jq && apt-get purge -y --auto-remove jq`));
  assert.ok(Math.abs(both - gcc) / gcc < 0.02, `gcc kept: ${both} vs ${gcc}`);
});

test('savedAptMark: only what is marked manual again survives; the ldd idiom keeps a range of libraries', () => {
  const saved = (middle: string) =>
    `${FROM}RUN set -eux; savedAptMark="$(apt-mark showmanual)"; apt-get update; apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev; make; apt-mark auto '.*' > /dev/null; ${middle} apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; rm -rf /var/lib/apt/lists/*`;
  const none = lastLayer(saved('[ -z "$savedAptMark" ] || apt-mark manual $savedAptMark;'));
  assert.equal(aptBytes(none), 0, aptParts(none).map((p) => p.label).join(' | '));
  // Marked manual again: libpq5 and what it needs stay, the compiler goes.
  const libpq5 = aptBytes(lastLayer(`${FROM}RUN apt-get install -y --no-install-recommends libpq5`));
  const kept = lastLayer(saved('apt-mark manual $savedAptMark libpq5;'));
  assert.ok(Math.abs(aptBytes(kept) - libpq5) / libpq5 < 0.05, `libpq5 closure ${libpq5}, kept ${aptBytes(kept)}`);
  // find … ldd … | xargs -r apt-mark manual: between none and all of the runtime libraries installed.
  const ldd = lastLayer(saved(`apt-mark manual $savedAptMark; find /usr/local -type f -executable -exec ldd '{}' ';' | awk '/=>/ { print $(NF-1) }' | sort -u | xargs -r dpkg-query --search | cut -d: -f1 | sort -u | xargs -r apt-mark manual;`));
  const range = ldd.estimate.parts.find((p) => /ldd/.test(p.label));
  assert.ok(range && range.low === 0 && range.high >= libpq5 && range.confidence === 'low', `${range?.label} ${range?.low}–${range?.high}`);
  assert.ok(!/gcc|cpp/.test(range.label), range.label);
});

test('install and purge in one RUN: dpkg status + status-old for every package still installed, the logs of every package installed and removed, debconf copied up', () => {
  // Real BuildKit layers on Ubuntu noble (bench/accuracy/apt-install-purge-residue.json): odoo's nodejs/npm RUN
  // (350 packages in and out, 233 installed after) and an install + purge of jq (3 packages, 231 after).
  const m = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../../bench/accuracy/apt-install-purge-residue.json'), 'utf8'));
  const odoo = m.buildkit[Object.keys(m.buildkit).find((k) => k.startsWith('odoo npm RUN'))!];
  const dpkgAndLogs = odoo.partsGzip['var/lib/dpkg'] + odoo.partsGzip['var/log'];
  const r = installAndPurgeResidue(m.installedAfter, m.cycledPackages);
  assert.ok(Math.abs(r.compressedBytes / dpkgAndLogs - 1) < 0.1, `${r.compressedBytes} vs ${dpkgAndLogs} measured`);
  const jq = m.buildkit['apt-get install jq && apt-get purge -y --autoremove jq'];
  const debconf = odoo.files['var/cache/debconf/templates.dat'][0] + odoo.files['var/cache/debconf/config.dat'][0];
  const whole = installAndPurgeResidue(jq.installedAfter, jq.cycledPackages, debconf);
  assert.ok(Math.abs(whole.compressedBytes / jq.layerGzip - 1) < 0.1, `jq in and out: ${whole.compressedBytes} vs the layer's ${jq.layerGzip}`);
  assert.ok(Math.abs(installAndPurgeResidue(m.installedAfter, 0).bytes / 2 / INSTALL_PURGE_RESIDUE.statusBytesPerPackage / m.installedAfter - 1) < 0.5);
  // In a Dockerfile: the same install + purge after a RUN that installed more packages leaves a bigger status.
  const run = 'RUN apt-get update && apt-get install -y --no-install-recommends gcc make && make -v && apt-get purge -y --auto-remove gcc make && rm -rf /var/lib/apt/lists/*';
  const residue = (l: LayerModel) => l.estimate.parts.find((p) => /^dpkg database and logs after installing and purging \d+ packages/.test(p.label));
  const alone = residue(lastLayer(`${FROM}${run}`));
  const after = residue(lastLayer(`${FROM}RUN apt-get update && apt-get install -y --no-install-recommends python3 curl && rm -rf /var/lib/apt/lists/*\n${run}`));
  assert.ok(alone && after, 'the install + purge leaves a residue part');
  const extra = after!.bytes - alone!.bytes;
  // python3 and curl add ~30 packages on bookworm-slim: two status copies of ~982 B and ~545 B of log lines each.
  assert.ok(extra > 2500 * 15 && extra < 2500 * 60, `status grows with the packages installed earlier: ${extra}`);
  assert.equal(alone!.confidence, 'low');
});

test('purge in a later RUN: the whole closure is an earlier layer deleted (still shipped); the layer holds dpkg database and whiteouts', () => {
  const layers = layersOf(`${FROM}RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*\nRUN apt-get purge -y --auto-remove gcc libc6-dev`);
  const [install, purge] = [layers[0]!, layers[1]!];
  const installed = aptBytes(install);
  const touched = purge.touchedEarlier.reduce((a, t) => a + t.bytes, 0);
  assert.ok(touched > installed * 0.95 && touched <= installed, `credited ${touched} of ${installed}`);
  assert.notEqual(purge.estimate.confidence, 'exact');
  const db = purge.estimate.parts.find((p) => /^dpkg database and \d+ whiteouts/.test(p.label));
  assert.ok(db && db.bytes > 500e3 && db.bytes < 5e6, `purge layer: ${db?.label} ${db?.bytes}`);
  // Without --auto-remove: only the named packages.
  const named = layersOf(`${FROM}RUN apt-get install -y --no-install-recommends gcc\nRUN apt-get purge -y gcc`)[1]!;
  const gccOnly = named.touchedEarlier.reduce((a, t) => a + t.bytes, 0);
  assert.ok(gccOnly > 0 && gccOnly < installed * 0.05, `purge gcc alone: ${gccOnly}`);
});

test('make install survives deleting the source tree; make clean does not remove it', () => {
  for (const tail of ['cd / && rm -rf /usr/src/app', 'make clean && cd / && rm -rf /usr/src/app']) {
    const l = lastLayer(`${FROM}RUN mkdir -p /usr/src/app && cd /usr/src/app && ./configure && make -j4 && make install && ${tail}`);
    const p = l.estimate.parts.find((x) => /^files `make install` installs into \/usr\/local/.test(x.label));
    assert.ok(p?.unknown, `${tail}: ${l.estimate.parts.map((x) => x.label).join(' | ')}`);
    assert.notEqual(l.estimate.confidence, 'exact');
  }
  const prefixed = lastLayer(`${FROM}RUN cd /src && ./configure --prefix=/opt/x && make && make install && rm -rf /src`);
  assert.ok(prefixed.estimate.parts.some((p) => p.label.endsWith('installs into /opt/x')), prefixed.estimate.parts.map((p) => p.label).join(' | '));
});

test('group redirections, mktemp + mv, wrappers', () => {
  const group = lastLayer(`${FROM}RUN set -eux; { echo 'Package: php*'; echo 'Pin: release *'; echo 'Pin-Priority: -1'; } > /etc/apt/preferences.d/no-debian-php`);
  const file = group.estimate.parts.find((p) => p.label.startsWith('/etc/apt/preferences.d/no-debian-php'));
  assert.equal(file?.bytes, 'Package: php*\nPin: release *\nPin-Priority: -1\n'.length);
  const unknownGroup = lastLayer(`${FROM}RUN { echo a; cat /etc/hosts; } > /x`).estimate.parts.find((p) => p.label.startsWith('/x'));
  assert.ok(unknownGroup?.unknown);

  const moved = lastLayer(`${FROM}RUN set -eux; dir="$(mktemp -d)"; tar -xzf /tmp/app.tgz -C "$dir"; mv "$dir/app" /opt/app; rm -rf "$dir"`);
  assert.ok(moved.estimate.parts.some((p) => p.unknown && /moved to \/opt\/app/.test(p.label)), moved.estimate.parts.map((p) => p.label).join(' | '));
  assert.ok(moved.created.some((e) => e.path === '/opt/app'));

  const jq = aptBytes(lastLayer(`${FROM}RUN apt-get install -y --no-install-recommends jq`));
  for (const wrapped of ['sudo -E apt-get install -y --no-install-recommends jq', `su -c 'apt-get install -y --no-install-recommends jq' root`, 'gosu root apt-get install -y --no-install-recommends jq', 'env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends jq']) {
    assert.equal(aptBytes(lastLayer(`${FROM}RUN ${wrapped}`)), jq, wrapped);
  }
});
