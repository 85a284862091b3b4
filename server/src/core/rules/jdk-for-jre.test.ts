import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jreTag } from './jdk-for-jre';
import { findingsFor, noSafeFixTests, ruleTests } from './testing';

ruleTests('jdk-for-jre', {
  valid: [
    {
      name: 'a JRE already',
      code: `
      FROM eclipse-temurin:21-jre
      COPY app.jar /app.jar
      ENTRYPOINT ["java", "-jar", "/app.jar"]
      `,
    },
    {
      name: 'builds with Maven in the image',
      code: `
      FROM eclipse-temurin:21-jdk
      COPY . /src
      RUN cd /src && ./mvnw -B package
      ENTRYPOINT ["java", "-jar", "/src/target/app.jar"]
      `,
    },
    {
      name: 'jlink needs the JDK',
      code: `
      FROM eclipse-temurin:21
      COPY app.jar /app.jar
      RUN jlink --add-modules java.base --output /jre
      ENTRYPOINT ["/jre/bin/java", "-jar", "/app.jar"]
      `,
    },
    {
      name: 'a JDK image that runs no app (the toolchain is the point)',
      code: `
      FROM eclipse-temurin:21-jdk
      ENTRYPOINT ["jshell"]
      `,
    },
  ],
  invalid: [
    {
      name: 'openjdk:8 only runs a jar',
      code: `
      FROM openjdk:8
      #    ^^^^^^^^^ jdk-for-jre: openjdk:8-jre
      WORKDIR /app
      COPY target/app.jar /app/app.jar
      ENTRYPOINT ["java","-jar","/app/app.jar"]
      `,
    },
    {
      name: 'openjdk:11-jdk',
      code: `
      FROM openjdk:11-jdk
      #    ^^^^^^^^^^^^^^ jdk-for-jre: openjdk:11-jre
      COPY target/*.jar /app/app.jar
      ENTRYPOINT ["java", "-jar", "app.jar"]
      `,
    },
    {
      name: 'eclipse-temurin with sizes from the data',
      code: `
      FROM eclipse-temurin:21-jdk
      #    ^^^^^^^^^^^^^^^^^^^^^^ jdk-for-jre: smaller on disk: eclipse-temurin:21-jdk vs eclipse-temurin:21-jre
      COPY app.jar /app.jar
      CMD ["java", "-jar", "/app.jar"]
      `,
    },
    {
      name: 'tomcat\'s plain version tag is its default JDK variant: the JRE tag is named, not written (issue 14)',
      code: `
      FROM tomcat:10.1.46
      #    ^^^^^^^^^^^^^^ jdk-for-jre: tomcat:10.1.46-jre<N> tag of the same Java major
      COPY target/app.war /usr/local/tomcat/webapps/ROOT.war
      CMD ["catalina.sh", "run"]
      `,
    },
    {
      name: 'tomcat with a JDK tag deploying a war',
      code: `
      FROM tomcat:10.1-jdk17
      #    ^^^^^^^^^^^^^^^^^ jdk-for-jre: tomcat:10.1-jre17
      COPY target/app.war /usr/local/tomcat/webapps/ROOT.war
      CMD ["catalina.sh", "run"]
      `,
    },
  ],
});

noSafeFixTests('jdk-for-jre', [{ name: 'the JRE tag is a suggestion', code: 'FROM openjdk:8\nCOPY a.jar /a.jar\nCMD ["java","-jar","/a.jar"]\n', title: /openjdk:8-jre/ }]);

test('jdk-for-jre: JRE tags in each image\'s spelling', () => {
  assert.equal(jreTag('eclipse-temurin', '21'), '21-jre');
  assert.equal(jreTag('eclipse-temurin', '17-jdk-jammy'), '17-jre-jammy');
  assert.equal(jreTag('eclipse-temurin', '21-noble'), '21-jre-noble');
  assert.equal(jreTag('eclipse-temurin', '21-jre'), undefined);
  assert.equal(jreTag('openjdk', '8'), '8-jre');
  assert.equal(jreTag('openjdk', '11-jdk-slim'), '11-jre-slim');
  assert.equal(jreTag('openjdk', '17'), undefined);
  assert.equal(jreTag('tomcat', '9.0-jdk11-temurin'), '9.0-jre11-temurin');
  assert.equal(jreTag('tomcat', '9.0'), undefined);
});

