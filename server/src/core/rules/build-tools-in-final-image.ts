// Rule: build-tools-in-final-image
// Compilers, -dev headers and SDK images in the stage that ships, next to a build step: a multi-stage build leaves them behind.
import { aptSubcommand, isApt } from '../model/estimators/apt';
import { apkArgs } from '../model/estimators/apk';
import { buildStep } from '../model/estimators/downloads';
import { DNF_COMMANDS } from '../model/estimators/rpm';
import type { LayerEntry } from '../model/estimators/runContext';
import type { AptInstallFact } from '../model/types';
import { onBuildpackDeps, parseImageRef, smallerVariants } from '../data/baseImages';
import type { ShellCommand } from '../parse/shell';
import { formatBytes } from '../model/format';
import { argOffset, runsApplication } from './layerHelpers';
import type { Rule } from './types';
import { UNKNOWN_WASTE, waste } from './types';

/** Package names that only matter for building (Debian, Alpine, Fedora spellings). */
export const BUILD_PACKAGE = /^(build-essential|build-base|gcc(-\d+)?|g\+\+(-\d+)?|cpp(-\d+)?|gcc-c\+\+|clang(-\d+)?|llvm(-\d+)?(-dev)?|make|cmake|ninja-build|autoconf|automake|libtool|pkg-?config|pkgconf|dpkg-dev|binutils(-.*)?|bison|flex|musl-dev|libc6-dev|libc-dev|linux-headers|linux-libc-dev|libstdc\+\+-\d+-dev|libgcc-\d+-dev|.+-dev|.+-devel|rustc|cargo|golang(-go)?|openjdk-\d+-jdk(-headless)?|maven|gradle)$/;

/** SDK images that are only a toolchain (no runtime image of their own name to fall back on). */
const TOOLCHAIN_ONLY = new Set(['golang', 'rust', 'gcc', 'maven', 'gradle']);

/** Images whose point is a toolchain; the shipped image rarely needs it. */
const SDK_IMAGES = new Set(['golang', 'rust', 'gcc', 'maven', 'gradle', 'buildpack-deps']);

const PACKAGE_INSTALL = (c: ShellCommand) => (isApt(c) && aptSubcommand(c).sub === 'install') || (c.name === 'apk' && apkArgs(c).operands[0]?.value === 'add') || (DNF_COMMANDS.has(c.name) && c.argv.some((w) => w.value === 'install'));
const PACKAGE_REMOVE = (c: ShellCommand) => (isApt(c) && ['purge', 'remove', 'autoremove', 'autopurge'].includes(aptSubcommand(c).sub)) || (c.name === 'apk' && apkArgs(c).operands[0]?.value === 'del') || (DNF_COMMANDS.has(c.name) && c.argv.some((w) => w.value === 'remove' || w.value === 'autoremove'));
/** Steps that compile something (and so are the reason the tools are there). */
const BUILDS_SOMETHING = (c: ShellCommand) =>
  !!buildStep(c) ||
  (/^pip3?$|^python3?$|^uv$/.test(c.name) && c.argv.some((w) => w.value === 'install')) ||
  (['npm', 'yarn', 'pnpm'].includes(c.name) && ['install', 'ci', 'i', 'add'].includes(c.argv[1]?.value ?? '')) ||
  ((c.name === 'gem' || c.name === 'bundle') && c.argv[1]?.value === 'install') ||
  c.name === 'configure';

