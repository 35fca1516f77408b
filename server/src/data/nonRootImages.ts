import type { Sourced } from './types';
import { officialRepositories } from './officialImages';
import { stripFrom } from '../text/scan';
import { remembered } from '../common/memo';
import { CompiledGlob, GlobPart, canonical, compileGlob, matchGlob, notLineBreak } from '../text/glob';

/**
 * Base images whose default user is not root, so a Dockerfile without USER does not run as root.
 * Patterns match the resolved image reference without digest: `*` matches within a path segment or tag,
 * `**` matches anything, and a trailing `:*` matches any tag or none (an untagged reference is `:latest`).
 */
export interface NonRootImage extends Sourced {
  pattern: string;
  /** The user the image runs as. */
  user: string;
}

export const NON_ROOT_IMAGES: readonly NonRootImage[] = [
  {
    pattern: 'gcr.io/distroless/**:nonroot',
    user: 'nonroot (65532)',
    source: 'https://github.com/GoogleContainerTools/distroless#what-images-are-available',
    checked: '2026-11-28',
  },
  {
    pattern: 'gcr.io/distroless/**:debug-nonroot',
    user: 'nonroot (65532)',
    source: 'https://github.com/GoogleContainerTools/distroless#what-images-are-available',
    checked: '2026-11-28',
  },
  {
    pattern: 'gcr.io/distroless/**:*-nonroot',
    user: 'nonroot (65532)',
    source: 'https://github.com/GoogleContainerTools/distroless#what-images-are-available',
    checked: '2026-11-28',
  },
  {
    pattern: 'cgr.dev/chainguard/**',
    user: 'nonroot (65532) for most images',
    source: 'https://edu.chainguard.dev/chainguard/chainguard-images/overview/',
    checked: '2026-11-28',
  },
  {
    pattern: 'nginxinc/nginx-unprivileged**',
    user: 'nginx (101)',
    source: 'https://hub.docker.com/r/nginxinc/nginx-unprivileged',
    checked: '2026-11-28',
  },
  {
    pattern: 'docker.io/nginxinc/nginx-unprivileged**',
    user: 'nginx (101)',
    source: 'https://hub.docker.com/r/nginxinc/nginx-unprivileged',
    checked: '2026-11-28',
  },
  {
    pattern: '**-rootless',
    user: 'a non-root user (image variant built rootless)',
    source: 'https://hub.docker.com/_/docker (the *-rootless variants)',
    checked: '2026-11-28',
  },
  {
    pattern: '**:*-rootless',
    user: 'a non-root user (image variant built rootless)',
    source: 'https://hub.docker.com/_/docker (the *-rootless variants)',
    checked: '2026-11-28',
  },
  {
    pattern: 'bitnami/**',
    user: '1001',
    source: 'https://docs.bitnami.com/tutorials/work-with-non-root-containers/',
    checked: '2026-11-28',
  },
  {
    pattern: 'docker.io/bitnami/**',
    user: '1001',
    source: 'https://docs.bitnami.com/tutorials/work-with-non-root-containers/',
    checked: '2026-11-28',
  },
  // Red Hat's UBI language images, not the base images: ubi9/ubi, ubi9/ubi-minimal, ubi9/ubi-micro and ubi9/ubi-init
  // run as root. go-toolset is left out: its Dockerfile is not published where it could be checked.
  ...ubiApplicationImages(
    ['nodejs-*', 'python-*', 'ruby-*', 'php-*', 'perl-*'],
    '1001',
    'https://github.com/sclorg (s2i-nodejs-container 20/Dockerfile.rhel8, 20/Dockerfile.rhel9 and 20-minimal/Dockerfile.rhel9, s2i-python-container 3.11/Dockerfile.rhel9 and 3.12-minimal/Dockerfile.rhel9, s2i-ruby-container 3.1/Dockerfile.rhel8 and .rhel9, s2i-php-container 8.1/Dockerfile.rhel9, s2i-perl-container 5.32/Dockerfile.rhel9: USER 1001)',
  ),
  ...ubiApplicationImages(
    ['openjdk-*'],
    'jboss (185)',
    'https://github.com/jboss-container-images/openjdk (modules/user/module.yaml: run user 185, installed by the jdk and jre modules of ubi8/ubi9 openjdk-* and openjdk-*-runtime)',
  ),
  // Docker Official Images whose Dockerfile ends with a non-root USER (the other official images run as root)
  ...officialNonRoot(
    'memcached',
    'memcache (11211)',
    'https://github.com/docker-library/memcached (1/debian/Dockerfile and 1/alpine/Dockerfile: USER memcache)',
  ),
  ...officialNonRoot(
    'haproxy',
    'haproxy (99)',
    'https://github.com/docker-library/haproxy (3.2/Dockerfile and 3.2/alpine/Dockerfile: USER haproxy)',
  ),
  ...officialNonRoot(
    'elasticsearch',
    'elasticsearch (1000)',
    'https://github.com/elastic/dockerfiles (elasticsearch/Dockerfile, branches 8.19 and 9.2: USER 1000:0)',
  ),
  ...officialNonRoot(
    'wordpress',
    'www-data (82)',
    'https://github.com/docker-library/wordpress (cli/php8.4/alpine/Dockerfile: USER www-data)',
    'cli*',
  ),
  {
    pattern: 'docker.elastic.co/elasticsearch/elasticsearch:*',
    user: 'elasticsearch (1000)',
    source: 'https://github.com/elastic/dockerfiles (elasticsearch/Dockerfile, branches 8.19 and 9.2: USER 1000:0)',
    checked: '2026-12-06',
  },
  ...['grafana/grafana', 'docker.io/grafana/grafana', 'grafana/grafana-oss', 'docker.io/grafana/grafana-oss'].map(
    (pattern) => ({
      pattern: `${pattern}:*`,
      user: 'grafana (472)',
      source: 'https://github.com/grafana/grafana (Dockerfile, final stage: USER "$GF_UID", 472)',
      checked: '2026-12-06',
    }),
  ),
  ...['jenkins/jenkins', 'docker.io/jenkins/jenkins'].map((pattern) => ({
    pattern: `${pattern}:*`,
    user: 'jenkins (1000)',
    source:
      'https://github.com/jenkinsci/docker (debian/Dockerfile, alpine/hotspot/Dockerfile, rhel/Dockerfile: USER jenkins)',
    checked: '2026-12-06',
  })),
  {
    pattern: 'mcr.microsoft.com/dotnet/**-chiseled**',
    user: 'app (1654)',
    source: 'https://learn.microsoft.com/dotnet/core/docker/container-images#ubuntu-chiseled-images',
    checked: '2026-11-28',
  },
];