test('jdk-for-jre: a plain tomcat tag gets no fix (which Java major it has is not known)', () => {
  const f = findingsFor('FROM tomcat:11.0\nCOPY app.war /usr/local/tomcat/webapps/ROOT.war\nCMD ["catalina.sh", "run"]\n').findings.filter((x) => x.rule === 'jdk-for-jre');
  assert.equal(f.length, 1);
  assert.deepEqual(f[0].fixes, []);
  // A tomcat JRE tag or a vendor variant is left alone.
  assert.deepEqual(findingsFor('FROM tomcat:11.0-jre21\nCOPY app.war /usr/local/tomcat/webapps/ROOT.war\nCMD ["catalina.sh", "run"]\n').findings.filter((x) => x.rule === 'jdk-for-jre'), []);
});

test('jdk-for-jre: openjdk tags after 11 and latest have no JRE tag: reported without a fix, naming a JRE of the same Java (issue 14)', () => {
  const found = (from: string) =>
    findingsFor(`FROM maven:3-eclipse-temurin-21 AS build\nRUN mvn package\nFROM ${from}\nCOPY --from=build /app/target/app.jar app.jar\nENTRYPOINT ["java", "-jar", "app.jar"]\n`).findings
      .filter((f) => f.rule === 'jdk-for-jre')
      .map((f) => ({ message: f.message, fixes: f.fixes.length }));
  const latest = found('openjdk');
  assert.equal(latest.length, 1);
  assert.match(latest[0].message, /openjdk is a JDK.*no JRE tags after 11.*eclipse-temurin:<N>-jre/);
  assert.equal(latest[0].fixes, 0);
  const v17 = found('openjdk:17-slim');
  assert.equal(v17.length, 1);
  assert.match(v17[0].message, /Java 17, e\.g\. eclipse-temurin:17-jre/);
  assert.equal(v17[0].fixes, 0);
  // A JDK tool at build time in the shipped stage still needs the JDK.
  assert.deepEqual(findingsFor('FROM openjdk:17\nCOPY . /src\nRUN javac /src/A.java\nCMD ["java", "-cp", "/src", "A"]\n').findings.filter((f) => f.rule === 'jdk-for-jre'), []);
});

test('jdk-for-jre: only JRE tags the image is known to publish are named; another JDK variant gets a hint and no tag (issue 14, xwiki)', () => {
  const cases: [repository: string, tag: string, jre: string | undefined][] = [
    ['tomcat', '10.1-jdk17', '10.1-jre17'],
    ['tomcat', 'jdk21', 'jre21'],
    ['tomcat', '9-jdk8-temurin-focal', '9-jre8-temurin-focal'],
    ['tomcat', '8-jdk11-adoptopenjdk-hotspot', undefined],
    ['tomcat', '9-jdk8-corretto', undefined],
    ['tomcat', '9-jdk11-openjdk-slim', undefined],
    ['openjdk', '8-jdk-alpine', '8-jre-alpine'],
    ['openjdk', '11-jdk-alpine', undefined],
    ['openjdk', '11-jdk-slim-buster', '11-jre-slim-buster'],
  ];
  for (const [repository, tag, jre] of cases) assert.equal(jreTag(repository, tag), jre, `${repository}:${tag}`);
  const found = (from: string) =>
    findingsFor(`FROM ${from}\nCOPY app.war /usr/local/tomcat/webapps/ROOT.war\nCMD ["catalina.sh", "run"]\n`).findings
      .filter((f) => f.rule === 'jdk-for-jre')
      .map((f) => ({ severity: f.severity, fixes: f.fixes.length, names: /jre/.test(f.message) }));
  assert.deepEqual(found('tomcat:8-jdk11-adoptopenjdk-hotspot'), [{ severity: 'hint', fixes: 0, names: false }]);
  assert.deepEqual(found('tomcat:9-jdk17-temurin'), [{ severity: 'warning', fixes: 1, names: true }]);
});
