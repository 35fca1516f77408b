import type { Anchor, Fix, Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction } from '../model/model';
import type { LogicalText } from '../model/logical';
import { ExecCommand, applet, executedCommands, pipelineOf, wordText, wordsText } from '../analysis/executed';
import { fileWrites } from '../analysis/fileWrites';
import { ParsedOption, longMatches, parseOptions } from '../analysis/options';
import { editable, removeWords } from '../analysis/commandEdits';
import { replaceRange } from '../analysis/edits';
import { shippedStages } from '../analysis/packages';
import { unwrap } from '../analysis/commands';

/**
 * The ways a build leaves an account with an empty password, read from the tools' sources:
 * - shadow-utils passwd.c: `-d`/`--delete` empties the hash (update_crypt_pw: `if (dflg) strcpy(cp, "")`), and
 *   `-l` after it locks it again (`!`); busybox loginutils/passwd.c: `-d` writes "" (`-l` wins over `-d`);
 * - shadow-utils usermod.c/useradd.c: `-p`/`--password` writes its argument as the hash as is (new_pw_passwd:
 *   `pw_pass = xstrdup (user_pass)`), so `-p ''` empties it; useradd without `-p` writes `!` (user_pass = "!");
 * - chpasswd reads `user:password` lines: with `-e` the text after the colon is the hash, and shadow-utils accepts ""
 *   as one (lib/chkhash.c is_valid_hash: "Passwordless account; discouraged"); without `-e` the empty text is what gets
 *   hashed (busybox loginutils/chpasswd.c: `pw_encrypt(pass, salt, 0)`), a password of nothing;
 * - shadow(5) and passwd(5): an empty password field means no password is needed to log in.
 */
