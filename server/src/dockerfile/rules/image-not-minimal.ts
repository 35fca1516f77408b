import type { Fix } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction, Stage } from '../model/model';
import type { MinimalImage } from '../../data/minimalImages';
import { minimalImage } from '../../data/minimalImages';
import { describeRef, imageUses, ImageUse, nameSpan, tagSpan } from '../analysis/imageRefs';
import { repositoryName } from '../../common/image';
import { runCommands } from '../analysis/commands';
import { replaceRange } from '../analysis/edits';

export const imageNotMinimal: DockerfileRule = {
  id: 'image-not-minimal',
  kind: 'dockerfile',
  severity: 'info',
  title: 'Final image is not a minimal variant',
  rationale:
    'Every package in the shipped image is attack surface and scanner noise: compilers, package caches, shells and libraries the application never uses still carry vulnerabilities. Full distribution and language images ship far more than a service needs at run time.',
  remedy:
    'Base the final stage on the minimal variant of the same image (`-slim`, `-alpine`, `-minimal`, the JRE) and keep build tools in a builder stage.',
  guidance: ['Images: start from minimal base images'],
  anchors: [],
  fixes: ['Switch to the minimal variant'],
  fixSafety: 'manual',
  check({ model }) {
    const stage = model.finalStage;
    if (!stage) return [];
    // a final stage named as a development target (`dev`, `devcontainer`, `test`) is not the shipped image
    if (stage.alias && DEVELOPMENT_STAGE.test(stage.alias)) return [];
    const chain = finalChain(stage);
    const root = chain[chain.length - 1];
    const use = imageUses(model).find((u) => u.where === 'FROM' && u.inst === root.from);
    if (!use) return []; // scratch, an unresolved build argument or a template
    const entry = minimalImage(repositoryName(use.parsed));
    if (!entry) return [];
    const tagText = use.parsed.tag ?? '';
    if (entry.exempt?.test(tagText)) return [];
    if (use.parsed.tag !== null && entry.tagForm && !entry.tagForm.test(tagText)) return [];
    if (entry.command && !runsApplication(chain, entry.command)) return [];
    const span =
      (use.literal && tagSpan(use)) || (use.literal ? nameSpan(use) : { start: use.ref.start, end: use.ref.end });
    const through = root === stage ? '' : ` (through \`FROM ${stage.from.body.text.trim().split(/\s+/)[0]}\`)`;
    const candidates = rewrites(model, use, entry, chain);
    const fixes = candidates.fixes;
    const instead = fixes.length ? fixes.map((f) => `\`${f.reference}\``).join(' or ') : entry.suggestion;
    const note = candidates.why ? ` ${candidates.why}` : '';
    return [
      {
        range: model.range(span.start, span.end),
        message: `The final stage${through} is based on ${describeRef(use)}, ${entry.description}: the shipped image carries packages the application does not need at run time. Use ${instead} instead.${note}`,
        fixes: fixes.map((f) => f.fix),
      },
    ];
  },
};

const DEVELOPMENT_STAGE = /^(dev|devel|develop|development|devcontainer|debug|test|tests|testing|lint|ci)([-_].*)?$/i;

/** The final stage and the stages it is built FROM, final first, root (the one with a real image) last. */
function finalChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | null = stage; s && !chain.includes(s); s = s.parent) chain.push(s);
  return chain;
}

