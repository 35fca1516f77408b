import type { DockerfileModel, DockerInstruction } from './model/model';
import type { Anchor, AnchorTool, RuleMeta } from '../rules/types';
import type { IgnoreComment } from '../rules/suppression';
import { anchorKey, parseBulkheadIgnore, ruleKey } from '../rules/suppression';
import type { SuppressionHelp } from '../rules/language';

/**
 * Suppression comments in a Dockerfile. Ours (parsed in rules/suppression.ts): `# bulkhead-ignore id[,id] [-- reason]`
 * on the comment lines directly above an instruction, `# bulkhead-ignore-file id[,id]` anywhere. Other tools' pragmas
 * are honoured for the rules their ids map to: `# hadolint ignore=DL3002`, `# hadolint global ignore=`,
 * `# check=skip=Rule` (above an instruction, or as a file-level directive), `# trivy:ignore:AVD-DS-0002`,
 * `#checkov:skip=CKV_DOCKER_3` (file-wide, as Checkov does).
 */
export interface Suppressions {
  /**
   * Whether a finding is suppressed. `anchors` are the other tools' ids of this particular finding (a rule that
   * covers several of their checks gives the one that matches); their pragmas suppress only what they mean.
   */
  isSuppressed(rule: RuleMeta, inst: DockerInstruction | undefined, anchors?: readonly Anchor[]): boolean;
  /** Rules ignored for the whole file by our own comment (or `all`): the engine does not run them. */
  fileRules: Set<string>;
  /** No comment suppresses anything (most files): no finding needs asking about. */
  none: boolean;
}

const ALL = 'all';

type Scope = 'next' | 'file' | 'stage';

/** What a comment line suppresses, as keys. */
function keysOfComment(text: string): { scope: Scope; keys: string[] } | null {
  const ours = parseBulkheadIgnore(text);
  if (ours)
    return { scope: ours.file ? 'file' : 'next', keys: ours.ids.map((id) => (id === 'all' ? ALL : ruleKey(id))) };
  const body = text.replace(/^\s*#\s*/, '');
  let m = /^hadolint\s+(?:(global|stage)\s+)?ignore\s*=\s*([A-Z0-9,\s]+)/i.exec(body);
  if (m) {
    const scope: Scope = m[1]?.toLowerCase() === 'global' ? 'file' : m[1] ? 'stage' : 'next';
    return { scope, keys: anchorKeys('hadolint', m[2].split(/[\s,]+/)) };
  }
  m = /^check\s*=\s*(?!\s)(.*)$/i.exec(body);
  if (m) {
    const skip = /(?:^|;)\s*skip\s*=\s*([^;/]*)/i.exec(m[1]);
    if (!skip) return null;
    const names = skip[1]
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    if (names.some((n) => n.toLowerCase() === 'all')) return { scope: 'next', keys: [ALL] };
    return { scope: 'next', keys: anchorKeys('buildkit', names) };
  }
  m = /^trivy:ignore:([A-Z0-9-]+)/i.exec(body);
  if (m) return { scope: 'next', keys: anchorKeys('trivy', [m[1]]) };
  m = /^checkov:skip=([A-Z0-9_]+)/i.exec(body);
  if (m) return { scope: 'file', keys: anchorKeys('checkov', [m[1]]) };
  return null;
}

function anchorKeys(tool: AnchorTool, ids: string[]): string[] {
  return ids.filter(Boolean).map((id) => anchorKey({ tool, id }));
}

interface CommentLine {
  line: number;
  text: string;
  start: number;
  end: number;
}

/**
 * Comment lines that are Dockerfile comments (not inside an instruction or heredoc body). Lines are the model's (CR,
 * LF and CRLF end one, as for the parser and the diagnostics' positions): counted by LF alone, a lone CR earlier in
 * the file would put every comment on a line above the one its instruction's range names.
 */
export function commentLines(model: DockerfileModel): CommentLine[] {
  const out: CommentLine[] = [];
  const text = model.text;
  const insts = model.instructions;
  const starts = model.lineStarts();
  let k = 0;
  for (let line = 0; line < starts.length; line++) {
    const pos = starts[line];
    let lineEnd = line + 1 < starts.length ? starts[line + 1] : text.length;
    while (lineEnd > pos && (text[lineEnd - 1] === '\n' || text[lineEnd - 1] === '\r')) lineEnd--;
    while (k < insts.length && insts[k].range.end.line < line) k++;
    const inside = k < insts.length && insts[k].range.start.line <= line;
    if (inside) continue;
    let i = pos;
    while (i < lineEnd && (text[i] === ' ' || text[i] === '\t' || text[i] === '\uFEFF')) i++;
    if (i < lineEnd && text[i] === '#')
      out.push({ line, text: text.slice(pos, lineEnd).replace(/^\uFEFF/, ''), start: pos, end: lineEnd });
  }
  return out;
}

/** The contiguous comment lines directly above an instruction. */
export function commentsAbove(
  model: DockerfileModel,
  inst: DockerInstruction,
  comments = commentLines(model),
): CommentLine[] {
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
      return {
        line: c.line,
        start: c.start,
        end: c.end,
        ids: parsed.ids,
        idsEnd: c.start + parsed.idsEndInLine,
        indent: parsed.indent,
      };
    }
  }
  return null;
}

