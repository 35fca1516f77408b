import type { DockerfileModel, DockerInstruction } from '../model/model';
import type { EvaluatedWord } from '../model/words';
import { memo } from '../../common/memo';
import { isFinalSegment, lastLineBreak } from '../../text/scan';

/** An operand of COPY/ADD (or VOLUME), with document offsets. */
export interface SourceOperand {
  /**
   * The operand as BuildKit evaluates it (commands.go 215-228: each operand is one word, quotes removed, variables
   * substituted); as written when part of it is unknown or BuildKit refuses it (see `known`).
   */
  value: string;
  /** The operand as written. */
  written: string;
  /** `value` is what the build uses: nothing in it is unknown. */
  known: boolean;
  /** The operand reads a variable (`$SRC`), so a build argument may change it. */
  variables: boolean;
  /** The evaluated word (null for a heredoc source): its known and unknown stretches. */
  word: EvaluatedWord | null;
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
export function addSources(model: DockerfileModel, inst: DockerInstruction): SourceOperand[] {
  const operands = copyOperands(model, inst);
  if (operands.length < 2) return [];
  return operands.slice(0, -1).filter((o) => !o.written.startsWith('<<'));
}

/** All operands of COPY/ADD, destination last. */
export function copyOperands(model: DockerfileModel, inst: DockerInstruction): SourceOperand[] {
  return memo(inst, COPY_OPERANDS, () => readOperands(model, inst));
}

const COPY_OPERANDS = Symbol('copyOperands');

function readOperands(model: DockerfileModel, inst: DockerInstruction): SourceOperand[] {
  const body = inst.body;
  const text = body.text;
  const out: SourceOperand[] = [];
  const push = (written: string, from: number, to: number) => {
    // a heredoc source (`<<EOF`) is not a word to evaluate
    const word = written.startsWith('<<') ? null : model.word(inst, written);
    const known = !!word && word.value !== null;
    const value = known ? word!.value! : written;
    const git = isGitSource(value);
    const remote = /^https?:\/\//i.test(value) || git;
    out.push({
      value,
      written,
      known,
      variables: !!word && word.reads.size > 0,
      word,
      start: body.offsets[from] ?? body.end,
      end: (body.offsets[to - 1] ?? body.end - 1) + 1,
      remote,
      git,
    });
  };
  const arr = inst.argv;
  if (arr) {
    let pos = 0;
    for (const v of arr) {
      const q = text.indexOf(JSON.stringify(v), pos);
      const from = q >= 0 ? q + 1 : 0;
      pos = q >= 0 ? q + JSON.stringify(v).length : pos;
      push(v, from, from + v.length);
    }
    return out;
  }
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) push(m[0], m.index, m.index + m[0].length);
  return out;
}

/** The operand with its unknown stretches left out (`https://${HOST}/x` → `https:///x`): what can be said of its shape. */
export function knownText(operand: SourceOperand): string {
  if (operand.known || !operand.word) return operand.value;
  return operand.word.parts.map((p) => ('text' in p ? p.text : '')).join('');
}

/** The operand starts with a stretch that is not known (`$URL`, `"${BASE}/x"`). */
export function startsUnknown(operand: SourceOperand): boolean {
  const first = operand.word?.parts[0];
  return !!first && 'unknown' in first;
}

/**
 * A git source as BuildKit's ADD reads it: `git@host:path`, `git://`, `ssh://`, an http(s) URL whose path ends in
 * `.git`, or a GitHub/GitLab/Bitbucket `owner/repo` URL; with the ref in a `#ref[:subdir]` fragment or a `?ref=`
 * (`?tag=`, `?branch=`) query, and a verified commit in `?checksum=` (alias `?commit=`, Dockerfile 1.18+).
 */
export function gitSource(url: string): { base: string; ref: string | null; checksum: boolean } | null {
  const hash = url.indexOf('#');
  const beforeHash = hash >= 0 ? url.slice(0, hash) : url;
  const q = beforeHash.indexOf('?');
  const base = q >= 0 ? beforeHash.slice(0, q) : beforeHash;
  const query = new URLSearchParams(q >= 0 ? beforeHash.slice(q + 1) : '');
  const isGit =
    /^(git@[^:/]+:|git:\/\/|ssh:\/\/|git\+https?:\/\/)/i.test(base) ||
    (/^https?:\/\//i.test(base) && /\.git\/?$/i.test(base)) ||
    // linear: anchored: literals, then two path parts each ended by `/` or the end
    /^https?:\/\/(www\.)?(github\.com|gitlab\.com|bitbucket\.org)\/[^/]+\/[^/]+\/?$/i.test(base);
  if (!isGit) return null;
  let ref: string | null = null;
  if (hash >= 0) ref = url.slice(hash + 1).split(':')[0] || null;
  ref = query.get('ref') ?? query.get('tag') ?? query.get('branch') ?? ref;
  const checksum = query.get('checksum') ?? query.get('commit');
  return { base, ref, checksum: !!checksum && /^[0-9a-f]{7,64}$/i.test(checksum) };
}
