// Rule: jdk-for-jre
// The shipped image is a JDK (openjdk:8, openjdk:11-jdk, eclipse-temurin:21, tomcat:10-jdk17) that only
// runs a jar or a webapp: a JRE tag of the same image has the same runtime without javac, jlink & co.
import { lookupBaseImage, parseImageRef } from '../data/baseImages';
import { formatBytes } from '../model/format';
import type { ShellCommand } from '../parse/shell';
import { argOffset, runsApplication } from './layerHelpers';
import type { Rule } from './types';
import { UNKNOWN_WASTE, waste } from './types';

/** JDK tools that need the JDK at build or run time. */
const JDK_TOOLS = /^(javac|jar|jlink|jpackage|jdeps|jshell|jcmd|jmap|jstack|jstat|jhsdb|native-image|mvn|mvnw|\.\/mvnw|gradle|gradlew|\.\/gradlew|sbt|lein|ant|kotlinc)$/;

/**
 * The JRE tag of a JDK tag, in the image's own spelling, when that image is known to publish it; undefined when the
 * tag is not a JDK or no JRE twin is known (isJdkTag tells which). Known: the data's tags (eclipse-temurin), and the
 * families each image publishes: eclipse-temurin, ibm-semeru-runtimes and sapmachine a JRE for every JDK tag; openjdk
 * JRE tags only for 8 and 11 (no 11-jre-alpine); tomcat `-jreNN` beside its plain and Temurin `-jdkNN` variants, none
 * beside its other vendors' (`8-jdk11-adoptopenjdk-hotspot`, `9-jdk8-corretto`: a swapped name is no tag, issue 14).
 */
export function jreTag(repository: string, tag: string): string | undefined {
  if (repository === 'eclipse-temurin' || repository === 'ibm-semeru-runtimes' || repository === 'sapmachine') {
    if (/(^|-)jre(-|$)/.test(tag)) return undefined;
    if (/(^|-)jdk(-|$)/.test(tag)) return tag.replace(/(^|-)jdk(-|$)/, '$1jre$2');
    // `21`, `21-noble`, `17-alpine`: the JDK by default.
    const m = /^(\d+(?:\.\d+)*(?:_\d+)?)(-.*)?$/.exec(tag);
    return m ? `${m[1]}-jre${m[2] ?? ''}` : undefined;
  }
  if (repository === 'openjdk') {
    const m = /^(8|11)(u\d+)?(-jdk)?(-(slim|buster|bullseye|stretch|alpine)[\w.-]*)?$/.exec(tag);
    if (!m || (m[1] === '11' && m[5] === 'alpine')) return undefined;
    return `${m[1]}${m[2] ?? ''}-jre${m[4] ?? ''}`;
  }
  if (repository === 'tomcat') {
    const m = /^(.*-)?jdk(\d+)(-temurin(?:-[a-z]+)?)?$/.exec(tag);
    return m ? `${m[1] ?? ''}jre${m[2]}${m[3] ?? ''}` : undefined;
  }
  return undefined;
}

/** Is the tag a JDK whose JRE twin jreTag does not know (tomcat's `-jdkNN-<vendor>`, openjdk:11-alpine)? */
function jdkWithoutKnownJre(repository: string, tag: string): boolean {
  if (jreTag(repository, tag) !== undefined) return false;
  if (repository === 'tomcat') return /(^|-)jdk\d+(-|$)/.test(tag);
  if (repository === 'openjdk') return /^11(u\d+)?(-jdk)?-alpine/.test(tag);
  return false;
}

/** Does the image start a JVM application (java -jar, catalina.sh, a Spring Boot launcher)? */
function startsJava(words: string[]): boolean {
  const text = words.join(' ');
  return /(^|[\s/])(java|catalina\.sh|catalina|startup\.sh)(\s|$)/.test(text) || /\.jar\b/.test(text);
}