/**
 * An official image under each name it is pulled by (`memcached`, `library/memcached`, `docker.io/library/memcached`
 * and the public mirrors), with any tag or those matching `tags`.
 */
function officialNonRoot(name: string, user: string, source: string, tags = '*'): NonRootImage[] {
  const tail = tags === '*' ? ':*' : `:${tags}`;
  return [name, `library/${name}`, ...officialRepositories(name)].map((repo) => ({
    pattern: `${repo}${tail}`,
    user,
    source,
    checked: '2026-12-06',
  }));
}

/**
 * The same repositories on both Red Hat registries (registry.redhat.io is the authenticated one), for the UBI releases
 * whose Dockerfiles were checked (8 and 9).
 */
function ubiApplicationImages(names: string[], user: string, source: string): NonRootImage[] {
  return ['registry.access.redhat.com', 'registry.redhat.io'].flatMap((registry) =>
    ['ubi8', 'ubi9'].flatMap((release) =>
      names.map((name) => ({ pattern: `${registry}/${release}/${name}:*`, user, source, checked: '2026-11-28' })),
    ),
  );
}

/** A table pattern (`**` anything, `*` within a path part or tag, a final `:*` any tag or none), either case. */
export function toGlob(pattern: string): CompiledGlob {
  const anyTag = pattern.endsWith(':*');
  if (anyTag) pattern = pattern.slice(0, -2);
  const parts: GlobPart[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      parts.push({ any: notLineBreak });
      i++;
    } else if (c === '*') parts.push({ any: withinPart });
    else parts.push(c);
  }
  if (anyTag) parts.push({ optional: [':', { any: withinPart }] });
  return compileGlob(parts, { ignoreCase: true });
}

const withinPart = (c: string) => c !== '/' && c !== ':';

/**
 * A table pattern compiled when a reference first starts with its literal head (what comes before its first `*`, in
 * either case): a run compiles the few patterns its images come near, not the table's hundreds when it loads (issue 21).
 */
class LazyPattern {
  private readonly head: string;
  private glob: CompiledGlob | undefined;
  constructor(readonly pattern: string) {
    // as toGlob reads it: a final `:*` is any tag or none, so the head stops before that colon
    const body = pattern.endsWith(':*') ? pattern.slice(0, -2) : pattern;
    const star = body.indexOf('*');
    this.head = star < 0 ? body : body.slice(0, star);
  }
  /** matchGlob(toGlob(pattern), text): a match consumes the head first, character by character. */
  matches(text: string): boolean {
    const head = this.head;
    if (text.length < head.length) return false;
    for (let i = 0; i < head.length; i++)
      if (text[i] !== head[i] && canonical(text[i]) !== canonical(head[i])) return false;
    return matchGlob((this.glob ??= toGlob(this.pattern)), text);
  }
}

const lazyEntries = NON_ROOT_IMAGES.map((entry) => ({ entry, pattern: new LazyPattern(entry.pattern) }));

/**
 * The table entry when the image is known to default to a non-root user. Answers kept: the same few hundred base images
 * recur, and each look-up runs every pattern of the table (a tenth of a corpus lint when not kept).
 */
export const nonRootImage: (reference: string) => NonRootImage | undefined = remembered((reference) => {
  const noDigest = stripFrom(reference, '@');
  return lazyEntries.find((e) => e.pattern.matches(noDigest))?.entry;
});

/**
 * A matcher for image patterns written as this table's (`*` within a path part or tag, `**` anything, a final `:*`
 * any tag or none), against a reference without its digest: `.bulkhead.json` `trustedNonRootImages` and the table of
 * images known to run as root use it.
 */
export function imagePatterns(patterns: readonly string[]): (reference: string) => string | undefined {
  const lazy = patterns.map((p) => new LazyPattern(p));
  return remembered((reference) => {
    const noDigest = stripFrom(reference, '@');
    return lazy.find((g) => g.matches(noDigest))?.pattern;
  });
}
