import type { DockerfileRule } from '../context';
import { replaceRange } from '../analysis/edits';
import { addSources } from '../analysis/sources';
import { visitInstructions } from '../visitor';

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|tar\.lz|tar\.lzma|tlz)$/i;

export const addInsteadOfCopy: DockerfileRule = {
  id: 'add-instead-of-copy',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'ADD used for local files',
  rationale:
    'ADD also fetches URLs and unpacks archives, so a harmless-looking line can pull remote content or explode a tarball into the image. COPY does only what it says.',
  remedy: 'Use COPY for local files and directories; keep ADD only where extracting a local tar archive is the point.',
  guidance: ['Build: use COPY instead of ADD'],
  anchors: [
    { tool: 'hadolint', id: 'DL3020' },
    { tool: 'trivy', id: 'DS-0005' },
    { tool: 'checkov', id: 'CKV_DOCKER_4' },
    { tool: 'kics', id: 'Add Instead of Copy' },
  ],
  fixes: ['Replace ADD with COPY (flags kept)'],
  fixSafety: 'safe',
  check: (ctx) =>
    visitInstructions(ctx, {
      keywords: ['ADD'],
      onbuild: true,
      visit(inst, { model }) {
        const sources = addSources(model, inst);
        if (!sources.length) return;
        const allLocal = sources.every((s) => s.known && !s.variables && !s.remote && !ARCHIVE.test(s.value));
        if (!allLocal) return;
        // `--checksum`, `--keep-git-dir` and `--unpack` only exist on ADD: COPY would reject them.
        if (inst.flags.some((f) => ['checksum', 'keep-git-dir', 'unpack'].includes(f.name))) return;
        const addStart = inst.keywordStart;
        return {
          range: model.range(addStart, addStart + 3),
          message: `ADD copies local ${sources.length === 1 ? `"${sources[0].value}"` : 'files'} here; use COPY, which never fetches URLs or unpacks archives.`,
          fixes: [
            {
              title: 'Replace ADD with COPY',
              edits: [replaceRange(model, addStart, addStart + 3, 'COPY')],
              isPreferred: true,
            },
          ],
        };
      },
    }),
};
