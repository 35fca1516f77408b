import type { Hover, Position, Range } from 'vscode-languageserver-types';
import { imageUses } from '../analysis/imageRefs';
import { imageHoverSection } from '../../registry/hover';
import { MarkupKind } from 'vscode-languageserver-types';
import type { DockerfileLintResult } from './lint';
import { dockerfileRules } from '../rules';
import { INSTRUCTION_NOTES, MOUNT_NOTES } from './instructionHovers';
import { findingHoverSections, ruleLookup } from '../../rules/hover';
import { dockerfileSuppressionHelp } from '../suppression';
import type { HoverOptions } from '../../rules/language';
import { authSwitchHover } from '../../rules/authSwitches';

const ruleById = ruleLookup(dockerfileRules);

export function hoverDockerfile(
  result: DockerfileLintResult,
  position: Position,
  options: HoverOptions = {},
): Hover | null {
  const found = findingHoverSections(result.diagnostics, position, ruleById, {
    suppression: dockerfileSuppressionHelp,
    messages: !options.editorShowsMessages,
  });
  const model = result.model;
  const image = imageSection(result, position, options);
  if (found.sections.length || image) {
    const sections = image ? [...found.sections, image.section] : found.sections;
    return {
      contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
      range: found.range ?? image?.range,
    };
  }
  const inst = model.instructionAtLine(position.line);
  if (!inst) return null;
  const offset = model.doc.offsetAt(position);
  // RUN --mount=type=...: explain the mount
  for (const f of inst.flags) {
    if (offset >= f.start && offset <= f.end && f.name === 'mount' && f.value) {
      const type = /(?:^|,)type=([a-z]+)/.exec(f.value)?.[1] ?? 'bind';
      const note = MOUNT_NOTES[type];
      if (note)
        return {
          contents: { kind: MarkupKind.Markdown, value: `**RUN --mount=type=${type}**\n\n${note}` },
          range: model.range(f.start, f.end),
        };
    }
  }
  // ENV NAME=…: a name that switches a service's login off explains itself
  if (inst.effectiveKeyword === 'ENV') {
    const p = inst.properties.find((q) => offset >= q.nameStart && offset <= q.nameEnd);
    const note = p && authSwitchHover(p.name);
    if (p && note)
      return { contents: { kind: MarkupKind.Markdown, value: note }, range: model.range(p.nameStart, p.nameEnd) };
  }
  if (offset < inst.keywordStart || offset > inst.keywordEnd) return null;
  const keyword = inst.effectiveKeyword;
  const note = INSTRUCTION_NOTES[keyword];
  if (!note) return null;
  const extra: string[] = [];
  if (keyword === 'FROM' && inst.stage) {
    const s = inst.stage;
    if (s.image.stage)
      extra.push(`Builds on stage \`${s.image.stage.alias}\` (inherits its USER, SHELL and HEALTHCHECK).`);
    else if (s.image.resolved && s.image.resolved !== s.image.text) extra.push(`Resolves to \`${s.image.resolved}\`.`);
    else if (!s.image.resolved && !s.image.isScratch)
      extra.push('The image name uses a build argument without a default, so it is unknown until build time.');
    if (s === model.finalStage) extra.push('This is the final stage: its user, packages and files are what ships.');
    else extra.push('A builder stage: only what later stages copy from it ships.');
  }
  if (keyword === 'USER') {
    const raw = inst.body.text.trim();
    const value = model.word(inst, raw).value;
    extra.push(`Runs as \`${value ?? raw}\` from here on${value === null ? ' (a build argument decides)' : ''}.`);
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: [`**${keyword}** (security)`, note, ...extra].join('\n\n') },
    range: model.range(inst.keywordStart, inst.keywordEnd),
  };
}

/** What the registry says about the image reference under the cursor (bulkhead.registry.enabled). */
function imageSection(
  result: DockerfileLintResult,
  position: Position,
  options: HoverOptions,
): { section: string; range: Range } | undefined {
  if (!options.images) return undefined;
  const model = result.model;
  const offset = model.doc.offsetAt(position);
  for (const use of imageUses(model)) {
    if (offset < use.ref.start || offset > use.ref.end) continue;
    const section = imageHoverSection(use.resolved, options.images(use.resolved));
    return section ? { section, range: model.range(use.ref.start, use.ref.end) } : undefined;
  }
  return undefined;
}
