/**
 * chmod-style modes (`755`, `4755`, `u+s`, `a+rwX,o-w`) as the kernel applies them in a build (umask 022): does the
 * result grant write to everyone, set setuid/setgid, set the sticky bit; and the narrowest change that removes the
 * world write.
 */
export interface ModeEffect {
  worldWritable: boolean;
  setuid: boolean;
  setgid: boolean;
  sticky: boolean;
}

interface Action {
  op: '+' | '-' | '=';
  perms: string;
}
interface Clause {
  who: string;
  actions: Action[];
}

const OCTAL = /^[0-7]{1,5}$/;
const CLAUSE = /^([ugoa]*)((?:[-+=](?:[rwxXst]*|[ugo]))+)$/;

export function isOctalMode(mode: string): boolean {
  return OCTAL.test(mode);
}

function parseSymbolic(mode: string): Clause[] | null {
  const clauses: Clause[] = [];
  for (const part of mode.split(',')) {
    const m = CLAUSE.exec(part);
    if (!m) return null;
    const actions: Action[] = [];
    const re = /([-+=])([rwxXst]*|[ugo])/g;
    let a: RegExpExecArray | null;
    while ((a = re.exec(m[2]))) actions.push({ op: a[1] as Action['op'], perms: a[2] });
    clauses.push({ who: m[1], actions });
  }
  return clauses;
}

/** What the mode does, or null when it is not a mode (`$MODE`, `--reference=...`). */
export function modeEffect(mode: string): ModeEffect | null {
  if (OCTAL.test(mode)) {
    const n = parseInt(mode, 8);
    return {
      worldWritable: (n & 0o002) !== 0,
      setuid: (n & 0o4000) !== 0,
      setgid: (n & 0o2000) !== 0,
      sticky: (n & 0o1000) !== 0,
    };
  }
  const clauses = parseSymbolic(mode);
  if (!clauses) return null;
  const e: ModeEffect = { worldWritable: false, setuid: false, setgid: false, sticky: false };
  for (const { who, actions } of clauses) {
    // no `who` means `a` minus the umask (022): write never reaches others, s and t are not masked
    const others = /[oa]/.test(who);
    const user = who === '' || /[ua]/.test(who);
    const group = who === '' || /[ga]/.test(who);
    const sticky = who === '' || /[oa]/.test(who);
    for (const { op, perms } of actions) {
      if (/^[ugo]$/.test(perms)) continue; // copying another class's bits: unknown, assume harmless
      const grants = op !== '-';
      const has = (p: string) => perms.includes(p);
      if (others && (has('w') || op === '=')) e.worldWritable = grants && has('w');
      if (has('s') || op === '=') {
        if (user) e.setuid = grants && has('s');
        if (group) e.setgid = grants && has('s');
      }
      if (sticky && (has('t') || op === '=')) e.sticky = grants && has('t');
    }
  }
  return e;
}

/**
 * The mode without world write: octal drops group and other write (777 → 755, 666 → 644, as the catalogue asks);
 * symbolic drops `w` from the clauses that give it to others and keeps it for the owner (`a+rwx` → `a+rx,u+w`,
 * `o+w` → `o-w`, `go+w` → `go-w`).
 * For shared temporary directories the sticky bit is added instead (777 → 1777). Null when it cannot say.
 */
export function narrowMode(mode: string, tmpDir = false): string | null {
  let out: string | null;
  if (OCTAL.test(mode)) {
    const n = parseInt(mode, 8);
    const narrowed = tmpDir ? n | 0o1000 : n & ~0o022;
    out = narrowed.toString(8).padStart(tmpDir ? Math.max(4, mode.length) : mode.length, '0');
  } else {
    const clauses = parseSymbolic(mode);
    if (!clauses) return null;
    if (tmpDir) out = `${mode},+t`;
    else {
      const kept: string[] = [];
      let ownerWrite = false;
      // whether a clause that gave others write gave it to the group too (`go+w`): that goes with it, as in 777 → 755
      let groupWrite = false;
      for (const { who, actions } of clauses) {
        if (!/[oa]/.test(who)) {
          kept.push(who + actions.map((a) => a.op + a.perms).join(''));
          continue;
        }
        const rewritten = actions
          .map((a) => {
            if (a.op === '-' || !a.perms.includes('w')) return a;
            if (/[ua]/.test(who)) ownerWrite = true;
            if (/[ga]/.test(who)) groupWrite = true;
            return { op: a.op, perms: a.perms.replace(/w/g, '') };
          })
          .filter((a) => a.op === '=' || a.perms !== '');
        if (rewritten.length) kept.push(who + rewritten.map((a) => a.op + a.perms).join(''));
      }
      if (ownerWrite) kept.push('u+w');
      // nothing left: chmod still needs a mode; take away only the write the finding is about (`o+w` → `o-w`)
      out = kept.length ? kept.join(',') : groupWrite ? 'go-w' : 'o-w';
    }
  }
  const check = modeEffect(out);
  return check && (!check.worldWritable || (tmpDir && check.sticky)) ? out : null;
}
