import { noSafeFixTests, ruleTests } from './testing';

ruleTests('maven-repo-kept', {
  valid: [
    {
      name: 'builder stage, only the jar copied out',
      code: `
      FROM maven:3.9-eclipse-temurin-21 AS build
      COPY . /src
      WORKDIR /src
      RUN mvn -B package
      FROM eclipse-temurin:21-jre
      COPY --from=build /src/target/app.jar /app.jar
      `,
    },
    {
      name: 'cache mount on ~/.m2',
      code: `
      FROM maven:3.9-eclipse-temurin-21
      RUN --mount=type=cache,target=/root/.m2 mvn -B package
      `,
    },
    {
      name: 'repository removed in the same RUN',
      code: `
      FROM maven:3.9-eclipse-temurin-21
      RUN mvn -B package && rm -rf /root/.m2/repository
      `,
    },
    'FROM maven:3.9-eclipse-temurin-21\nRUN mvn --version\n',
  ],
  invalid: [
    {
      name: 'single-stage mvn package',
      code: `
      FROM maven:3.6.3-adoptopenjdk-8
      COPY . /usr/src/myapp/
      WORKDIR /usr/src/myapp/
      RUN mvn package
      #   ^^^^^^^^^^^ maven-repo-kept: /root/.m2/repository
      ENTRYPOINT java -jar ./target/*.jar
      `,
    },
    {
      name: 'another user: its own home',
      code: `
      FROM maven:3.9-eclipse-temurin-21
      USER 1000
      ENV HOME=/home/app
      RUN mvn -B dependency:go-offline
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ maven-repo-kept: /home/app/.m2/repository
      `,
    },
  ],
});

noSafeFixTests('maven-repo-kept', [{ name: 'removing the repository is a suggestion', code: 'FROM maven:3.9-eclipse-temurin-21\nRUN mvn package\n', title: /rm -rf \/root\/.m2\/repository/ }]);
