import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { compareDebVersions } from './debVersion';

// [a, b, expected sign]; cases from deb-version(7) and versions the base-image data really holds.
const cases: [string, string, -1 | 0 | 1][] = [
  ['1.0', '1.0', 0],
  ['1.0', '1.1', -1],
  ['1.10', '1.9', 1],
  ['1.0~rc1', '1.0', -1],
  ['1.0', '1.0+b1', -1],
  ['1:1.0', '2.0', 1],
  ['3.5.4-1', '3.5.9-1~deb13u1', -1],
  ['3.5.9-1~deb13u1', '3.5.9-1', -1],
  ['2.41-12+deb13u1', '2.41-12+deb13u5', -1],
  ['2.41-12+deb13u5', '2.41-12', 1],
  ['1:2.39.5-0+deb12u2', '1:2.39.5-0+deb12u1', 1],
  ['12.2.0-14+deb12u1', '12.2.0-14', 1],
  ['1.0-1', '1.0-1', 0],
  ['1.0a', '1.0', 1],
  ['1.0~~', '1.0~', -1],
  ['0001', '1', 0],
];

test('compareDebVersions orders like dpkg', () => {
  for (const [a, b, want] of cases) {
    assert.equal(Math.sign(compareDebVersions(a, b)), want, `${a} vs ${b}`);
    assert.equal(Math.sign(compareDebVersions(b, a)), want === 0 ? 0 : -want, `${b} vs ${a}`);
  }
});

test('compareDebVersions agrees with dpkg --compare-versions where dpkg is installed', (t) => {
  let hasDpkg = true;
  try {
    execFileSync('dpkg', ['--version'], { stdio: 'ignore' });
  } catch {
    hasDpkg = false;
  }
  if (!hasDpkg) return t.skip('no dpkg on this machine');
  for (const [a, b] of cases) {
    const lt = (() => {
      try {
        execFileSync('dpkg', ['--compare-versions', a, 'lt', b]);
        return true;
      } catch {
        return false;
      }
    })();
    assert.equal(compareDebVersions(a, b) < 0, lt, `${a} lt ${b}`);
  }
});
