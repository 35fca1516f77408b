/**
 * `runArgs` as `docker run` reads them: each item is one argument, flags as pflag parses them (github.com/spf13/pflag
 * flag.go parseLongArg/parseShortArg): `--flag=value`, `--flag value`, a boolean `--flag` (a value only after `=`),
 * `-v value`, `-vvalue`, `-v=value`, grouped booleans `-it`. The flags and which take a value: docker/cli
 * cli/command/container/opts.go addFlags and run.go; `--net` is `--network`. The Dev Containers CLI passes runArgs to
 * `docker run` before the image (devcontainers/cli src/spec-node/singleContainer.ts).
 */

/** Long flags of `docker run` that take no value (booleans). */
const BOOLEAN = new Set([
  'privileged',
  'init',
  'rm',
  'read-only',
  'interactive',
  'tty',
  'detach',
  'publish-all',
  'no-healthcheck',
  'oom-kill-disable',
  'sig-proxy',
  'disable-content-trust',
  'help',
  'quiet',
  'use-api-socket',
]);

/** Short forms and the long flags they stand for. */
const SHORT: Readonly<Record<string, string>> = {
  v: 'volume',
  p: 'publish',
  e: 'env',
  u: 'user',
  w: 'workdir',
  l: 'label',
  m: 'memory',
  c: 'cpu-shares',
  h: 'hostname',
  a: 'attach',
  i: 'interactive',
  t: 'tty',
  d: 'detach',
  P: 'publish-all',
  q: 'quiet',
};

/** Hidden aliases (opts.go: "We allow for both --net and --network"). */
const ALIAS: Readonly<Record<string, string>> = {
  net: 'network',
  'net-alias': 'network-alias',
  'dns-opt': 'dns-option',
};

export interface RunFlag {
  /** The long name the flag has in docker/cli (`volume` for `-v`, `network` for `--net`). */
  name: string;
  /** The flag as written (`--cap-add`, `-v`, `--privileged`). */
  written: string;
  /** Its value; undefined for a boolean written without `=` (true) or a value flag missing its value. */
  value: string | undefined;
  /** Index of the argument that holds the flag. */
  index: number;
  /** Index of the argument that holds the value: the flag's own for `--flag=value` and `-vvalue`, else the next one. */
  valueIndex?: number;
}

/** The flags of a `runArgs` list; `undefined` items (not strings) are skipped, as nothing can be said of them. */
export function parseRunArgs(args: readonly (string | undefined)[]): RunFlag[] {
  const out: RunFlag[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === undefined || !arg.startsWith('-') || arg === '-' || arg === '--') continue;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const raw = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const name = ALIAS[raw] ?? raw;
      const written = eq < 0 ? arg : arg.slice(0, eq);
      if (eq >= 0) out.push({ name, written, value: arg.slice(eq + 1), index: i, valueIndex: i });
      else if (BOOLEAN.has(name)) out.push({ name, written, value: undefined, index: i });
      else {
        // pflag takes the next argument as the value whatever it looks like (`--label --privileged` labels)
        const next = args[i + 1];
        if (i + 1 < args.length) {
          out.push({ name, written, value: next, index: i, valueIndex: next === undefined ? undefined : i + 1 });
          i++;
        } else out.push({ name, written, value: undefined, index: i });
      }
      continue;
    }
    // a group of short flags: booleans until one that takes a value, which takes the rest (`-itv/x:/y`)
    for (let k = 1; k < arg.length; k++) {
      const letter = arg[k];
      const name = SHORT[letter] ?? letter;
      if (BOOLEAN.has(name)) {
        out.push({ name, written: `-${letter}`, value: undefined, index: i });
        continue;
      }
      const rest = arg.slice(k + 1);
      if (rest) out.push({ name, written: `-${letter}`, value: rest.replace(/^=/, ''), index: i, valueIndex: i });
      else if (args[i + 1] !== undefined) {
        out.push({ name, written: `-${letter}`, value: args[i + 1], index: i, valueIndex: i + 1 });
        i++;
      } else out.push({ name, written: `-${letter}`, value: undefined, index: i });
      break;
    }
  }
  return out;
}

/** pflag's boolean values (strconv.ParseBool): a boolean flag written `--privileged=true`. */
export function isTrueFlag(flag: RunFlag): boolean {
  return flag.value === undefined || /^(1|t|T|TRUE|true|True)$/.test(flag.value);
}
