import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import { displayUrl } from '../analysis/downloads';
import { addSources, gitSource, knownText, startsUnknown } from '../analysis/sources';
import { unverifiedClearTextStarts } from '../analysis/remoteFetches';
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
      visit(inst, { model, config }) {
        // fetched over plain HTTP too: plain-http-download reports the URL once, naming the missing check
        const inTheClear = unverifiedClearTextStarts(model, config.internalHosts ?? []);
        const out: Report[] = [];
        const checksum = model.flag(inst, 'checksum');
        const hasChecksum = !!checksum?.value?.trim();
        for (const src of addSources(model, inst)) {
          // as BuildKit reads it: quotes removed, variables substituted; unknown stretches left out
          const url = knownText(src);
          if (inTheClear.has(src.start)) continue;
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
