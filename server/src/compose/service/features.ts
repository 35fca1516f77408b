import {
  CodeAction,
  CodeActionKind,
  Diagnostic,
  Hover,
  MarkupKind,
  Position,
  Range,
  TextEdit,
} from 'vscode-languageserver-types';
import { isPair, isScalar, isMap, Node } from 'yaml';
import type { ComposeLintResult } from './lint';
import { quickFixActions, wantsQuickFixes, DocumentRef } from '../../rules/codeActions';
import { addsYamlErrors } from '../edits';
import { findingHoverSections, ruleLookup } from '../../rules/hover';
import { composeSuppressionHelp } from '../suppression';
import { composeRules } from '../rules';
import { COMPOSE_KEY_HOVERS } from '../keyHovers';
import { authSwitchHover } from '../../rules/authSwitches';
import { serviceEnvironment } from '../environment';
import { parseBulkheadIgnore } from '../../rules/suppression';
import type { HoverOptions } from '../../rules/language';
import { pulledImages } from '../pulledImages';
import { imageHoverSection } from '../../registry/hover';

const ruleById = ruleLookup(composeRules);

/** The service key path under the cursor (`['deploy', 'resources']`), if the cursor is on a key of a service. */
function keyPathAt(result: ComposeLintResult, offset: number): { path: string[]; node: Node } | undefined {
  for (const s of result.model.services) {
    const walk = (map: unknown, path: string[]): { path: string[]; node: Node } | undefined => {
      if (!isMap(map)) return undefined;
      for (const item of map.items) {
        if (!isPair(item) || !isScalar(item.key) || !item.key.range) continue;
        const p = [...path, String(item.key.value)];
        const [a, b] = item.key.range;
        if (offset >= a && offset <= b) return { path: p, node: item.key };
        const inner = walk(item.value, p);
        if (inner) return inner;
      }
      return undefined;
    };
    const found = walk(s.map, []);
    if (found) return found;
  }
  return undefined;
}

export function hoverCompose(result: ComposeLintResult, position: Position, options: HoverOptions = {}): Hover | null {
  const found = findingHoverSections(result.diagnostics, position, ruleById, {
    suppression: composeSuppressionHelp,
    messages: !options.editorShowsMessages,
  });
  const sections = found.sections;
  let range = found.range;
  const offset = result.model.doc.offsetAt(position);
  const key = keyPathAt(result, offset);
  if (key) {
    const id = key.path.join('.');
    const note =
      COMPOSE_KEY_HOVERS[id] ??
      (key.path.length >= 2 && key.path[0] === 'deploy' && key.path[1] === 'resources'
        ? COMPOSE_KEY_HOVERS['deploy.resources']
        : undefined);
    if (note) {
      sections.unshift(`**\`${note.title}\`** (security)\n\n${note.text}\n\n**Safe:** ${note.safe}`);
      const r = key.node.range!;
      range = result.model.range(r[0], r[1]);
    }
  }
  const env = environmentNameAt(result, offset);
  const envNote = env && authSwitchHover(env.name);
  if (env && envNote) {
    sections.unshift(envNote);
    range = result.model.range(env.start, env.end);
  }
  // an image reference: what its registry says (bulkhead.registry.enabled)
  if (options.images) {
    for (const { ref, start, literal } of pulledImages(result.model)) {
      if (start === undefined || !literal || offset < start || offset > start + ref.raw.length) continue;
      const section = imageHoverSection(ref.raw, options.images(literal));
      if (section) {
        sections.push(section);
        range ??= result.model.range(start, start + ref.raw.length);
      }
    }
  }
  if (!sections.length) return null;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range };
}

/** The environment variable whose name is under the cursor (`NAME:` of a mapping, `NAME` of `- NAME=value`). */
function environmentNameAt(
  result: ComposeLintResult,
  offset: number,
): { name: string; start: number; end: number } | undefined {
  for (const s of result.model.services) {
    for (const e of serviceEnvironment(result.model, s).entries) {
      const key = e.keyNode?.range ?? (e.valueIndex !== undefined || e.value === null ? e.node.range : undefined);
      if (!key) continue;
      // list syntax: the name is the item's first characters (when the item is written verbatim)
      const start = e.keyNode ? key[0] : key[0] + (/^["']/.test(result.model.text[key[0]] ?? '') ? 1 : 0);
      const end = e.keyNode ? key[1] : start + e.name.length;
      if (offset >= start && offset <= end && result.model.text.slice(start, end) === e.name)
        return { name: e.name, start, end };
    }
  }
  return undefined;
}

/** `# bulkhead-ignore <rule>` above the service's name: merged into an existing comment there. */
function ignoreForServiceEdit(result: ComposeLintResult, line: number, rule: string): TextEdit | undefined {
  const model = result.model;
  let serviceStart: number | undefined;
  for (const s of model.services) {
    const start = s.keyNode.range?.[0];
    if (start === undefined) continue;
    const l = model.doc.positionAt(start).line;
    if (l <= line && (serviceStart === undefined || l > model.doc.positionAt(serviceStart).line)) serviceStart = start;
  }
  if (serviceStart === undefined) return undefined;
  return ignoreAboveEdit(result, model.doc.positionAt(serviceStart).line, rule);
}

/** `# bulkhead-ignore <rule>` on the comment lines above `line` (merged into one there), undefined if it is there. */
function ignoreAboveEdit(result: ComposeLintResult, serviceLine: number, rule: string): TextEdit | undefined {
  const model = result.model;
  const lines = model.text.split(/\r\n|\r|\n/);
  for (let l = serviceLine - 1; l >= 0 && /^\s*#/.test(lines[l] ?? ''); l--) {
    const parsed = parseBulkheadIgnore(lines[l]);
    if (parsed && !parsed.file) {
      if (parsed.ids.includes(rule)) return undefined;
      const at = { line: l, character: parsed.idsEndInLine };
      return { range: { start: at, end: at }, newText: `,${rule}` };
    }
  }
  const indent = /^[ \t]*/.exec(lines[serviceLine] ?? '')?.[0] ?? '';
  const at = { line: serviceLine, character: 0 };
  return { range: { start: at, end: at }, newText: `${indent}# bulkhead-ignore ${rule}${model.eol}` };
}

export function codeActionsCompose(
  result: ComposeLintResult,
  doc: DocumentRef,
  range: Range,
  contextDiagnostics: Diagnostic[],
  only?: string[],
): CodeAction[] {
  if (!wantsQuickFixes(only)) return [];
  return quickFixActions(result, doc, range, contextDiagnostics, {
    // on YAML that does not parse, a fix is offered only if it adds no syntax error (checked here, per request)
    keep: (a) => !addsYamlErrors(result.model, a.edit?.changes?.[doc.uri] ?? []),
    ignore(fixes, sent) {
      const rule = fixes.data.rule;
      // a finding that stands for several services sits on `services:`: its comment goes above that line
      const several = !!fixes.data.services;
      const line = fixes.diagnostic.range.start.line;
      const edit = several ? ignoreAboveEdit(result, line, rule) : ignoreForServiceEdit(result, line, rule);
      return edit
        ? [
            {
              title: several ? `Ignore ${rule} for these services` : `Ignore ${rule} for this service`,
              kind: CodeActionKind.QuickFix,
              diagnostics: [sent],
              edit: { changes: { [doc.uri]: [edit] } },
            },
          ]
        : [];
    },
  }).actions;
}