export function fileIgnoreComment(model: DockerfileModel): IgnoreComment | null {
  for (const c of commentLines(model)) {
    const parsed = parseBulkheadIgnore(c.text);
    if (parsed && parsed.file) {
      return {
        line: c.line,
        start: c.start,
        end: c.end,
        ids: parsed.ids,
        idsEnd: c.start + parsed.idsEndInLine,
        indent: parsed.indent,
      };
    }
  }
  return null;
}

export function computeSuppressions(model: DockerfileModel): Suppressions {
  const comments = commentLines(model);
  const file = new Set<string>();
  const perLine = new Map<number, string[]>();
  const perStage = new Map<number, Set<string>>();
  for (const c of comments) {
    const parsed = keysOfComment(c.text);
    if (!parsed) continue;
    if (parsed.scope === 'file') parsed.keys.forEach((k) => file.add(k));
    else if (parsed.scope === 'stage') {
      // `# hadolint stage ignore=` applies to the stage that starts next
      const from = model.stages.find((st) => st.from.range.start.line > c.line);
      if (from) {
        const set = perStage.get(from.index) ?? new Set<string>();
        parsed.keys.forEach((k) => set.add(k));
        perStage.set(from.index, set);
      }
    } else perLine.set(c.line, parsed.keys);
  }
  // `# check=skip=...` in the leading comment block is BuildKit's file-level parser directive. Comments are sorted
  // with one per line, so the block is the prefix where comments[i] sits on line i (one pass, however long).
  for (let i = 0; i < comments.length && comments[i].line === i; i++) {
    const c = comments[i];
    if (/^\s*#\s*check\s*=/i.test(c.text)) (perLine.get(c.line) ?? []).forEach((k) => file.add(k));
  }
  const cache = new Map<number, Set<string>>();
  const forInstruction = (inst: DockerInstruction): Set<string> => {
    let set = cache.get(inst.index);
    if (!set) {
      set = new Set(inst.stage ? perStage.get(inst.stage.index) : undefined);
      for (let line = inst.range.start.line - 1; perLine.has(line) || isCommentLine(line, comments); line--) {
        for (const k of perLine.get(line) ?? []) set.add(k);
      }
      cache.set(inst.index, set);
    }
    return set;
  };
  const fileRules = new Set<string>();
  for (const k of file) if (k.startsWith('rule:')) fileRules.add(k.slice('rule:'.length));
  if (file.has(ALL)) fileRules.add(ALL);
  return {
    fileRules,
    none: file.size === 0 && perLine.size === 0 && perStage.size === 0,
    isSuppressed(rule, inst, anchors) {
      const keys = [ruleKey(rule.id), ALL, ...(anchors ?? rule.anchors).map(anchorKey)];
      if (keys.some((k) => file.has(k))) return true;
      if (!inst) return false;
      const set = forInstruction(inst);
      return keys.some((k) => set.has(k));
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

/** How a Dockerfile finding is suppressed, as the hovers and the rule pages say it (the Dockerfile descriptor's). */
export const dockerfileSuppressionHelp: SuppressionHelp = {
  comment: '#',
  hover: (id) => `\`# bulkhead-ignore ${id} -- reason\` above the instruction`,
  page: (id) =>
    `To suppress: \`# bulkhead-ignore ${id} -- <reason>\` on the comment lines directly above the instruction; \`# bulkhead-ignore-file ${id}\` anywhere in the file for the whole file.`,
};