export const buildToolsInFinalImage: Rule = {
  meta: {
    id: 'build-tools-in-final-image',
    defaultSeverity: 'info',
    description: 'Compilers, headers and SDK images in the shipped stage: build in a separate stage and copy only the result.',
    fixable: false,
    shippedOnly: true,
  },
  check(ctx) {
    const { text } = ctx.parsed;
    for (const stage of ctx.model.stages) {
      if (!stage.ships) continue;
      // Only what this stage adds; a parent stage reports its own.
      const runs = stage.parsed.instructions.filter((i) => i.keyword === 'RUN' && i.shell && !i.onbuild);
      const buildCmds = runs.flatMap((i) => i.shell!.commands.filter((c) => !c.conditional && !c.inCondition && BUILDS_SOMETHING(c)).map((c) => ({ instr: i, cmd: c })));
      // Build steps whose RUN also purges its build dependencies are the official images' idiom.
      const keptBuilds = buildCmds.filter(({ instr }) => !instr.shell!.commands.some(PACKAGE_REMOVE));
      let reported = false;
      const root = stage.base.parentStage === undefined ? stage : undefined;
      // The image as written decides (a fallback key like node:latest for node:16-slim is another variant).
      const written = root ? root.parsed.image : '';
      const repo = root && !written.includes('$') ? parseImageRef(written).repository.replace(/^library\//, '') : undefined;
      const writtenTag = written.slice(written.lastIndexOf(':') + 1);
      // golang:alpine and rust:alpine are the whole toolchain on musl, not a runtime: only node's and the JDK's
      // slim/alpine tags (and buildpack-deps' curl/scm ones) leave the compilers out.
      const sdk =
        repo &&
        ((SDK_IMAGES.has(repo) && !/-curl$|-scm$|^(curl|scm)$/.test(writtenTag)) || ((repo === 'node' || /jdk/.test(writtenTag)) && !/slim|alpine/.test(writtenTag)));
      // Tools matter above a hint only where the stage clearly runs an app, not in a toolchain or CI image.
      // An R image (rocker/*, r-base): R installs packages from source at run time (install.packages on Linux compiles),
      // so compilers and -dev libraries are what its users need, not leftovers (issue 14: gitpod's RStudio image).
      const forR = !!repo && (/^rocker\//.test(repo) || repo === 'r-base' || repo === 'rhub/r-minimal');
      const severity = runsApplication(ctx.model.stages, stage) && !forR ? undefined : 'hint';
      // Installing packages is not compiling: an SDK base is the point only when something is built in it.
      const compiles = keptBuilds.filter(({ cmd }) => !!buildStep(cmd) || cmd.name === 'configure');

      // 1. Build packages installed and kept, with something built in this stage. On an SDK base the
      // toolchain comes with the base (python:3.12 adds tk-dev & co. to buildpack-deps): the few -dev
      // packages on top are not the point, the base choice is (2. says it once, on FROM).
      if (keptBuilds.length && !(root && sdk && compiles.length)) {
        for (const instr of runs) {
          if (reported) break; // one report per stage: the first RUN that keeps them
          const cmds = instr.shell!.commands;
          const install = cmds.find((c) => PACKAGE_INSTALL(c) && !c.conditional && c.argv.some((w) => BUILD_PACKAGE.test(w.value.replace(/[=:].*$/, ''))));
          if (!install) continue;
          if (cmds.slice(cmds.indexOf(install) + 1).some(PACKAGE_REMOVE)) continue; // purged in the same RUN
          const names = install.argv.map((w) => w.value.replace(/[=:].*$/, '')).filter((v) => BUILD_PACKAGE.test(v));
          const layer = ctx.layer(instr);
          const aptFact = layer?.facts.apt.find((f) => f.command === install);
          const toolchain = aptFact ? toolchainOnly(aptFact) : new Set<string>();
          let bytes = 0;
          let known = false;
          for (const e of (layer?.created ?? []) as LayerEntry[]) {
            if (e.kind !== 'packages' || !e.members) continue;
            for (const [pkg, b] of e.members) {
              if (toolchain.has(pkg) || BUILD_PACKAGE.test(pkg) || /^(libgcc-\d+-dev|libstdc\+\+-\d+-dev|cpp-\d+|gcc-\d+-base|libisl\d*|libmpc\d*|libmpfr\d*|libasan\d*|libtsan\d*|liblsan\d*|libubsan\d*|libitm\d*|libquadmath\d*|libcc1-\d+)$/.test(pkg)) {
                bytes += b;
                known = true;
              }
            }
          }
          // The base already had them (python, ruby, node full images are built on buildpack-deps): this install
          // adds none of them, so there is nothing to move out of this layer (the base choice is large-base-image's).
          if (aptFact && !aptFact.unknownPackages.length && !known) continue;
          if (aptFact && aptFact.unknownPackages.length && root && onBuildpackDeps(root.parsed.resolvedImage)) continue;
          // A later RUN that purges them hides them from the final file system; this layer still ships them.
          const purgedBy = runs.find((r) => r.index > instr.index && r.shell!.commands.some((c) => PACKAGE_REMOVE(c) && c.argv.some((w) => names.includes(w.value.replace(/[=:].*$/, '')))));
          const toolList = `${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}`;
          const size = known ? `≈ ${formatBytes(bytes)}` : 'size unknown';
          ctx.report({
            instruction: instr,
            start: install.start,
            end: install.end,
            message: purgedBy
              ? `Build tools (${toolList}) are purged by the RUN on line ${purgedBy.line + 1}, but only from the final file system: this layer still ships them (${size}); install, build and purge in one RUN, or build in a separate stage and copy only the result.`
              : `Build tools (${toolList}) stay in the shipped image (${size}); build in a separate stage and copy only the result.`,
            waste: known ? waste(bytes, bytes * 0.75, bytes * 1.35) : UNKNOWN_WASTE,
            severity,
            // dnf-cache-kept's manager for microdnf and dnf5 (engine RULE_MANAGER), yum's own.
            manager: isApt(install) ? 'apt' : install.name === 'microdnf' || install.name === 'dnf5' ? 'dnf' : install.name,
          });
          reported = true;
        }
      }

      // 2. An SDK image as the shipped base, with a build step in it.
      if (root && sdk && compiles.length && !reported) {
        const from = root.parsed.from;
        const at = argOffset(text, from, root.parsed.image);
        // A runtime image to copy into: a slim/JRE/scratch variant if there is one, else the one that saves most.
        const variants = smallerVariants(root.base.image, ctx.model.options.platform);
        const bySaving = [...variants].sort((a, b) => (b.savesUncompressedBytes ?? b.savesBytes ?? 0) - (a.savesUncompressedBytes ?? a.savesBytes ?? 0));
        const runtime = variants.find((v) => /slim|jre|scratch|distroless/.test(v.key)) ?? bySaving[0];
        const saves = runtime?.savesUncompressedBytes ?? runtime?.savesBytes;
        ctx.report({
          instruction: from,
          start: at >= 0 ? at : from.start,
          end: at >= 0 ? at + root.parsed.image.length : from.end,
          message: `The shipped image is the SDK image ${written} and builds in it (\`${compiles[0].cmd.name}\` on line ${compiles[0].instr.line + 1}); a multi-stage build that copies the result into ${runtime ? `${runtime.key} would leave about ${saves !== undefined ? formatBytes(saves) : 'an unknown amount'} behind` : 'a runtime image would leave the toolchain behind'}.`,
          waste: saves !== undefined ? waste(saves, saves * 0.8, saves * 1.2) : UNKNOWN_WASTE,
          severity,
        });
        reported = true;
      }

      // 2b. A toolchain image shipped only to run what was built elsewhere: nothing is built or installed in it, the stage
      // copies an app in and starts it (`FROM maven:3-jdk-8-alpine`, `COPY target/app.jar`, `java -jar`: issue 14's
      // simple-java-maven-app). node and buildpack-deps are large-base-image's (their slim tags are the same image's).
      if (root && sdk && !reported && !buildCmds.length && repo && TOOLCHAIN_ONLY.has(repo) && runsApplication(ctx.model.stages, stage)) {
        const from = root.parsed.from;
        const at = argOffset(text, from, root.parsed.image);
        const variants = smallerVariants(root.base.image, ctx.model.options.platform);
        const runtime = variants.find((v) => /slim|jre|scratch|distroless/.test(v.key));
        const saves = runtime?.savesUncompressedBytes ?? runtime?.savesBytes;
        const instead = repo === 'maven' || repo === 'gradle' ? 'a JRE image of the same Java (eclipse-temurin:<N>-jre)' : runtime ? runtime.key : 'a runtime image (debian:bookworm-slim, distroless, scratch for a static binary)';
        ctx.report({
          instruction: from,
          start: at >= 0 ? at : from.start,
          end: at >= 0 ? at + root.parsed.image.length : from.end,
          message: `The shipped image is the toolchain image ${written}, but nothing is built in it: it only runs what it copies in; ${instead} would leave the toolchain out (${saves !== undefined ? `≈ ${formatBytes(saves)}` : 'size unknown'}).`,
          waste: saves !== undefined ? waste(saves, saves * 0.8, saves * 1.2) : UNKNOWN_WASTE,
        });
        reported = true;
      }

      // 3. A compile step that leaves its output and tools in the shipped stage.
      if (!reported) {
        for (const { instr, cmd } of keptBuilds) {
          if (!buildStep(cmd)) continue;
          // `npm run build`: its toolchain is the devDependencies, which npm-dev-dependencies reports at the install.
          if (['npm', 'yarn', 'pnpm'].includes(cmd.name)) continue;
          const layer = ctx.layer(instr);
          // Built and cleaned up in the same RUN (`make install && rm -rf /usr/src/x`): nothing left to move.
          if (layer && !layer.created.some((e) => e.kind === 'build-output')) continue;
          ctx.report({
            instruction: instr,
            start: cmd.start,
            end: cmd.end,
            message: `\`${cmd.argv.slice(0, 3).map((w) => w.value).join(' ')}\` builds in the shipped stage, so sources, intermediate files and the toolchain ship too (size unknown); build in a separate stage and copy only the result.`,
            waste: UNKNOWN_WASTE,
            severity,
          });
          break;
        }
      }
    }
  },
};

/**
 * The packages of an apt install that are there only for the toolchain it names (golang-go's golang-1.19-go and
 * -src, gcc's binutils and libisl): reached from a compiler or build tool the user asked for and not from any other
 * package asked for. A -dev package's runtime library stays out (the app still links it), as does anything shared
 * with the rest of the install.
 */
function toolchainOnly(fact: AptInstallFact): Set<string> {
  const edges = fact.dependsWithin?.();
  if (!edges) return new Set();
  const isToolchain = (n: string) => BUILD_PACKAGE.test(n) && !/-dev(el)?$/.test(n);
  const reach = (roots: string[]) => {
    const seen = new Set<string>();
    const todo = roots.filter((r) => edges.has(r));
    while (todo.length) {
      const n = todo.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      for (const d of edges.get(n) ?? []) if (!seen.has(d)) todo.push(d);
    }
    return seen;
  };
  const kept = reach(fact.packages.filter((n) => !isToolchain(n)));
  return new Set([...reach(fact.packages.filter(isToolchain))].filter((n) => !kept.has(n)));
}
