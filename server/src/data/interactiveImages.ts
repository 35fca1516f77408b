import type { Sourced } from './types';

/**
 * Base images whose default command is an interactive shell or language REPL: a Dockerfile that builds on one and
 * sets no CMD/ENTRYPOINT produces a toolbox or base image, not a service, so there is nothing for a HEALTHCHECK to
 * probe. Keyed by the fully qualified repository (see `repositoryName`); `exceptTags` lists tag variants that run a
 * server instead (php's apache and fpm variants).
 */
export interface InteractiveImage extends Sourced {
  repository: string;
  /** The default command, as the image's Dockerfile writes it or inherits it. */
  command: string;
  exceptTags?: RegExp;
}

const LIBRARY = 'https://github.com/docker-library/official-images/tree/master/library';
const CHECKED = '2026-11-28';

function official(name: string, command: string, exceptTags?: RegExp): InteractiveImage {
  return {
    repository: `docker.io/library/${name}`,
    command,
    exceptTags,
    source: `${LIBRARY}/${name}`,
    checked: CHECKED,
  };
}

export const INTERACTIVE_IMAGES: readonly InteractiveImage[] = [
  official('alpine', 'CMD ["/bin/sh"]'),
  official('busybox', 'CMD ["sh"]'),
  official('debian', 'CMD ["bash"]'),
  official('ubuntu', 'CMD ["/bin/bash"]'),
  official('fedora', 'CMD ["/bin/bash"]'),
  official('centos', 'CMD ["/bin/bash"]'),
  official('amazonlinux', 'CMD ["/bin/bash"]'),
  official('rockylinux', 'CMD ["/bin/bash"]'),
  official('almalinux', 'CMD ["/bin/bash"]'),
  official('oraclelinux', 'CMD ["/bin/bash"]'),
  official('archlinux', 'CMD ["/usr/bin/bash"]'),
  // language toolchains without a CMD of their own: they inherit the distribution shell
  official('buildpack-deps', 'inherits CMD ["bash"]'),
  official('golang', 'inherits the distribution shell'),
  official('rust', 'inherits the distribution shell'),
  official('gcc', 'inherits CMD ["bash"]'),
  official('python', 'CMD ["python3"]'),
  official('pypy', 'CMD ["pypy3"]'),
  official('node', 'CMD ["node"]'),
  official('ruby', 'CMD ["irb"]'),
  official('julia', 'CMD ["julia"]'),
  official('erlang', 'CMD ["erl"]'),
  official('perl', 'CMD ["perl5…", "-de0"]'),
  official('openjdk', 'CMD ["jshell"]'),
  official('php', 'CMD ["php", "-a"] (cli and zts variants)', /apache|fpm/),
  {
    repository: 'mcr.microsoft.com/windows/servercore',
    command: 'CMD ["c:\\\\windows\\\\system32\\\\cmd.exe"]',
    source: 'https://hub.docker.com/r/microsoft/windows-servercore',
    checked: CHECKED,
  },
  {
    repository: 'mcr.microsoft.com/windows/nanoserver',
    command: 'CMD ["c:\\\\windows\\\\system32\\\\cmd.exe"]',
    source: 'https://hub.docker.com/r/microsoft/windows-nanoserver',
    checked: CHECKED,
  },
];

const byRepository = new Map(INTERACTIVE_IMAGES.map((e) => [e.repository, e]));

/** The table entry when the image (repository and tag) is known to start an interactive shell or REPL by default. */
export function interactiveImage(repository: string, tag: string | null): InteractiveImage | undefined {
  const entry = byRepository.get(repository.toLowerCase());
  if (!entry) return undefined;
  if (entry.exceptTags && tag && entry.exceptTags.test(tag)) return undefined;
  return entry;
}
