import type { DockerInstruction } from '../model/model';
import { memo } from '../../common/memo';
import { isFinalSegment, lastLineBreak } from '../../text/scan';

/** A source operand of COPY/ADD, with document offsets. */
export interface SourceOperand {
  value: string;
  start: number;
  end: number;
  /** http(s):// or a git URL */
  remote: boolean;
  git: boolean;
}

const GIT_SCHEME = /^(git@|git:\/\/|ssh:\/\/)/i;
// linear: anchored: the host ends at the first `/`, then one path part
const HOSTED_REPO = /^https?:\/\/[^/]*(github\.com|gitlab\.com|bitbucket\.org)\/[^/]+\//i;

/**
 * A git source: `git@…`, `git://…`, `ssh://…`, a `.git` URL (maybe `#ref`), or a repository on a known host. What
 * `/^(git@|git:\/\/|ssh:\/\/)|\.git(#.*)?$|^https?:\/\/[^/]*(github\.com|…)\/[^/]+\/[^/]+(\.git)?(#.*)?$/i` says, read
 * without its quadratic backtracking (every `.git#` of a long line was scanned to the end again).
 */
function isGitSource(value: string): boolean {
  if (GIT_SCHEME.test(value) || /\.git$/i.test(value) || /\.git#/i.test(value.slice(lastLineBreak(value) + 1)))
    return true;
  const repo = HOSTED_REPO.exec(value);
  return !!repo && isFinalSegment(value, repo[0].length, '/');
}

/**
 * Source operands of COPY/ADD (all but the last operand), shell form or JSON form. Heredoc sources
 * (`COPY <<EOF /x`) are not files and are left out.
 */
export function addSources(inst: DockerInstruction): SourceOperand[] {
  const operands = copyOperands(inst);
  if (operands.length < 2) return [];
  return operands.slice(0, -1).filter((o) => !o.value.startsWith('<<'));
}

/** All operands of COPY/ADD, destination last. */
export function copyOperands(inst: DockerInstruction): SourceOperand[] {
  return memo(inst, COPY_OPERANDS, () => readOperands(inst));
}

const COPY_OPERANDS = Symbol('copyOperands');

function readOperands(inst: DockerInstruction): SourceOperand[] {
  const body = inst.body;
  const text = body.text;
  const out: SourceOperand[] = [];
  const push = (value: string, from: number, to: number) => {
    const git = isGitSource(value);
    const remote = /^https?:\/\//i.test(value) || git;
    out.push({
      value,
      start: body.offsets[from] ?? body.end,
      end: (body.offsets[to - 1] ?? body.end - 1) + 1,
      remote,
      git,
    });
  };
  if (/^\s*\[/.test(text)) {
    try {
      const arr = JSON.parse(text);
      if (Array.isArray(arr)) {
        let pos = 0;
        for (const v of arr) {
          const q = text.indexOf(JSON.stringify(v), pos);
          const from = q >= 0 ? q + 1 : 0;
          pos = q >= 0 ? q + JSON.stringify(v).length : pos;
          push(String(v), from, from + String(v).length);
        }
        return out;
      }
    } catch {
      // fall through to shell-form splitting
    }
  }
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) push(m[0], m.index, m.index + m[0].length);
  return out;
}
