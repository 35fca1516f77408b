import type { Fix } from '../../rules/types';
import { fixesIfWanted, type DockerfileRule } from '../context';
import type { DockerfileModel } from '../model/model';
import { addSources } from '../analysis/sources';
import { isIgnored, parseDockerignore } from '../analysis/dockerignore';
import { visitInstructions } from '../visitor';
import { remembered } from '../../common/memo';

/** What a generated `.dockerignore` keeps out, with a path each line is meant to exclude (to skip lines already covered). */
const ENTRIES: { line: string; sample: string }[] = [
  { line: '.git', sample: '.git' },
  { line: '.env', sample: '.env' },
  { line: '.env.*', sample: '.env.local' },
  { line: '!.env.example', sample: '' },
  { line: '**/*.pem', sample: 'certs/server.pem' },
  { line: '**/*.key', sample: 'certs/server.key' },
  { line: '**/id_rsa*', sample: 'keys/id_rsa' },
  { line: '**/id_ed25519*', sample: 'keys/id_ed25519' },
  { line: '**/.ssh', sample: '.ssh' },
  { line: '**/.aws', sample: '.aws' },
  { line: '**/*.tfstate*', sample: 'infra/terraform.tfstate' },
];

/** Build output is only suggested: a Dockerfile may rely on a prebuilt `dist/` sent with `COPY . .`. */
const SUGGESTED = [
  '# Build output and dependencies that the image builds itself (uncomment what applies):',
  '# node_modules',
  '# dist',
  '# build',
  '# target',
];

const HEADER = '# Keep VCS history, secrets and keys out of the build context (added by Bulkhead)';

const CONTEXT_ROOT = /^\.(?:\/\.?)*$/;

export const broadCopyWithoutDockerignore: DockerfileRule = {
  id: 'broad-copy-without-dockerignore',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Whole build context copied without a .dockerignore',
  rationale:
    '`COPY . <dst>` sends everything in the build context into the image: without a .dockerignore that includes the .git history, .env files, keys and local build output, which then ship in a layer.',
  remedy:
    'Add a `.dockerignore` that excludes at least `.git` and `.env*` (and keys, credentials, build output), or copy only the files the image needs.',
  guidance: ['Build: add only what is needed', 'Build: no secrets in images'],
  anchors: [],
  fixes: ['Create .dockerignore (or add the missing entries to it)'],
  fixSafety: 'manual',
  check(ctx) {
    const { model, env } = ctx;
    const ignore = env.dockerignore;
    if (ignore === undefined) return [];
    const patterns = ignore === null ? null : parseDockerignore(ignore);
    if (patterns && (isIgnored(patterns, '.git') || isIgnored(patterns, '.env'))) return [];
    let fix: Fix | null | undefined;
    return visitInstructions(ctx, {
      // not ONBUILD: it copies the downstream build's context, whose .dockerignore is unknown
      keywords: ['COPY', 'ADD'],
      visit(inst) {
        // --from copies a stage or an image, not the context
        if (model.flag(inst, 'from')) return;
        const root = addSources(model, inst).find((s) => CONTEXT_ROOT.test(s.value));
        if (!root) return;
        return {
          range: model.range(root.start, root.end),
          message:
            ignore === null
              ? `${inst.effectiveKeyword} ${root.value} copies the whole build context and there is no .dockerignore, so .git history, .env files and keys go into the image. Add a .dockerignore that excludes them, or copy only what the image needs.`
              : `${inst.effectiveKeyword} ${root.value} copies the whole build context and .dockerignore excludes neither .git nor .env, so they go into the image. Add them to .dockerignore, or copy only what the image needs.`,
          // one fix for every finding (it edits .dockerignore): made for the first
          fixes: fixesIfWanted(ctx, () => {
            if (fix === undefined) fix = dockerignoreFix(model, ignore, env.dockerignorePath);
            return fix ? [fix] : [];
          }),
        };
      },
    });
  },
};

/** Files the Dockerfile copies by name: a generated line must not exclude them. */
function namedSources(model: DockerfileModel): string[] {
  const names: string[] = [];
  for (const inst of model.instructions) {
    if ((inst.effectiveKeyword !== 'COPY' && inst.effectiveKeyword !== 'ADD') || model.flag(inst, 'from')) continue;
    for (const s of addSources(model, inst)) if (!s.remote && !CONTEXT_ROOT.test(s.value)) names.push(s.value);
  }
  return names;
}

/**
 * The ENTRIES lines that would leave out a file copied by this name. Answers kept: the same names recur across files
 * (`package.json`, `requirements.txt`), and each look-up matches every entry (issue 21: 3 % of a warm lint of typical
 * Dockerfiles, for a fix a check never applies).
 */
const entriesExcluding = remembered(
  (name: string): ReadonlySet<string> =>
    new Set(
      ENTRIES.filter((e) => !e.line.startsWith('!') && isIgnored(parseDockerignore(e.line), name)).map((e) => e.line),
    ),
);

function dockerignoreFix(model: DockerfileModel, existing: string | null, existingName = '.dockerignore'): Fix | null {
  const current = existing === null ? [] : parseDockerignore(existing);
  const named = namedSources(model);
  const lines: string[] = [];
  for (const e of ENTRIES) {
    if (e.line.startsWith('!')) {
      if (lines.includes('.env.*')) lines.push(e.line);
      continue;
    }
    if (isIgnored(current, e.sample)) continue;
    if (named.some((n) => entriesExcluding(n).has(e.line))) continue;
    lines.push(e.line);
  }
  if (!lines.includes('.git') && !lines.includes('.env')) return null;
  const body = [HEADER, ...lines, ...(existing === null ? SUGGESTED : [])];
  const nl = existing?.includes('\r\n') ? '\r\n' : '\n';
  if (existing === null) {
    return {
      title: 'Create .dockerignore excluding .git, .env files and keys',
      edits: [],
      otherFile: {
        relativePath: '.dockerignore',
        create: true,
        edits: [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            newText: body.join('\n') + '\n',
          },
        ],
      },
      isPreferred: true,
    };
  }
  const split = existing.split('\n');
  const end = { line: split.length - 1, character: split[split.length - 1].length };
  const lead = existing.length && !existing.endsWith('\n') ? nl : '';
  return {
    title: `Add ${lines
      .filter((l) => !l.startsWith('!'))
      .slice(0, 2)
      .join(', ')}${lines.length > 2 ? ' …' : ''} to ${existingName}`,
    edits: [],
    // the ignore file that is in use: `.dockerignore`, or BuildKit's `<Dockerfile>.dockerignore` beside the Dockerfile
    otherFile: {
      relativePath: existingName,
      create: false,
      edits: [{ range: { start: end, end }, newText: lead + body.join(nl) + nl }],
    },
    isPreferred: true,
  };
}
