import type { Sourced } from './types';

/**
 * Images whose own Dockerfile declares a HEALTHCHECK, so a Dockerfile built on them inherits one. Keyed by the fully
 * qualified repository (`docker.io/<namespace>/<name>`, see `repositoryName`); every tag of the repository counts.
 * Only images whose published Dockerfile was read are listed. Docker Official Images (`docker.io/library/*`)
 * deliberately ship without HEALTHCHECK, so none of them belongs here.
 */
export interface HealthcheckImage extends Sourced {
  repository: string;
  /** The check the image runs, as its Dockerfile writes it (shown in docs and hovers). */
  check: string;
}

export const HEALTHCHECK_IMAGES: readonly HealthcheckImage[] = [
  {
    repository: 'docker.io/gitlab/gitlab-ce',
    check: 'HEALTHCHECK --interval=60s --timeout=30s --retries=5 CMD /opt/gitlab/bin/gitlab-healthcheck --fail',
    source: 'https://gitlab.com/gitlab-org/omnibus-gitlab/-/blob/master/docker/Dockerfile',
    checked: '2026-11-28',
  },
  {
    repository: 'docker.io/gitlab/gitlab-ee',
    check: 'HEALTHCHECK --interval=60s --timeout=30s --retries=5 CMD /opt/gitlab/bin/gitlab-healthcheck --fail',
    source: 'https://gitlab.com/gitlab-org/omnibus-gitlab/-/blob/master/docker/Dockerfile',
    checked: '2026-11-28',
  },
  {
    repository: 'docker.io/vaultwarden/server',
    check: 'HEALTHCHECK --interval=60s --timeout=10s CMD ["/healthcheck.sh"]',
    source: 'https://github.com/dani-garcia/vaultwarden/blob/main/docker/Dockerfile.debian',
    checked: '2026-11-28',
  },
  {
    repository: 'docker.io/pihole/pihole',
    check: 'HEALTHCHECK CMD dig … @127.0.0.1 pi.hole || exit 1',
    source: 'https://github.com/pi-hole/docker-pi-hole/blob/master/src/Dockerfile',
    checked: '2026-11-28',
  },
];

const byRepository = new Map(HEALTHCHECK_IMAGES.map((e) => [e.repository, e]));

/** The table entry when the repository is known to declare a HEALTHCHECK. */
export function healthcheckImage(repository: string): HealthcheckImage | undefined {
  return byRepository.get(repository.toLowerCase());
}
