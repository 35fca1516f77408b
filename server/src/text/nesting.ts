import { Lexer } from 'yaml';

/**
 * How deeply a document nests, measured before any recursive parser sees it. The parsers Bulkhead uses (yaml's
 * composer, jsonc-parser) and the walks over their trees recurse once per level: a few kilobytes of `[` or `- - -`
 * exhaust the stack, and near the limit V8 can abort the whole process (an allocation failure in its RegExp compiler
 * is not an exception anyone can catch). So depth is bounded first, by linear scans that never recurse, and a file past
 * the limit is reported as too deep to judge, never as clean.
 */

/** Far beyond real files: the deepest of 227 public Compose files and 17 daemon.json files nests fewer than 20 levels. */
export const MAX_NESTING = 200;

/** Zero-width control tokens of yaml's lexer (document start, flow error end, scalar marker). */
const CONTROL = new Set(['\u0002', '\u0018', '\u001f']);

/**
 * An upper bound on a YAML stream's nesting: open flow collections (`[`, `{`) plus block levels, where a block level is
 * an indentation deeper than the enclosing one or a compact `- `/`? ` indicator on the same line (`- - - x` nests three
 * sequences). Uses yaml's own lexer (iterative, one pass), so quotes, comments and block scalars are read as yaml reads
 * them. Returns early once `limit` is exceeded. `lexemes`, when given, collects the tokens, so a parser can take them
 * instead of lexing the text again.
 */
export function yamlNestingDepth(text: string, limit = MAX_NESTING, lexemes?: string[]): number {
  let max = 0;
  let flow = 0;
  const indents: number[] = [];
  let column = 0;
  let atLineStart = true;
  let lineIndent = 0;
  for (const token of new Lexer().lex(text)) {
    lexemes?.push(token);
    if (CONTROL.has(token)) continue;
    const first = token[0];
    if (atLineStart && flow === 0 && first !== ' ' && first !== '\n' && first !== '\r' && first !== '#') {
      // the first content of a line: close the block levels it is not inside, open its own
      lineIndent = column;
      while (indents.length && indents[indents.length - 1] >= lineIndent) indents.pop();
      indents.push(lineIndent);
      atLineStart = false;
    }
    if (flow === 0 && !atLineStart && (token === '-' || token === '?') && column > lineIndent) {
      // a compact indicator after the line's first one opens one more block level
      while (indents.length && indents[indents.length - 1] >= column) indents.pop();
      indents.push(column);
    }
    if (token === '[' || token === '{') flow++;
    else if ((token === ']' || token === '}') && flow > 0) flow--;
    const depth = indents.length + flow;
    if (depth > max) {
      max = depth;
      if (max > limit) return max;
    }
    const nl = token.lastIndexOf('\n');
    if (nl >= 0) {
      column = token.length - nl - 1;
      atLineStart = true;
    } else column += token.length;
  }
  return max;
}

/**
 * The nesting of JSON (with comments, as jsonc-parser reads it): brackets outside strings and comments. Linear, no
 * recursion; returns early once `limit` is exceeded.
 */
export function jsonNestingDepth(text: string, limit = MAX_NESTING): number {
  let depth = 0;
  let max = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i++;
      while (i < n && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c /* \ */ ? 2 : 1;
      i++;
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else {
      if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
        depth++;
        if (depth > max) {
          max = depth;
          if (max > limit) return max;
        }
      } else if ((c === 0x5d /* ] */ || c === 0x7d) /* } */ && depth > 0) depth--;
      i++;
    }
  }
  return max;
}

/** The message for a file past the limit: it was not judged, which is not the same as clean. */
export function tooDeepMessage(what: string, depth: number, limit = MAX_NESTING): string {
  const seen = depth > limit ? `more than ${limit}` : `${depth}`;
  return `Bulkhead did not check this ${what}: it nests ${seen} levels deep, too deep to judge safely (the limit is ${limit}; real files nest fewer than 20). Flatten the nesting to have it checked.`;
}
