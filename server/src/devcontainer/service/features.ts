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
import type { DevcontainerLintResult } from './lint';
import { quickFixActions, wantsQuickFixes, DocumentRef } from '../../rules/codeActions';
import { findingHoverSections, ruleLookup } from '../../rules/hover';
import type { HoverOptions } from '../../rules/language';
import { devcontainerRules } from '../rules';
import { devcontainerSuppressionHelp, ignoreFileEdit, ignoreKeyEdit } from '../suppression';

const ruleById = ruleLookup(devcontainerRules);

/** The findings under the cursor, explained by their rules (as the other kinds' hovers). */
export function hoverDevcontainer(
  result: DevcontainerLintResult,
  position: Position,
  options: HoverOptions = {},
): Hover | null {
  const found = findingHoverSections(result.diagnostics, position, ruleById, {
    suppression: devcontainerSuppressionHelp,
    messages: !options.editorShowsMessages,
  });
  if (!found.sections.length) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: found.sections.join('\n\n---\n\n') },
    range: found.range,
  };
}

export function codeActionsDevcontainer(
  result: DevcontainerLintResult,
  doc: DocumentRef,
  range: Range,
  diagnostics: Diagnostic[],
  only?: string[],
): CodeAction[] {
  if (!wantsQuickFixes(only)) return [];
  const { model } = result;
  return quickFixActions(result, doc, range, diagnostics, {
    ignore({ data, diagnostic }, sent) {
      const action = (title: string, edit: TextEdit | undefined): CodeAction[] =>
        edit
          ? [{ title, kind: CodeActionKind.QuickFix, diagnostics: [sent], edit: { changes: { [doc.uri]: [edit] } } }]
          : [];
      const key = model.properties.find((p) => {
        const at = model.doc.offsetAt(diagnostic.range.start);
        return at >= p.node.offset && at <= p.node.offset + p.node.length;
      });
      return [
        ...action(
          `Ignore ${data.rule} for ${key ? `"${key.key}"` : 'this key'}`,
          ignoreKeyEdit(model, model.doc.offsetAt(diagnostic.range.start), data.rule),
        ),
        ...action(`Ignore ${data.rule} in this file`, ignoreFileEdit(model, data.rule)),
      ];
    },
  }).actions;
}
