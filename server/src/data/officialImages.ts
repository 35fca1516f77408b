/**
 * The fully qualified repositories (see `repositoryName`) under which a Docker Official Image is pulled: Docker Hub and
 * the public mirrors of the official images on Amazon ECR Public and Google's Docker Hub mirror.
 */
export function officialRepositories(...names: string[]): string[] {
  return names.flatMap((n) => [
    `docker.io/library/${n}`,
    `public.ecr.aws/docker/library/${n}`,
    `mirror.gcr.io/library/${n}`,
  ]);
}
