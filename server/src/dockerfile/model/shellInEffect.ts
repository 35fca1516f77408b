import type { DockerInstruction } from './model';
import { basename } from './shell';

/** The SHELL in effect at an instruction. */
export interface ShellInEffect {
  /** The shell program's name (`bash`, `sh`, `pwsh`); for `SHELL ["/usr/bin/env", "bash", …]`, `bash`. */
  shell: string;
  /** Its options turn pipefail on (`-o pipefail`, `-eo pipefail`), and no later `+o pipefail` turns it off. */
  pipefail: boolean;
  /** Its argument list (null when the SHELL is not a JSON array of strings: BuildKit refuses it). */
  argv: string[] | null;
  /** The SHELL instruction that set it (in this stage or a parent stage); null for the default `/bin/sh -c`. */
  inst: DockerInstruction | null;
}

/** BuildKit's default on Linux (`/bin/sh -c`). */
export const DEFAULT_SHELL: ShellInEffect = { shell: 'sh', pipefail: false, argv: ['/bin/sh', '-c'], inst: null };

/** `-o pipefail`, `-eo pipefail`, `-euxo pipefail` turn it on, `+o pipefail` off; the last one wins. */
export function optionsSetPipefail(args: readonly string[]): boolean {
  let on = false;
  args.forEach((a, k) => {
    if (/^-[A-Za-z]*o$/.test(a) && args[k + 1] === 'pipefail') on = true;
    else if (/^\+[A-Za-z]*o$/.test(a) && args[k + 1] === 'pipefail') on = false;
  });
  return on;
}

/** What a SHELL instruction sets (its exec-form argument list: SHELL has no shell form in BuildKit). */
export function parseShellInstruction(inst: DockerInstruction): ShellInEffect {
  const argv = inst.argv;
  if (!argv || !argv.length) return { ...DEFAULT_SHELL, argv: null, inst };
  // `SHELL ["/usr/bin/env", "bash", "-c"]` runs bash; `SHELL ["/bin/busybox", "sh", "-c"]` is busybox's ash
  let at = 0;
  if (basename(argv[0]) === 'env') {
    at = 1;
    while (at < argv.length && argv[at].startsWith('-')) at++;
  }
  return {
    shell: basename(argv[at] ?? ''),
    pipefail: optionsSetPipefail(argv.slice(at + 1)),
    argv,
    inst,
  };
}
