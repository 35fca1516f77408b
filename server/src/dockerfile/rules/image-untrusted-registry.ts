import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import { repositoryName } from '../../common/image';
import { describeRef, imageUses, nameSpan } from '../analysis/imageRefs';
import { CharTest, CompiledGlob, GlobPart, compileGlob, matchGlob, notLineBreak, notSlash } from '../../text/glob';
import { trimTrailing } from '../../text/scan';

export const imageUntrustedRegistry: DockerfileRule = {
  id: 'image-untrusted-registry',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Image from an untrusted registry',
  rationale:
    'Everything in a base image runs in your container. An image from a registry or namespace nobody vetted can carry malware, cryptominers or stale vulnerable packages, and its owner can replace it at any time.',
  remedy:
    'Use images from the registries listed in `trustedRegistries` (mirror vetted images into your own registry), or add the registry there after review.',
  guidance: ['Images: only use trusted images and registries'],
  anchors: [{ tool: 'hadolint', id: 'DL3026' }],
  fixes: [],
  check({ model, config }) {
    const patterns = config.trustedRegistries.map((p) => p.trim()).filter(Boolean);
    const matchers = patterns.map(compilePattern);
    const out: Report[] = [];
    for (const use of imageUses(model)) {
      const repository = repositoryName(use.parsed);
      const registry = repository.slice(0, repository.indexOf('/'));
      const span = nameSpan(use);
      const range = model.range(span.start, span.end);
      if (matchers.length) {
        if (matchers.some((m) => m(registry, repository))) continue;
        out.push({
          range,
          message: `${use.where} ${describeRef(use)} comes from \`${registry}\`${registry === 'docker.io' ? ` (\`${repository}\`)` : ''}, which trustedRegistries (${patterns.map((p) => `\`${p}\``).join(', ')}) does not allow. Use an image from a trusted registry (mirror it there after review) or add the registry to trustedRegistries.`,
        });
        continue;
      }
      // No allow-list configured: only point out Docker Hub images published under a user or organisation namespace.
      if (registry !== 'docker.io' || repository.startsWith('docker.io/library/')) continue;
      const namespace = repository.split('/')[1];
      out.push({
        range,
        severity: 'hint',
        message: `${use.where} ${describeRef(use)} is a Docker Hub image published by \`${namespace}\`, not a Docker Official Image. Check that you trust this publisher, or mirror the image into a registry you control and list it in trustedRegistries.`,
      });
    }
    return out;
  },
};

const HUB_ALIASES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'hub.docker.com',
  'registry.hub.docker.com',
]);

/**
 * A trustedRegistries entry as a matcher over (registry host, fully qualified repository).
 * - no `/`: a registry host, with `*` as a wildcard (`*.corp.com`, `registry*`, `*`); `docker.io` aliases are equal.
 * - with `/`: a repository; `*` matches any characters (`docker.io/library/*`, `ghcr.io/acme/*`), and a pattern without
 *   a wildcard also matches the repositories below it (`ghcr.io/acme` allows `ghcr.io/acme/api`). Without a registry
 *   host (`acme/*`, `library/*`) it means Docker Hub, as in an image name.
 */
export function compilePattern(pattern: string): (registry: string, repository: string) => boolean {
  const lower = trimTrailing(pattern.toLowerCase().replace(/^[a-z]+:\/\//, ''), '/');
  const slash = lower.indexOf('/');
  const host = normalizeHost(slash < 0 ? lower : lower.slice(0, slash));
  if (slash < 0) {
    const hostGlob = glob(host, notSlash);
    return (registry) => matchGlob(hostGlob, registry);
  }
  // `acme/*` is a Docker Hub namespace, as Docker itself reads a name without a registry host
  const first = lower.slice(0, slash);
  const hubPath = !/[.:*]/.test(first) && first !== 'localhost';
  const full = hubPath ? `docker.io/${lower}` : host + lower.slice(slash);
  const repositoryGlob = glob(full, notLineBreak);
  const prefix = full.includes('*') ? null : full + '/';
  return (_registry, repository) =>
    matchGlob(repositoryGlob, repository) || (prefix !== null && repository.startsWith(prefix));
}

function normalizeHost(host: string): string {
  return HUB_ALIASES.has(host) ? 'docker.io' : host;
}

/** The pattern with each `*` standing for any run of characters that pass `star`, everything else literal. */
function glob(pattern: string, star: CharTest): CompiledGlob {
  const parts: GlobPart[] = [];
  pattern.split('*').forEach((literal, i) => {
    if (i > 0) parts.push({ any: star });
    if (literal) parts.push(literal);
  });
  return compileGlob(parts);
}
