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
    {
      name: 'openjdk:17 has no JRE tag',
      code: `
      FROM openjdk:17
      COPY app.jar /app.jar
      ENTRYPOINT ["java", "-jar", "/app.jar"]
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