export const jdkForJre: Rule = {
  meta: {
    id: 'jdk-for-jre',
    defaultSeverity: 'warning',
    description: 'The shipped image is a JDK image that only runs a jar or webapp: the JRE tag of the same image would do.',
    fixable: true,
    shippedOnly: true,
  },
  check(ctx) {
    const { text } = ctx.parsed;
    for (const stage of ctx.model.stages) {
      if (!stage.ships || stage.base.parentStage !== undefined) continue;
      const written = stage.parsed.image;
      if (written.includes('$') || written.includes('@')) continue;
      const ref = parseImageRef(written);
      const repository = ref.repository.replace(/^library\//, '');
      const tag = ref.tag ?? 'latest';
      // tomcat's plain version tags (`10.1.46`, `11.0`, `latest`) are its default variant, a Temurin JDK (docker-library/tomcat
      // generate-stackbrew-library.sh: the bare aliases go to the first jdkNN/temurin variant); which Java major a pinned tag
      // has is not in the data, so the JRE tag is named, not written.
      const bareTomcat = repository === 'tomcat' && /^(\d+(\.\d+)*|latest)$/.test(tag);
      // openjdk publishes JRE tags only for 8 and 11; its later tags (`17`, `21-slim`, `latest`) are JDKs with no JRE beside
      // them. The image's deprecation notice sends users to other builds of the same Java (eclipse-temurin & co.), so the
      // message names that image's JRE of the same major and writes no fix (another image is the user's call).
      const openjdkMajor = repository === 'openjdk' && !/jre/.test(tag) ? (tag === 'latest' ? '' : /^(\d+)(?:[.-]|$)/.exec(tag)?.[1]) : undefined;
      const openjdkNoJre = openjdkMajor !== undefined && (openjdkMajor === '' || Number(openjdkMajor) >= 12);
      const jreUnknown = !bareTomcat && !openjdkNoJre && jdkWithoutKnownJre(repository, tag);
      const jre = bareTomcat ? `${tag === 'latest' ? '' : `${tag}-`}jreNN` : openjdkNoJre ? `${openjdkMajor || '<N>'}-jre` : jreTag(repository, tag);
      if (!jre && !jreUnknown) continue;
      // The stage (and those built FROM it) must run an app and use no JDK tool.
      const chain = new Set([stage.index]);
      for (const s of ctx.model.stages) if (s.base.parentStage !== undefined && chain.has(s.base.parentStage)) chain.add(s.index);
      if (!runsApplication(ctx.model.stages, stage) && ![...chain].some((i) => runsApplication(ctx.model.stages, ctx.model.stages[i]))) continue;
      const instrs = ctx.parsed.instructions.filter((i) => chain.has(i.stageIndex) && !i.onbuild);
      const start = instrs.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
      const startWords = start.flatMap((i) => (i.execForm ? i.execArgs ?? [] : i.args));
      if (!startsJava(startWords) && repository !== 'tomcat') continue;
      const usesJdk = (c: ShellCommand) => JDK_TOOLS.test(c.name) || c.argv.some((w) => /^-XX:\+?AutoCreateSharedArchive|^-Xshare:dump$/.test(w.value));
      if (instrs.some((i) => i.keyword === 'RUN' && (!i.shell || i.shell.commands.some(usesJdk)))) continue;
      if (startWords.some((w) => JDK_TOOLS.test(w.replace(/^.*\//, '')))) continue;
      const from = stage.parsed.from;
      if (jreUnknown) {
        const runs = start.length ? `\`${startWords.join(' ').slice(0, 40)}\`` : 'its webapp';
        // No JRE tag of this image is known for the variant: say so, name none (a swapped name is no tag), and only hint:
        // the user may have no JRE of this vendor to move to (xwiki went from tomcat:8-jre8-slim to a JDK when it went away).
        const at = argOffset(text, from, written);
        ctx.report({
          instruction: from,
          start: at >= 0 ? at : from.start,
          end: at >= 0 ? at + written.length : from.end,
          message: `${written} is a JDK, but this image only runs Java (${runs}) and uses no JDK tool; no JRE tag of ${repository} is known for this variant, so none is suggested: a JRE image of the same Java would leave out the compiler and tools (size unknown).`,
          waste: UNKNOWN_WASTE,
          severity: 'hint',
          fixes: [],
        });
        continue;
      }
      const target = openjdkNoJre ? `eclipse-temurin:${jre}` : `${written.slice(0, written.lastIndexOf(':') >= 0 && written.lastIndexOf(':') > written.lastIndexOf('/') ? written.lastIndexOf(':') : written.length)}:${jre}`;
      const at = argOffset(text, from, written);
      // Sizes where the data has both tags (eclipse-temurin); openjdk's and tomcat's old tags are not in it.
      const jdkInfo = lookupBaseImage(written, ctx.model.options.platform);
      const jreInfo = lookupBaseImage(target, ctx.model.options.platform);
      const exact = jdkInfo && jreInfo && !jdkInfo.standIn && !jreInfo.standIn;
      const saves = exact && jdkInfo.uncompressedBytes !== undefined && jreInfo.uncompressedBytes !== undefined ? jdkInfo.uncompressedBytes - jreInfo.uncompressedBytes : undefined;
      const size = saves !== undefined && saves > 0 ? `≈ ${formatBytes(saves)} smaller on disk: ${jdkInfo!.key} vs ${jreInfo!.key} in the data` : 'size unknown: the data has not both tags';
      ctx.report({
        instruction: from,
        start: at >= 0 ? at : from.start,
        end: at >= 0 ? at + written.length : from.end,
        message: openjdkNoJre
          ? `${written} is a JDK, but this image only runs Java (${start.length ? `\`${startWords.join(' ').slice(0, 40)}\`` : 'its app'}) and uses no JDK tool; openjdk has no JRE tags after 11 (and is deprecated): a JRE image of the same Java${openjdkMajor ? ` ${openjdkMajor}` : ''}, e.g. ${target}, has the runtime without the compiler and tools (size unknown: the data has no openjdk sizes).`
          : bareTomcat
          ? `${written} is tomcat's default variant, a JDK, but this image only runs Java (${start.length ? `\`${startWords.join(' ').slice(0, 40)}\`` : 'its webapp'}) and uses no JDK tool; the ${target.replace(/NN$/, '<N>')} tag of the same Java major (e.g. -jre21, -jre25) has the same runtime without the compiler and tools (size unknown: the data has no tomcat sizes).`
          : `${written} is a JDK, but this image only runs Java (${start.length ? `\`${startWords.join(' ').slice(0, 40)}\`` : 'its webapp'}) and uses no JDK tool; ${target} has the same runtime without the compiler and tools (${size}).`,
        waste: saves !== undefined && saves > 0 ? waste(saves, saves * 0.9, saves * 1.1) : UNKNOWN_WASTE,
        fixes:
          at >= 0 && !bareTomcat && !openjdkNoJre
            ? [
                {
                  title: `Use ${target} (check: nothing at run time needs javac or the JDK tools, e.g. JSP compilation uses Tomcat's own compiler)`,
                  edits: [{ start: at, end: at + written.length, newText: target }],
                  isPreferred: false,
                  kind: 'quickfix',
                  safety: 'suggestion',
                  assumes: ['the application needs no JDK tool at run time'],
                },
              ]
            : [],
      });
    }
  },
};
