/** gem install: Debian's ruby-* packages (the bundled bookworm index) stand in for pure-Ruby gems; native ones stay unknown. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDockerfile } from '../../analyze';
import { isRubyImage } from './gem';

function parts(text: string) {
  const a = analyzeDockerfile(text, {} as never, {});
  return [...a.model.layers.values()].filter((l) => l.makesLayer).map((l) => ({ parts: l.estimate.parts, created: l.created }));
}

test('gem install: pure-Ruby gems from the Debian stand-in, with their ruby-* dependencies once; native and unknown gems say why', () => {
  // Installed-Size of Debian bookworm amd64 (the bundled apt index): sinatra 205824, mustermann 162816,
  // ruby2-keywords 20480, rack 481280, rack-protection 105472, tilt 112640; thor 225280; rake 278528.
  const table: [gems: string, bytes: number, unknown: RegExp[]][] = [
    ['sinatra', 205824 + 162816 + 20480 + 481280 + 105472 + 112640, []],
    ['rack thor', 481280 + 225280, []],
    ['rake', 278528, []],
    ['nokogiri', 0, [/^gem: nokogiri a native extension/]],
    ['thor nokogiri surely-no-such-gem-qq', 225280, [/^gem: nokogiri a native extension/, /^gem: surely-no-such-gem-qq no Debian bookworm package/]],
  ];
  for (const [gems, bytes, unknown] of table) {
    const [layer] = parts(`FROM ruby:3.2-slim-bookworm\nRUN gem install --no-document ${gems}\n`);
    const known = layer!.parts.find((p) => p.label.startsWith('gem: ') && !p.unknown);
    assert.equal(known?.bytes ?? 0, bytes, gems);
    if (known) {
      assert.equal(known.confidence, 'low');
      assert.equal(known.low, Math.round(bytes * 0.8));
      assert.equal(known.high, Math.round(bytes * 3));
      assert.match(known.source, /stand-in: Debian bookworm .*rubygems\.org is not reachable/);
    }
    const unknownParts = layer!.parts.filter((p) => p.unknown).map((p) => `${p.label} ${p.source}`);
    for (const re of unknown) assert.ok(unknownParts.some((u) => re.test(u)), `${gems}: ${re} in ${unknownParts.join(' | ')}`);
    assert.ok(layer!.created.some((e) => e.path === '/usr/local/bundle/cache' && e.unknown), 'the .gem cache: unknown size');
    assert.ok(layer!.created.filter((e) => e.kind === 'packages').every((e) => e.path === '/usr/local/bundle' || e.path.startsWith('/usr/local/bundle/gems/')), 'GEM_HOME of the ruby images');
  }
});

test('gem install: a dependency counted by an earlier layer is not counted again; GEM_HOME and --install-dir decide the path', () => {
  const [first, second, third] = parts('FROM debian:bookworm-slim\nENV GEM_HOME=/opt/gems\nRUN gem install sinatra\nRUN gem install rack-protection tilt\nRUN gem install -i /srv/gems thor\n');
  assert.ok(first!.created.some((e) => e.path === '/opt/gems' && e.kind === 'packages'));
  assert.equal(second!.parts.find((p) => p.label.startsWith('gem: ') && !p.unknown), undefined, 'rack-protection and tilt came with sinatra');
  assert.equal(third!.parts.find((p) => p.label.startsWith('gem: thor'))?.bytes, 225280);
  assert.ok(third!.created.some((e) => e.path === '/srv/gems/cache'));
});

test('isRubyImage: the ruby images (GEM_HOME=/usr/local/bundle), as gem install and the bundler cache mount read them', () => {
  const table: [image: string, ruby: boolean][] = [
    ['ruby', true],
    ['ruby:3.3-slim', true],
    ['ruby@sha256:0123', true],
    ['docker.io/library/ruby:3', true],
    ['public.ecr.aws/docker/library/ruby:3.3', true],
    ['rubyx:1', false],
    ['jruby:9', false],
    ['debian:bookworm', false],
    ['', false],
  ];
  for (const [image, ruby] of table) assert.equal(isRubyImage(image), ruby, image);
  // A bare `FROM ruby` installs into its GEM_HOME, as `FROM ruby:3.3` does (the old `ruby:` test missed it).
  const [layer] = parts('FROM ruby\nRUN gem install --no-document thor\n');
  assert.ok(layer!.created.some((e) => e.path === '/usr/local/bundle' || e.path.startsWith('/usr/local/bundle/')), 'GEM_HOME of a bare ruby image');
});