const PASSWD_SPEC = {
  // shadow-utils passwd's value-taking options (getopt "adehi:kln:qr:R:P:Suw:x:s")
  shortValue: 'inrRPwx',
  longValue: ['inactive', 'mindays', 'repository', 'root', 'prefix', 'warndays', 'maxdays'],
};
/** Long options of usermod and useradd that take a value (a later word is then no login name). */
const ACCOUNT_LONG_VALUES = [
  'base-dir',
  'comment',
  'home',
  'home-dir',
  'expiredate',
  'inactive',
  'gid',
  'groups',
  'skel',
  'key',
  'login',
  'password',
  'root',
  'prefix',
  'shell',
  'uid',
  'add-subuids',
  'del-subuids',
  'add-subgids',
  'del-subgids',
  'selinux-user',
  'selinux-range',
];
const ACCOUNT_SPECS: Record<string, { shortValue: string; longValue: string[] }> = {
  // usermod's getopt "abc:d:e:f:g:G:hl:Lmop:rR:s:u:UP:v:w:V:W:SZ:" (`-l NEW_LOGIN`)
  usermod: { shortValue: 'cdefgGlpRsuPvwVWZ', longValue: ACCOUNT_LONG_VALUES },
  // useradd's "b:c:d:De:f:g:G:hk:K:lmMNop:rR:P:s:u:UZ:" (`-l` is --no-log-init, no value)
  useradd: { shortValue: 'bcdefgGkKpRPsuZ', longValue: ACCOUNT_LONG_VALUES },
};
/** Files whose second field is the password hash: `/etc/shadow`, and `/etc/passwd` (read when it is not `x`). */
// linear: anchored at the end: a literal path tail
const ACCOUNT_FILE = /(?:^|\/)etc\/(shadow|passwd)$/;
/** A `name::` line (an empty second field); NIS `+`/`-` lines are not accounts. */
// linear: anchored: one run of name characters ended by the `:` it cannot read
const EMPTY_FIELD = /^([^:\s+\-#][^:\s]*)::/;
/** A `name:!…`/`name:*…` line: locked. */
// linear: anchored: one run of name characters ended by the `:` it cannot read
const LOCKED_FIELD = /^([^:\s+\-#][^:\s]*):[!*]/;
const CHECKOV: Anchor[] = [{ tool: 'checkov', id: 'CKV2_DOCKER_17' }];

/** An account left without a password, or one locked or removed again (which undoes an earlier finding). */
interface Event {
  /** The account (`''`: the user the RUN runs as, for `passwd -d` without a name). */
  user: string;
  /** Document offset, for the order of events in the stage chain. */
  at: number;
  inst: DockerInstruction;
}

interface Finding extends Event {
  report: Report;
}

export const emptyPassword: DockerfileRule = {
  id: 'empty-password',
  kind: 'dockerfile',
  severity: 'error',
  title: 'Account left without a password',
  rationale:
    'An account with an empty password needs none to log in: any process or user in the container can `su` to it (to root, when it is root), and a login service (sshd, a console) may let anyone in. Alpine images shipped `root::` by mistake (CVE-2019-5021).',
  remedy:
    'Lock the account instead (`passwd -l <user>`, `usermod -L <user>`, or create it without a password: `useradd` without `-p`, `adduser --disabled-password`); a user that processes run as needs no password at all.',
  guidance: ['Build: no secrets in images', 'Host: least privilege'],
  anchors: CHECKOV,
  shell: true,
  fixes: ["Lock the account instead (`passwd -d` → `passwd -l`, `usermod -p ''` → `usermod -L`)"],
  fixSafety: 'manual',
  check({ model }) {
    const shipped = shippedStages(model);
    const findings: Finding[] = [];
    const locks: Event[] = [];
    const inImage = (inst: DockerInstruction) => !!inst.stage && shipped.has(inst.stage);
    for (const raw of executedCommands(model)) {
      if (!inImage(raw.inst)) continue;
      const c = { ...raw, ...applet(raw) };
      if (c.name === 'passwd') passwd(model, c, findings, locks);
      else if (c.name === 'usermod' || c.name === 'useradd') usermod(model, c, findings, locks);
      else if (c.name === 'chpasswd') findings.push(...chpasswd(model, c));
      else if ((c.name === 'userdel' || c.name === 'deluser') && c.inst.keyword !== 'ONBUILD') {
        const user = parseOptions(c.args, { shortValue: 'R', longValue: ['root', 'prefix'] }).operands[0];
        if (user) locks.push({ user: user.value, at: user.start, inst: c.inst });
      }
    }
    for (const w of fileWrites(model)) {
      if (!inImage(w.inst) || w.target === null) continue;
      const file = ACCOUNT_FILE.exec(w.target);
      if (file) accountLines(model, w.inst, file[1], w.text, findings, locks);
    }
    // a lock or removal later in the shipped chain undoes it: the chain's stages follow one another in the file, so
    // later in the chain is later in the file
    const lastLock = new Map<string, number>();
    for (const l of locks)
      if (l.inst.keyword !== 'ONBUILD') lastLock.set(l.user, Math.max(lastLock.get(l.user) ?? -1, l.at));
    return findings
      .filter((f) => f.inst.keyword === 'ONBUILD' || (lastLock.get(f.user) ?? -1) < f.at)
      .map((f) => f.report);
  },
};

function who(user: string): string {
  if (user === '') return 'the user this RUN runs as';
  return user === 'root' ? 'root' : `the account ${user}`;
}

function risk(user: string): string {
  return user === 'root'
    ? 'any process in the container can become root with `su` and no password, and a login service lets anyone in as root (the CVE-2019-5021 mistake of Alpine images)'
    : 'anyone with a shell in the container can `su` to it without a password, and a login service (sshd, a console) may let anyone in';
}

/** `passwd -d [user]` / `--delete` (not with `-l`, which locks the emptied password again); `passwd -l user` locks. */
function passwd(model: DockerfileModel, c: ExecCommand, findings: Finding[], locks: Event[]): void {
  const parsed = parseOptions(c.args, PASSWD_SPEC);
  const is = (o: ParsedOption, letter: string, long: string) =>
    o.long ? longMatches(o.name, long, 3) : o.name === letter;
  const del = parsed.options.find((o) => is(o, 'd', 'delete'));
  const lock = parsed.options.find((o) => is(o, 'l', 'lock'));
  const operand = parsed.operands[parsed.operands.length - 1];
  const user = operand?.value ?? '';
  const at = operand?.start ?? c.nameWord.start;
  if (lock) {
    locks.push({ user, at, inst: c.inst });
    return;
  }
  if (!del) return;
  const fix = lockFix(model, c, del, user);
  findings.push({
    user,
    at,
    inst: c.inst,
    report: {
      range: model.range(del.word.start, del.word.end),
      message: `passwd ${del.long ? '--delete' : '-d'} leaves ${who(user)} without a password: ${risk(user)}. Lock it instead: passwd -l${user ? ` ${user}` : ''}.`,
      fixes: fix ? [fix] : [],
      anchors: [],
    },
  });
}

/** `passwd -d` → `passwd -l`, `--delete` → `--lock` (the letter or the word, where it is written as read). */
function lockFix(model: DockerfileModel, c: ExecCommand, del: ParsedOption, user: string): Fix | null {
  if (!editable(model, c, [del.word]) || model.text.slice(del.word.start, del.word.end) !== del.word.value) return null;
  const edit = del.long
    ? replaceRange(model, del.word.start, del.word.end, '--lock')
    : replaceRange(model, del.word.start + del.letter!, del.word.start + del.letter! + 1, 'l');
  return {
    title: `Lock ${user || 'the account'} instead (passwd ${del.long ? '--lock' : '-l'})`,
    edits: [edit],
    manual: true,
  };
}

/** `usermod -p '' user` / `useradd -p '' user` (`--password ''`, `--password=`); `usermod -L`, `-p '!…'` lock. */
function usermod(model: DockerfileModel, c: ExecCommand, findings: Finding[], locks: Event[]): void {
  const parsed = parseOptions(c.args, ACCOUNT_SPECS[c.name]);
  const operand = parsed.operands[parsed.operands.length - 1];
  if (!operand) return;
  const user = operand.value;
  const password = parsed.options.find((o) => (o.long ? longMatches(o.name, 'password', 3) : o.name === 'p'));
  const lock = parsed.options.some((o) => (o.long ? longMatches(o.name, 'lock', 3) : o.name === 'L'));
  if (c.name === 'usermod' && (lock || /^[!*]/.test(password?.value ?? ''))) {
    locks.push({ user, at: operand.start, inst: c.inst });
    return;
  }
  if (!password || password.value !== '') return;
  const words = password.valueWord ? [password.word, password.valueWord] : [password.word];
  const last = words[words.length - 1];
  const flag = password.long ? '--password' : '-p';
  let fix: Fix | null = null;
  if (password.alone) {
    // useradd without -p writes `!` (locked); usermod -L locks the existing account
    const edits =
      c.name === 'useradd'
        ? removeWords(model, c, words)
        : editable(model, c, words)
          ? [replaceRange(model, words[0].start, last.end, '-L')]
          : null;
    if (edits)
      fix = {
        title: c.name === 'useradd' ? `Create ${user} locked (no ${flag})` : `Lock ${user} instead (usermod -L)`,
        edits,
        manual: true,
      };
  }
  findings.push({
    user,
    at: operand.start,
    inst: c.inst,
    report: {
      range: model.range(words[0].start, last.end),
      message: `${c.name} ${flag} '' sets an empty password hash, which leaves ${who(user)} without a password: ${risk(user)}. ${c.name === 'useradd' ? `Leave out ${flag} (useradd then locks the password)` : `Lock it instead: usermod -L ${user}`}.`,
      fixes: fix ? [fix] : [],
      anchors: [],
    },
  });
}

/**
 * The lines chpasswd reads: a here-string, a heredoc, or what `echo`/`printf` pipe into it. A `user:` line leaves the
 * user without a password (with `-e`, an empty hash; without, the hash of nothing).
 */
function chpasswd(model: DockerfileModel, c: ExecCommand): Finding[] {
  const inputs: LogicalText[] = [];
  for (const r of c.cmd.redirects) {
    if (r.op === '<<<' && r.target) inputs.push(wordText(r.target));
    if ((r.op === '<<' || r.op === '<<-') && r.target) {
      const body = r.heredoc ?? c.inst.heredocs.find((h) => h.name === r.target?.value)?.content;
      if (body) inputs.push(body);
    }
  }
  const pipe = pipelineOf(c.script, c.cmd);
  const feeder = pipe[pipe.indexOf(c.cmd) - 1];
  const f = feeder && unwrap(feeder);
  if (f?.name === 'echo') {
    let words = f.args;
    while (words.length && /^-[neE]+$/.test(words[0].value)) words = words.slice(1);
    if (words.length) inputs.push(wordsText(words));
  }
  // printf's format and its arguments, each on its own (`printf '%s\n' 'root:'`)
  if (f?.name === 'printf') for (const w of f.args) inputs.push(wordText(w));
  const out: Finding[] = [];
  for (const input of inputs) {
    for (const line of lines(input)) {
      // linear: anchored: one run of name characters, then the end
      const m = /^([^:\s]+):\r?$/.exec(line.text);
      if (!m) continue;
      const user = m[1];
      out.push({
        user,
        at: line.start,
        inst: c.inst,
        report: {
          range: model.range(line.start, line.endOf(line.text.length)),
          message: `This \`${user}:\` line gives chpasswd an empty password, which leaves ${who(user)} without one: ${risk(user)}. Lock the account instead: passwd -l ${user}.`,
          anchors: CHECKOV,
        },
      });
    }
  }
  return out;
}

/** Account lines written into /etc/shadow or /etc/passwd: `name::` has no password, `name:!`/`name:*` is locked. */
function accountLines(
  model: DockerfileModel,
  inst: DockerInstruction,
  file: string,
  text: LogicalText,
  findings: Finding[],
  locks: Event[],
): void {
  for (const line of lines(text)) {
    const locked = LOCKED_FIELD.exec(line.text);
    if (locked) {
      locks.push({ user: locked[1], at: line.start, inst });
      continue;
    }
    const m = EMPTY_FIELD.exec(line.text);
    if (!m) continue;
    const user = m[1];
    findings.push({
      user,
      at: line.start,
      inst,
      report: {
        range: model.range(line.start, line.endOf(m[0].length)),
        message: `This writes \`${user}::\` into /etc/${file}: an empty password field, so ${who(user)} needs no password: ${risk(user)}. Lock it instead: write \`${user}:!:\` (or \`*\`), or run passwd -l ${user}.`,
        anchors: [],
      },
    });
  }
}

/** A line of a written text: its text and where it was written. */
interface Line {
  text: string;
  /** Document offset of its first character. */
  start: number;
  /** Document offset just past its `n`th character. */
  endOf(n: number): number;
}

/** The lines of a text: at real line breaks, and at the `\\n` escapes that echo -e and printf turn into them. */
function lines(text: LogicalText): Line[] {
  const out: Line[] = [];
  const t = text.text;
  let from = 0;
  const push = (to: number) => {
    if (to <= from) return;
    const first = from;
    const start = text.offsets[first] ?? text.end;
    out.push({
      text: t.slice(first, to),
      start,
      endOf: (n) => (text.offsets[first + Math.min(n, to - first) - 1] ?? start) + 1,
    });
  };
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '\n') {
      push(i);
      from = i + 1;
    } else if (t[i] === '\\' && t[i + 1] === 'n') {
      push(i);
      from = i + 2;
      i++;
    }
  }
  push(t.length);
  return out;
}
