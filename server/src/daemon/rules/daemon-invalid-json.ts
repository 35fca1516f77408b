import type { TextEdit } from 'vscode-languageserver-types';
import type { Fix, Report, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import type { DaemonModel } from '../model';
import type { SyntaxProblem } from '../syntax';
import { trimTrailing } from '../../text/scan';

/** How dockerd words a decode error: Engine 29 prefixes `invalid JSON: ` (facts §1.2 step 3). */
export function dockerdJsonError(model: DaemonModel, goError: string): string {
  return model.version >= 29 ? `invalid JSON: ${goError}` : goError;
}

const TOP_LEVEL_KIND: Record<string, string> = { array: 'array', string: 'string', number: 'number', bool: 'bool' };

export const daemonInvalidJson: Rule<DaemonContext> = {
  id: 'daemon-invalid-json',
  kind: 'daemon',
  severity: 'error',
  title: 'daemon.json is not plain JSON',
  rationale:
    "dockerd decodes daemon.json with Go's encoding/json: a comment, a trailing comma, a second top-level value or anything but one object stops the daemon from starting (or, on reload, leaves the old configuration in force).",
  remedy: 'Write plain JSON: one object, no comments, no trailing commas.',
  guidance: ['Host: a daemon configuration that takes effect'],
  anchors: [],
  fixes: ['Remove the comment', 'Remove the trailing comma'],
  fixSafety: 'safe',
  check({ model }) {
    const out: Report[] = [];
    const { problems, topLevel, firstValueStart } = model.syntax;
    for (const p of problems) out.push(report(model, p));
    const structural = problems.some((p) => p.kind !== 'comment' && p.kind !== 'trailing-comma');
    const kind = TOP_LEVEL_KIND[topLevel];
    if (kind && !structural) {
      // Go's Unmarshal into map[string]any: a top-level array or scalar is a type error (`null` is fine: empty config)
      const start = firstValueStart;
      const end = topLevel === 'array' ? start + 1 : scalarEnd(model.text, start);
      const err = dockerdJsonError(
        model,
        `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`,
      );
      out.push({
        range: model.range(start, end),
        message: `daemon.json must hold one JSON object, not ${kind === 'array' ? 'an array' : `a ${kind}`}: dockerd refuses to start with "${err}". Put the settings in one object: { "key": value, ... }.`,
      });
    }
    return out;
  },
};

function scalarEnd(text: string, start: number): number {
  const m = /^("(?:[^"\\]|\\.)*"|[^\s,\]}]+)/.exec(text.slice(start));
  return start + (m ? m[0].length : 1);
}

function report(model: DaemonModel, p: SyntaxProblem): Report {
  const err = dockerdJsonError(model, p.goError);
  const says = `dockerd refuses to start with "${err}"`;
  const range = model.range(p.start, p.end);
  switch (p.kind) {
    case 'comment':
      return {
        range,
        message: `JSON has no comments: ${says}. Remove the comment; keep notes beside the file (a README, the commit message).`,
        fixes: [removeComment(model, p)],
      };
    case 'trailing-comma':
      return {
        range,
        message: `Trailing comma: ${says}. Remove the comma after the last entry.`,
        fixes: [{ title: 'Remove the trailing comma', edits: [removeTrailingComma(model, p)], isPreferred: true }],
      };
    case 'multiple-values':
      return { range, message: `More than one top-level value: ${says}. Merge the settings into one object.` };
    case 'too-deep':
      return { range, message: `Nested too deeply: ${says}. daemon.json settings nest a few levels at most.` };
    default:
      return {
        range,
        message: `Syntax error: ${says}. Fix the syntax here (often a missing comma or quote just before).`,
      };
  }
}

/**
 * Remove the comma. The edit also spans (and keeps) the spaces after it, so "Fix all" never combines it with another
 * fix that inserts right after that comma and counts on it as a separator.
 */
function removeTrailingComma(model: DaemonModel, p: SyntaxProblem): TextEdit {
  const space = /^\s*/.exec(model.text.slice(p.end))?.[0] ?? '';
  return { range: model.range(p.start, p.end + space.length), newText: space };
}

/** Remove a comment: its whole line when it stands alone, else the comment and the spaces that separate it. */
function removeComment(model: DaemonModel, p: SyntaxProblem): Fix {
  const text = model.text;
  const lineStart = text.lastIndexOf('\n', p.start - 1) + 1;
  const before = text.slice(lineStart, p.start);
  const after = /^[ \t]*(\r?\n|$)/.exec(text.slice(p.end));
  let start = p.start;
  let end = p.end;
  if (/^[ \t]*$/.test(before) && after) {
    start = lineStart;
    end = p.end + after[0].length;
    // the last line of the file without a line break: take the break before it instead
    if (!after[1] && lineStart > 0) {
      start = text[lineStart - 2] === '\r' ? lineStart - 2 : lineStart - 1;
      end = p.end + after[0].length;
    }
  } else if (after) {
    // a comment at the end of a line: take the spaces before it
    start = p.start - (before.length - trimTrailing(before, ' \t').length);
  } else {
    // a comment between tokens: take the spaces after it
    end = p.end + (/^[ \t]*/.exec(text.slice(p.end))?.[0].length ?? 0);
  }
  return { title: 'Remove the comment', edits: [{ range: model.range(start, end), newText: '' }], isPreferred: true };
}
