import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import { displayUrl } from '../analysis/downloads';
import { addSources, knownText, startsUnknown } from '../analysis/sources';
import { visitInstructions } from '../visitor';

const HTTP = /^https?:\/\//i;
const COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})$/i;

export const addRemoteWithoutChecksum: DockerfileRule = {
  id: 'add-remote-without-checksum',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'ADD downloads without verification',
  rationale:
    '`ADD <url>` puts whatever the server returns into the image, and `ADD <git repo>#<branch or tag>` whatever the ref points at today. A compromised server, a moved tag or a man in the middle changes the image without any change to the Dockerfile.',
  remedy:
    'Give URLs an `--checksum=sha256:<digest>` and pin git sources to a full commit (`#<40-hex sha>`), so changed content fails the build.',
  guidance: ['Build: verify downloads and packages', 'Build: use COPY instead of ADD'],
  anchors: [{ tool: 'kics', id: 'Curl or Wget Instead of Add' }],
  fixes: [],
  check: (ctx) =>
    visitInstructions(ctx, {
      keywords: ['ADD'],
      onbuild: true,
      visit(inst, { model }) {
        const out: Report[] = [];
        const checksum = model.flag(inst, 'checksum');
        const hasChecksum = !!checksum?.value?.trim();
        for (const src of addSources(model, inst)) {
          // as BuildKit reads it: quotes removed, variables substituted; unknown stretches left out
          const url = knownText(src);
          const git = gitSource(url);
          if (git) {
            if (hasChecksum) continue; // `ADD --checksum=<commit> <git url>` verifies the commit
            const ref = git.ref;
            if (!src.known && refPart(src.written).includes('$')) continue; // a build argument without a default decides
            if (ref !== null && COMMIT.test(ref)) continue;
            if (git.checksum) continue;
            out.push({
              range: model.range(src.start, src.end),
              message:
                ref === null
                  ? `ADD ${src.variables ? src.written : src.value} clones the default branch, whatever it holds at build time. Pin a full commit: \`${git.base}#<40-hex commit sha>\` (or add \`--checksum=<commit sha>\`).`
                  : `ADD ${src.variables ? src.written : src.value} follows \`${ref}\`, a branch or tag that can be moved. Pin the full commit it should be: \`${git.base}#<40-hex commit sha>\` (or add \`--checksum=<commit sha>\`).`,
            });
            continue;
          }
          if (!HTTP.test(url) || hasChecksum) continue;
          if (startsUnknown(src)) continue;
          const shown =
            src.variables && src.known
              ? `${displayUrl(src.written)} (${displayUrl(url)})`
              : displayUrl(src.known ? url : src.written);
          out.push({
            range: model.range(src.start, src.end),
            message: `ADD downloads ${shown} without verifying it. Add \`--checksum=sha256:<digest>\` (compute it once with \`curl -fsSL <url> | sha256sum\`) so changed content fails the build.`,
          });
        }
        return out;
      },
    }),
};

/** The ref part of a git source as written (`#ref`, `?ref=`), to tell whether a build argument sets it. */
function refPart(value: string): string {
  const i = value.search(/[#?]/);
  return i < 0 ? '' : value.slice(i);
}

/**
 * A git source as BuildKit's ADD reads it: `git@host:path`, `git://`, `ssh://`, an http(s) URL whose path ends in
 * `.git`, or a GitHub/GitLab/Bitbucket `owner/repo` URL; with the ref in a `#ref[:subdir]` fragment or a `?ref=`
 * (`?tag=`, `?branch=`) query, and a verified commit in `?checksum=` (alias `?commit=`, Dockerfile 1.18+).
 */
export function gitSource(url: string): { base: string; ref: string | null; checksum: boolean } | null {
  const hash = url.indexOf('#');
  const beforeHash = hash >= 0 ? url.slice(0, hash) : url;
  const q = beforeHash.indexOf('?');
  const base = q >= 0 ? beforeHash.slice(0, q) : beforeHash;
  const query = new URLSearchParams(q >= 0 ? beforeHash.slice(q + 1) : '');
  const isGit =
    /^(git@[^:/]+:|git:\/\/|ssh:\/\/|git\+https?:\/\/)/i.test(base) ||
    (HTTP.test(base) && /\.git\/?$/i.test(base)) ||
    // linear: anchored: literals, then two path parts each ended by `/` or the end
    /^https?:\/\/(www\.)?(github\.com|gitlab\.com|bitbucket\.org)\/[^/]+\/[^/]+\/?$/i.test(base);
  if (!isGit) return null;
  let ref: string | null = null;
  if (hash >= 0) ref = url.slice(hash + 1).split(':')[0] || null;
  ref = query.get('ref') ?? query.get('tag') ?? query.get('branch') ?? ref;
  const checksum = query.get('checksum') ?? query.get('commit');
  return { base, ref, checksum: !!checksum && /^[0-9a-f]{7,64}$/i.test(checksum) };
}
