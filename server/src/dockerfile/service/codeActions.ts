import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import type { DockerfileLintResult } from './lint';
import type { DocumentRef } from '../../rules/language';
import { quickFixActions, wantsQuickFixes } from '../../rules/codeActions';
import { fileIgnoreComment, ignoreCommentAbove, commentLines } from '../suppression';
import type { DockerfileModel } from '../model/model';
import { eol } from '../analysis/edits';

/** `source.fixAll.bulkhead` when asked for and something is safe to apply. */
export function codeActionsDockerfile(
  result: DockerfileLintResult,
  doc: DocumentRef,
  range: Range,
  contextDiagnostics: Diagnostic[],
  only?: string[],
): CodeAction[] {
  if (!wantsQuickFixes(only)) return [];
  return quickFixActions(result, doc, range, contextDiagnostics, {
    ignore({ data }, sent) {
      const ignoreAction = (title: string, edit: TextEdit): CodeAction => ({
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [sent],
        edit: { changes: { [doc.uri]: [edit] } },
      });
      const inst = data.instruction !== undefined ? result.model.instructions[data.instruction] : undefined;
      return [
        ...(inst
          ? [
              ignoreAction(
                `Ignore ${data.rule} for this instruction`,
                ignoreInstructionEdit(result.model, data.instruction as number, data.rule),
              ),
            ]
          : []),
        ignoreAction(`Ignore ${data.rule} in this file`, ignoreFileEdit(result.model, data.rule)),
      ];
    },
  }).actions;
}

/** Add the id to the `# bulkhead-ignore` comment above the instruction, or insert one. */
export function ignoreInstructionEdit(model: DockerfileModel, instIndex: number, rule: string): TextEdit {
  const inst = model.instructions[instIndex];
  const existing = ignoreCommentAbove(model, inst);
  if (existing) {
    if (existing.ids.includes(rule)) return { range: model.range(existing.idsEnd, existing.idsEnd), newText: '' };
    return { range: model.range(existing.idsEnd, existing.idsEnd), newText: `,${rule}` };
  }
  const lineStart = model.offsetAt(inst.range.start.line, 0);
  const indent = /^[ \t]*/.exec(model.text.slice(lineStart, inst.start))?.[0] ?? '';
  return { range: model.range(lineStart, lineStart), newText: `${indent}# bulkhead-ignore ${rule}${eol(model)}` };
}

/** Add the id to the file's `# bulkhead-ignore-file` comment, or insert one after the parser directives. */
export function ignoreFileEdit(model: DockerfileModel, rule: string): TextEdit {
  const existing = fileIgnoreComment(model);
  if (existing) {
    if (existing.ids.includes(rule)) return { range: model.range(existing.idsEnd, existing.idsEnd), newText: '' };
    return { range: model.range(existing.idsEnd, existing.idsEnd), newText: `,${rule}` };
  }
  // Parser directives (`# syntax=`, `# escape=`, `# check=`) only count before any other line: insert after them.
  let at = model.text.startsWith('\uFEFF') ? 1 : 0;
  const comments = commentLines(model);
  for (let i = 0; i < comments.length && comments[i].line === i; i++) {
    if (!/^\s*#\s*[a-z]+\s*=/i.test(comments[i].text)) break;
    at = model.offsetAt(i + 1, 0);
    if (at <= comments[i].end) at = model.text.length;
  }
  const prefix = at === model.text.length && at > 0 && !model.text.endsWith('\n') ? eol(model) : '';
  return { range: model.range(at, at), newText: `${prefix}# bulkhead-ignore-file ${rule}${eol(model)}` };
}
