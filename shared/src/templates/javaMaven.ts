import { alpineBase, multiStage, wgetCheck } from './dockerfileParts';
import { RECOMMENDED_RELEASES as R } from '../recommended';

// the Temurin line is the recommended one, an LTS line (../recommended.ts); the JRE image is the minimal variant
const BUILD_IMAGE = 'maven:3.9-eclipse-temurin-21';
const IMAGE = `eclipse-temurin:${R['eclipse-temurin']}-jre-alpine`;

/** Java with Maven: mvn package in the JDK image, the jar on the Temurin JRE. */
export const javaMavenTemplate = multiStage({
  info: {
    id: 'java-maven',
    label: 'Java (Maven)',
    description: `Java 21 LTS: mvn package in ${BUILD_IMAGE}, the jar runs on ${IMAGE} (no JDK, no Maven)`,
    defaultPort: 8080,
    defaultStartCommand: ['java', '-jar', '/app/app.jar'],
  },
  buildImage: BUILD_IMAGE,
  image: IMAGE,
  buildKeeps: 'the JDK, Maven and the local repository',
  build: [
    'WORKDIR /src',
    '# pom.xml first: dependencies are downloaded again only when it changes',
    'COPY pom.xml ./',
    '# Repository credentials are a build secret, never an ARG, ENV or copied file (those stay in the image):',
    '#   RUN --mount=type=secret,id=maven_settings,target=/root/.m2/settings.xml mvn -B dependency:go-offline',
    'RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline',
    'COPY src ./src',
    '# Tests run in CI, not in the image build; the application is packaged as one jar',
    'RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -DskipTests \\',
    ' && cp target/*.jar /tmp/app.jar',
  ],
  finalTitle: 'the JRE only',
  base: alpineBase,
  final: () => [
    'WORKDIR /app',
    '# The jar stays owned by root: the application cannot replace it',
    'COPY --from=build /tmp/app.jar /app/app.jar',
  ],
  check: wgetCheck,
  checkWhy: 'busybox wget, part of the Alpine-based JRE image',
  notes: ["Expects one jar in `target/` after `mvn package` (Spring Boot's executable jar is one)."],
});