function rewrites(
  model: DockerfileModel,
  use: ImageUse,
  entry: MinimalImage,
  chain: Stage[],
): { fixes: { reference: string; fix: Fix }[]; why?: string } {
  if (!entry.rewrites?.length) return { fixes: [] };
  if (!use.literal)
    return { fixes: [], why: 'The reference comes from a build argument, so no automatic fix is offered.' };
  if (use.parsed.digest !== null) {
    return {
      fixes: [],
      why: 'The pinned digest belongs to the full image: switch the tag and pin the digest of the minimal variant.',
    };
  }
  // `latest-slim` would only move the moving tag: a version comes first (image-latest-tag), so the suggestion is the
  // entry's own, with a version placeholder, and no fix
  if (use.parsed.tag === 'latest') return { fixes: [] };
  const root = chain[chain.length - 1];
  // a builder stage built FROM the same base would change too, and may need the full image
  const shared = model.stages.some((s) => !chain.includes(s) && ancestors(s).includes(root));
  if (shared)
    return {
      fixes: [],
      why: `A builder stage is built from the same base too, so switch the final stage's base separately.`,
    };
  const managers = packageManagers(model, chain);
  const name = nameSpan(use);
  const tag = tagSpan(use);
  const out: { reference: string; fix: Fix }[] = [];
  for (const rewrite of entry.rewrites) {
    if (rewrite.lacks && managers.has(rewrite.lacks)) continue;
    const next = rewrite.apply(use.parsed.path, use.parsed.tag);
    if (!next) continue;
    const edits = [];
    if (next.path !== use.parsed.path) {
      const text = model.text.slice(name.start, name.end);
      if (!text.endsWith(use.parsed.path)) continue;
      edits.push(replaceRange(model, name.end - use.parsed.path.length, name.end, next.path));
    }
    if (next.tag !== use.parsed.tag) {
      if (!tag || next.tag === null) continue;
      edits.push(replaceRange(model, tag.start, tag.end, next.tag));
    }
    if (!edits.length) continue;
    const written = model.text.slice(use.ref.start, use.ref.end);
    const reference =
      written.slice(0, name.end - use.ref.start - use.parsed.path.length) +
      next.path +
      (next.tag !== null ? `:${next.tag}` : '');
    out.push({
      reference,
      fix: { title: `Switch to ${reference}`, edits, isPreferred: !!rewrite.preferred, manual: true },
    });
  }
  // with a single fix left, it is the obvious one
  if (out.length === 1) out[0].fix.isPreferred = true;
  return { fixes: out };
}

/**
 * Whether the stage chain's command (ENTRYPOINT, else CMD; the last one written wins) runs the application: it
 * matches `runs`, and its program is not one `notRuns` names. No command at all is a build or tool image.
 */
function runsApplication(chain: Stage[], command: { runs?: RegExp; notRuns?: RegExp }): boolean {
  // the final stage's ENTRYPOINT and CMD in effect (the model's, inherited through its chain)
  const final = chain[0];
  const entrypoint = final.entrypoint ? commandText(final.entrypoint) : null;
  const cmd = final.cmd ? commandText(final.cmd) : null;
  const line = [entrypoint, cmd].filter((t): t is string => !!t).join(' ');
  if (!line) return false;
  // an interactive shell or a keep-alive is a development container, not an application
  // linear: literals with a blank run between, each ended by a literal it cannot read
  if (/^(?:\S*\/)?(?:ba|da|z|a)?sh$/.test(line) || /\btail\s+-f\s+\/dev\/null\b|\bsleep\s+inf(inity)?\b/.test(line))
    return false;
  if (command.runs && !command.runs.test(line)) return false;
  const program = (entrypoint || cmd || '').replace(/^(?:exec\s+)?(?:\S*\/)?/, '');
  return !(command.notRuns && command.notRuns.test(program));
}

/**
 * The command line of a CMD/ENTRYPOINT: exec-form arguments (the model's) joined, or the shell form's text (BuildKit
 * hands it to the shell unevaluated), without a leading `sh -c`.
 */
function commandText(inst: DockerInstruction): string {
  const argv = inst.argv;
  const text = argv ? argv.join(' ') : inst.body.text.trim();
  return text
    .replace(/^(?:\S*\/)?(?:ba|da|z)?sh\s+-c\s+/, '')
    .replace(/^["']|["']$/g, '')
    .trim();
}

function ancestors(stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | null = stage.parent; s && !out.includes(s); s = s.parent) out.push(s);
  return out;
}

/** `apt` and `dnf` when the stage chain runs them (or their relatives), for rewrites to variants without them. */
function packageManagers(model: DockerfileModel, chain: Stage[]): Set<'apt' | 'dnf'> {
  const out = new Set<'apt' | 'dnf'>();
  for (const c of runCommands(model)) {
    if (!c.inst.stage || !chain.includes(c.inst.stage)) continue;
    if (/^(apt|apt-get|apt-cache|dpkg|aptitude)$/.test(c.name)) out.add('apt');
    if (/^(dnf|yum)$/.test(c.name)) out.add('dnf');
  }
  return out;
}
