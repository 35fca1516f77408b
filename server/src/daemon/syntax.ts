import { createScanner, SyntaxKind } from 'jsonc-parser';

/**
 * dockerd decodes daemon.json with Go's `encoding/json`: no comments, no trailing commas, one top-level value. This
 * walks the tokens the way Go's scanner does, so each problem can be described in dockerd's own words
 * (`invalid character '}' looking for beginning of object key string`). Iterative, so any nesting depth is safe.
 */

export type SyntaxProblemKind = 'comment' | 'trailing-comma' | 'multiple-values' | 'too-deep' | 'other';

export interface SyntaxProblem {
  kind: SyntaxProblemKind;
  /** Document offsets of the offending token. */
  start: number;
  end: number;
  /** The error Go's decoder gives (dockerd prints it). */
  goError: string;
}

export interface SyntaxReport {
  problems: SyntaxProblem[];
  /** The deepest nesting of objects and arrays seen. */
  maxDepth: number;
  /** Offset where the first top-level value starts, or -1 when the text holds only whitespace. */
  firstValueStart: number;
  /** Kind of the first top-level value. */
  topLevel: 'object' | 'array' | 'string' | 'number' | 'bool' | 'null' | 'none';
}

/** Go's encoding/json refuses deeper documents (`maxNestingDepth`). */
export const GO_MAX_DEPTH = 10000;

type State = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'colon' | 'after-value' | 'done';

const CONTEXT: Record<State, (top: 'object' | 'array' | undefined) => string> = {
  value: () => 'looking for beginning of value',
  'value-or-end': () => 'looking for beginning of value',
  key: () => 'looking for beginning of object key string',
  'key-or-end': () => 'looking for beginning of object key string',
  colon: () => 'after object key',
  'after-value': (top) => (top === 'object' ? 'after object key:value pair' : 'after array element'),
  done: () => 'after top-level value',
};

/** Go's `quoteChar`. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return `'${c}'`;
}

export function analyzeSyntax(text: string): SyntaxReport {
  const problems: SyntaxProblem[] = [];
  const scanner = createScanner(text, false);
  const stack: ('object' | 'array')[] = [];
  let state: State = 'value';
  let maxDepth = 0;
  let firstValueStart = -1;
  let topLevel: SyntaxReport['topLevel'] = 'none';
  let structuralFailed = false;
  let lastComma = -1;

  const top = () => stack[stack.length - 1];
  const fail = (kind: SyntaxProblemKind, start: number, end: number, what: string) => {
    problems.push({ kind, start, end, goError: what });
  };
  const afterValue = (): State => (stack.length ? 'after-value' : 'done');

  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) continue;
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) {
      fail('comment', start, end, `invalid character '/' ${CONTEXT[state](top())}`);
      continue;
    }
    if (structuralFailed) continue;
    const ch = text[start] ?? '';
    const unexpected = () => {
      if (state === 'done')
        fail(
          'multiple-values',
          start,
          text.trimEnd().length,
          `invalid character ${quoteChar(ch)} after top-level value`,
        );
      else
        fail('other', start, Math.max(end, start + 1), `invalid character ${quoteChar(ch)} ${CONTEXT[state](top())}`);
      structuralFailed = true;
    };
    const beginsValue = state === 'value' || state === 'value-or-end';
    switch (kind) {
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken:
        if (!beginsValue) {
          unexpected();
          break;
        }
        if (firstValueStart < 0) {
          firstValueStart = start;
          topLevel = kind === SyntaxKind.OpenBraceToken ? 'object' : 'array';
        }
        stack.push(kind === SyntaxKind.OpenBraceToken ? 'object' : 'array');
        maxDepth = Math.max(maxDepth, stack.length);
        if (stack.length > GO_MAX_DEPTH) {
          fail('too-deep', start, end, 'exceeded max depth');
          structuralFailed = true;
          break;
        }
        state = kind === SyntaxKind.OpenBraceToken ? 'key-or-end' : 'value-or-end';
        break;
      case SyntaxKind.CloseBraceToken:
        if (top() === 'object' && state === 'key' && lastComma >= 0) {
          fail(
            'trailing-comma',
            lastComma,
            lastComma + 1,
            `invalid character '}' looking for beginning of object key string`,
          );
          stack.pop();
          state = afterValue();
        } else if (top() === 'object' && (state === 'key-or-end' || state === 'after-value')) {
          stack.pop();
          state = afterValue();
        } else unexpected();
        break;
      case SyntaxKind.CloseBracketToken:
        if (top() === 'array' && state === 'value' && lastComma >= 0) {
          fail('trailing-comma', lastComma, lastComma + 1, `invalid character ']' looking for beginning of value`);
          stack.pop();
          state = afterValue();
        } else if (top() === 'array' && (state === 'value-or-end' || state === 'after-value')) {
          stack.pop();
          state = afterValue();
        } else unexpected();
        break;
      case SyntaxKind.CommaToken:
        if (state !== 'after-value') {
          unexpected();
          break;
        }
        lastComma = start;
        state = top() === 'object' ? 'key' : 'value';
        continue; // keep lastComma
      case SyntaxKind.ColonToken:
        if (state !== 'colon') unexpected();
        else state = 'value';
        break;
      case SyntaxKind.StringLiteral:
        if (state === 'key' || state === 'key-or-end') {
          if (scanner.getTokenError()) unexpected();
          else state = 'colon';
          break;
        }
        if (!beginsValue || scanner.getTokenError()) {
          unexpected();
          break;
        }
        if (firstValueStart < 0) {
          firstValueStart = start;
          topLevel = 'string';
        }
        state = afterValue();
        break;
      case SyntaxKind.NumericLiteral:
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
      case SyntaxKind.NullKeyword:
        if (!beginsValue || scanner.getTokenError()) {
          unexpected();
          break;
        }
        if (firstValueStart < 0) {
          firstValueStart = start;
          topLevel = kind === SyntaxKind.NumericLiteral ? 'number' : kind === SyntaxKind.NullKeyword ? 'null' : 'bool';
        }
        state = afterValue();
        break;
      default:
        unexpected();
    }
    lastComma = -1;
  }
  if (!structuralFailed && firstValueStart >= 0 && state !== 'done') {
    fail('other', text.length, text.length, 'unexpected end of JSON input');
  }
  return { problems, maxDepth, firstValueStart, topLevel };
}
