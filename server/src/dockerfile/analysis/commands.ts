import type { DockerfileModel, DockerInstruction } from '../model/model';
import { ShellCommand, ShellScript, Word, basename } from '../model/shell';
import { recall, remember } from '../../common/memo';

/** A shell command run by a RUN instruction, with wrappers (`sudo`, `env`, `exec` ...) unwrapped. */
export interface RunCommand {
  inst: DockerInstruction;
  script: ShellScript;
  cmd: ShellCommand;
  /** The command actually run (basename), after unwrapping. */
  name: string;
  /** Its arguments, after unwrapping. */
  args: Word[];
  /** The word naming the command (for ranges). */
  nameWord: Word;
  /** Wrapper names that were unwrapped (`sudo`, `env`). */
  wrappers: string[];
}

const WRAPPERS: Record<string, RegExp | null> = {
  // wrapper -> options that take a value
  sudo: /^-[ugCDhprtT]$|^--(user|group|chdir|host|prompt|role|type|close-from)$/,
  doas: /^-[uC]$/,
  env: /^-[uSC]$|^--(unset|chdir|split-string)$/,
  exec: /^-a$/,
  nice: /^-n$/,
  nohup: null,
  time: null,
  command: null,
  stdbuf: null,
  timeout: /^-[ks]$|^--(kill-after|signal)$/,
  'su-exec': null,
  gosu: null,
  eatmydata: null,
  xargs: /^-[IdEeLlnPsa]$|^--(arg-file|delimiter|max-args|max-lines|max-procs|replace|eof|process-slot-var)$/,
};

/**
 * `name in WRAPPERS`, with a Set: `in` hashes each (not interned) command name. The object's own names plus those
 * it inherits from Object.prototype, as `in` sees them.
 */
const WRAPPER_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(WRAPPERS),
  ...Object.getOwnPropertyNames(Object.prototype),
]);

/** Strip leading wrappers (`sudo -u x`, `env A=b`, `exec`) and return the real command. */
export function unwrap(cmd: ShellCommand): { name: string; nameWord: Word; args: Word[]; wrappers: string[] } | null {
  const words = cmd.words;
  let i = 0;
  const wrappers: string[] = [];
  while (i < words.length) {
    const name = basename(words[i].value);
    if (!WRAPPER_NAMES.has(name)) break;
    // `command -v sudo` / `command -V sudo` looks a name up; it does not run it
    if (name === 'command' && /^-[vV]+$/.test(words[i + 1]?.value ?? '')) break;
    wrappers.push(name);
    i++;
    const withValue = WRAPPERS[name];
    // gosu/su-exec take a user first; timeout takes a duration (after its options, `-k 5` included)
    if (name === 'gosu' || name === 'su-exec' || name === 'timeout') {
      while (i < words.length && words[i].value.startsWith('-')) {
        if (withValue && withValue.test(words[i].value)) i++;
        i++;
      }
      i++;
      continue;
    }
    while (i < words.length) {
      const v = words[i].value;
      if (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) {
        i++;
        continue;
      }
      if (!v.startsWith('-') || v === '-' || v === '--') {
        if (v === '--') i++;
        break;
      }
      i++;
      if (withValue && withValue.test(v)) i++;
    }
  }
  if (i >= words.length) return null;
  return { name: basename(words[i].value), nameWord: words[i], args: words.slice(i + 1), wrappers };
}

export { basename };

/** Every command of every RUN (and ONBUILD RUN) in POSIX-shell stages, nested ones included. */
export function runCommands(model: DockerfileModel): RunCommand[] {
  const cached = recall<RunCommand[]>(model, RUN_COMMANDS);
  if (cached) return cached;
  const out: RunCommand[] = [];
  for (const inst of model.instructions) {
    if (inst.effectiveKeyword !== 'RUN') continue;
    for (const script of inst.scripts) {
      for (const cmd of script.commands) {
        const u = unwrap(cmd);
        if (!u) continue;
        out.push({ inst, script, cmd, name: u.name, nameWord: u.nameWord, args: u.args, wrappers: u.wrappers });
      }
    }
  }
  remember(model, RUN_COMMANDS, out);
  return out;
}

const RUN_COMMANDS = Symbol('runCommands');

/** Flags of a command, parsed loosely: `-k`, `-fsSLk` (combined short), `--insecure`, `--opt=value`. */
export function hasShortFlag(args: Word[], letter: string): Word | undefined {
  return args.find(
    (a) => /^-[A-Za-z0-9]+$/.test(a.value) && !a.value.startsWith('--') && a.value.slice(1).includes(letter),
  );
}

export function hasLongFlag(args: Word[], name: string): Word | undefined {
  return args.find((a) => a.value === `--${name}` || a.value.startsWith(`--${name}=`));
}

/** `RUN --mount=type=secret,...` on this instruction. */
export function secretMounts(
  model: DockerfileModel,
  inst: DockerInstruction,
): { id?: string; env?: string; target?: string }[] {
  return inst.flags
    .filter((f) => f.name === 'mount' && f.value && /(^|,)type=secret(,|$)/.test(f.value))
    .map((f) => {
      const opts = Object.fromEntries(
        (f.value as string).split(',').map((kv) => {
          const eq = kv.indexOf('=');
          return eq >= 0 ? [kv.slice(0, eq), kv.slice(eq + 1)] : [kv, ''];
        }),
      );
      return { id: opts.id, env: opts.env, target: opts.target ?? opts.dst ?? opts.destination };
    });
}
