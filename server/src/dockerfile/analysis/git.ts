import type { Word } from '../model/shell';
import { OptionSpec, ParsedArgs, parseOptions } from './options';

/** git command lines: the global options, the subcommand and its arguments (git.c handle_options, builtin/*.c). */

/** Options before the subcommand that take a value (`git -C dir -c k=v clone …`). */
export const GIT_GLOBAL_OPTIONS: OptionSpec = {
  shortValue: 'cC',
  longValue: [
    'git-dir',
    'work-tree',
    'namespace',
    'exec-path',
    'config-env',
    'super-prefix',
    'list-cmds',
    'attr-source',
  ],
  stopAtOperand: true,
};

/** `git clone` options that take a value (builtin/clone.c). */
export const GIT_CLONE_OPTIONS: OptionSpec = {
  shortValue: 'obucj',
  longValue: [
    'origin',
    'branch',
    'upload-pack',
    'reference',
    'reference-if-able',
    'separate-git-dir',
    'depth',
    'shallow-since',
    'shallow-exclude',
    'config',
    'filter',
    'jobs',
    'template',
    'server-option',
    'bundle-uri',
    'ref-format',
  ],
};

/** `git fetch` and `git pull` options that take a value (builtin/fetch.c, builtin/pull.c). */
export const GIT_FETCH_OPTIONS: OptionSpec = {
  shortValue: 'josX',
  longValue: [
    'depth',
    'deepen',
    'shallow-since',
    'shallow-exclude',
    'upload-pack',
    'jobs',
    'server-option',
    'refmap',
    'negotiation-tip',
    'recurse-submodules-default',
    'filter',
    'strategy',
    'strategy-option',
  ],
};

export interface GitInvocation {
  /** The options before the subcommand. */
  global: ParsedArgs;
  /** The subcommand word (`clone`), if any. */
  sub: Word | undefined;
  /** The words after the subcommand. */
  rest: Word[];
}

/** A git command line read as git reads it: global options, then the subcommand and its own arguments. */
export function gitInvocation(args: readonly Word[]): GitInvocation {
  const global = parseOptions(args, GIT_GLOBAL_OPTIONS);
  const sub = global.operands[0];
  const rest = sub ? args.slice(args.indexOf(sub) + 1) : [];
  return { global, sub, rest };
}
