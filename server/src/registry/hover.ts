/**
 * What a hover on an image reference says from the registry (bulkhead.registry.enabled): the digest its tag gives,
 * the platforms, the user the image runs as, its HEALTHCHECK, when it was built and how big it is, and whether the
 * tag moved since it was last asked.
 */
import type { ImageKnowledge } from './facts';
import { runsAsRoot } from './facts';

const MB = 1024 * 1024;

/** Markdown for one reference, or undefined when the registry is not asked about it. */
export function imageHoverSection(reference: string, knowledge: ImageKnowledge | undefined): string | undefined {
  if (!knowledge) return undefined;
  const head = `**Image** \`${reference}\` (from its registry)`;
  if (knowledge.state === 'pending') return `${head}\n\nAsking the registry…`;
  if (knowledge.state === 'failed') return `${head}\n\nThe registry could not be asked: ${knowledge.message}`;
  const f = knowledge.facts;
  const lines: string[] = [];
  const index = f.mediaType.includes('index') || f.mediaType.includes('manifest.list');
  lines.push(`- Digest: \`${f.digest}\`${index ? ' (a multi-platform index)' : ''}`);
  if (f.previousDigest)
    lines.push(`- The tag has moved: it pointed to \`${f.previousDigest}\` when the registry was asked before`);
  if (f.platforms.length) lines.push(`- Platforms: ${f.platforms.join(', ')}`);
  if (f.config) {
    const c = f.config;
    const user = c.user.trim();
    lines.push(
      `- Runs as: ${runsAsRoot(c) ? `root (${user ? `User ${user}` : 'no User set'})` : `\`${user}\``}${f.platform ? ` on ${f.platform}` : ''}`,
    );
    if (c.healthcheck)
      lines.push(
        c.healthcheck[0] === 'NONE'
          ? '- HEALTHCHECK: disabled (NONE)'
          : `- HEALTHCHECK: \`${c.healthcheck.join(' ').slice(0, 120)}\` (inherited by images built on it)`,
      );
    if (c.exposedPorts.length) lines.push(`- Exposes: ${c.exposedPorts.join(', ')}`);
    if (c.created) lines.push(`- Created: ${c.created.slice(0, 10)}`);
  } else if (f.platform === null && f.platforms.length) {
    lines.push('- No image for the platform in use (`bulkhead.registry.platform`)');
  }
  if (f.size !== null)
    lines.push(`- Size${f.platform ? ` (${f.platform}, compressed)` : ''}: ${(f.size / MB).toFixed(1)} MB`);
  lines.push(`- Asked: ${new Date(f.fetchedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  return `${head}\n\n${lines.join('\n')}`;
}
