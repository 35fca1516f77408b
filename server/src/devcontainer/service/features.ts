import { CodeAction, Diagnostic, Hover, MarkupKind, Position, Range } from 'vscode-languageserver-types';
import type { DevcontainerLintResult } from './lint';
import { quickFixActions, wantsQuickFixes, DocumentRef } from '../../rules/codeActions';
import { findingHoverSections, ruleLookup } from '../../rules/hover';
import type { HoverOptions } from '../../rules/language';
import { devcontainerRules } from '../rules';

const ruleById = ruleLookup(devcontainerRules);

/** The findings under the cursor, explained by their rules (as the other kinds' hovers). */
export function hoverDevcontainer(
  result: DevcontainerLintResult,
  position: Position,
  options: HoverOptions = {},
): Hover | null {
  const found = findingHoverSections(result.diagnostics, position, ruleById, {
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
  return quickFixActions(result, doc, range, diagnostics).actions;
}
