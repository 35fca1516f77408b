import type { DockerfileModel, DockerInstruction } from '../dockerfile/model';
import { rulesForAnchor } from './registry';
import type { AnchorTool } from './types';

/**
 * Suppression comments. Ours: `# bulkhead-ignore id[,id] [-- reason]` on the comment lines directly above an
 * instruction, `# bulkhead-ignore-file id[,id]` anywhere. Other tools' pragmas are honoured for the rules their ids
 * map to: `# hadolint ignore=DL3002`, `# hadolint global ignore=`, `# check=skip=Rule` (above an instruction, or as
 * a file-level directive), `# trivy:ignore:AVD-DS-0002`, `#checkov:skip=CKV_DOCKER_3` (file-wide, as Checkov does).
 */
export interface Suppressions {
  isSuppressed(ruleId: string, inst: DockerInstruction | undefined): boolean;
  /** Rules ignored for the whole file. */
  file: Set<string>;
}

export interface IgnoreComment {
  line: number;
  /** Document offsets of the comment line's text (without the newline). */
  start: number;
  end: number;
  ids: string[];
  /** Offset just after the last id (where a merged id goes). */
  idsEnd: number;
  indent: string;
}

const OURS = /^(\s*)#\s*bulkhead-ignore(-file)?\s+([A-Za-z0-9_,\s-]*?)(\s+--.*)?$/;

export function parseBulkheadIgnore(lineText: string): { file: boolean; ids: string[]; idsEndInLine: number; indent: string } | null {
  const m = OURS.exec(lineText);
  if (!m) return null;
  const ids = m[3].split(/[\s,]+/).filter(Boolean);
  const idsEndInLine = m[1].length + lineText.slice(m[1].length).indexOf(m[3]) + m[3].trimEnd().length;
  return { file: !!m[2], ids, idsEndInLine, indent: m[1] };
}

/** Ids a comment line suppresses: ours and those mapped from other tools. `all` is kept as is. */
function idsOfComment(text: string): { scope: 'next' | 'file'; ids: string[] } | null {
  const ours = parseBulkheadIgnore(text);
  if (ours) return { scope: ours.file ? 'file' : 'next', ids: ours.ids };
  const body = text.replace(/^\s*#\s*/, '');
  let m = /^hadolint\s+(global\s+)?ignore\s*=\s*([A-Z0-9,\s]+)/i.exec(body);
  if (m) return { scope: m[1] ? 'file' : 'next', ids: mapIds('hadolint', m[2].split(/[\s,]+/)) };
  m = /^check\s*=\s*(.*)$/i.exec(body);
  if (m) {
    const skip = /(?:^|;)\s*skip\s*=\s*([^;/]*)/i.exec(m[1]);
    if (!skip) return null;
    const names = skip[1].split(',').map((s) => s.trim()).filter(Boolean);
    if (names.some((n) => n.toLowerCase() === 'all')) return { scope: 'next', ids: ['all'] };
    return { scope: 'next', ids: mapIds('buildkit', names) };
  }
  m = /^trivy:ignore:([A-Z0-9-]+)/i.exec(body);
  if (m) return { scope: 'next', ids: mapIds('trivy', [m[1]]) };
  m = /^checkov:skip=([A-Z0-9_]+)/i.exec(body);
  if (m) return { scope: 'file', ids: mapIds('checkov', [m[1]]) };
  return null;
}

function mapIds(tool: AnchorTool, ids: string[]): string[] {
  return ids.filter(Boolean).flatMap((id) => rulesForAnchor(tool, id));
}

interface CommentLine {
  line: number;
  text: string;
  start: number;
  end: number;
}

/** Comment lines that are Dockerfile comments (not inside an instruction or heredoc body). */
export function commentLines(model: DockerfileModel): CommentLine[] {
  const out: CommentLine[] = [];
  const text = model.text;
  const insts = model.instructions;
  let k = 0;
  let line = 0;
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? text.length : nl;
    while (k < insts.length && insts[k].range.end.line < line) k++;
    const inside = k < insts.length && insts[k].range.start.line <= line;
    if (!inside) {
      let i = pos;
      while (i < lineEnd && (text[i] === ' ' || text[i] === '\t' || text[i] === '\uFEFF')) i++;
      if (text[i] === '#') {
        const end = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
        out.push({ line, text: text.slice(pos, end).replace(/^\uFEFF/, ''), start: pos, end });
      }
    }
    if (nl === -1) break;
    pos = nl + 1;
    line++;
  }
  return out;
}

/** The contiguous comment lines directly above an instruction. */
export function commentsAbove(model: DockerfileModel, inst: DockerInstruction, comments = commentLines(model)): CommentLine[] {
  const above: CommentLine[] = [];
  let want = inst.range.start.line - 1;
  for (let i = comments.length - 1; i >= 0; i--) {
    const c = comments[i];
    if (c.line > want) continue;
    if (c.line < want) break;
    above.unshift(c);
    want--;
  }
  return above;
}

export function ignoreCommentAbove(model: DockerfileModel, inst: DockerInstruction): IgnoreComment | null {
  const above = commentsAbove(model, inst);
  for (let i = above.length - 1; i >= 0; i--) {
    const c = above[i];
    const parsed = parseBulkheadIgnore(c.text);
    if (parsed && !parsed.file) {
      return { line: c.line, start: c.start, end: c.end, ids: parsed.ids, idsEnd: c.start + parsed.idsEndInLine, indent: parsed.indent };
    }
  }
  return null;
}

export function fileIgnoreComment(model: DockerfileModel): IgnoreComment | null {
  for (const c of commentLines(model)) {
    const parsed = parseBulkheadIgnore(c.text);
    if (parsed && parsed.file) {
      return { line: c.line, start: c.start, end: c.end, ids: parsed.ids, idsEnd: c.start + parsed.idsEndInLine, indent: parsed.indent };
    }
  }
  return null;
}

export function computeSuppressions(model: DockerfileModel): Suppressions {
  const comments = commentLines(model);
  const file = new Set<string>();
  const perLine = new Map<number, string[]>();
  for (const c of comments) {
    const parsed = idsOfComment(c.text);
    if (!parsed) continue;
    if (parsed.scope === 'file') parsed.ids.forEach((id) => file.add(id));
    else perLine.set(c.line, parsed.ids);
  }
  // `# check=skip=...` in the leading comment block is BuildKit's file-level parser directive. Comments are sorted
  // with one per line, so the block is the prefix where comments[i] sits on line i (one pass, however long).
  for (let i = 0; i < comments.length && comments[i].line === i; i++) {
    const c = comments[i];
    if (/^\s*#\s*check\s*=/i.test(c.text)) (perLine.get(c.line) ?? []).forEach((id) => file.add(id));
  }
  const cache = new Map<number, Set<string>>();
  const forInstruction = (inst: DockerInstruction): Set<string> => {
    let set = cache.get(inst.index);
    if (!set) {
      set = new Set();
      for (let line = inst.range.start.line - 1; perLine.has(line) || isCommentLine(line, comments); line--) {
        for (const id of perLine.get(line) ?? []) set.add(id);
      }
      cache.set(inst.index, set);
    }
    return set;
  };
  return {
    file,
    isSuppressed(ruleId, inst) {
      if (file.has(ruleId) || file.has('all')) return true;
      if (!inst) return false;
      const set = forInstruction(inst);
      return set.has(ruleId) || set.has('all');
    },
  };
}

function isCommentLine(line: number, comments: CommentLine[]): boolean {
  // comments are sorted; binary search
  let lo = 0;
  let hi = comments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (comments[mid].line === line) return true;
    if (comments[mid].line < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
