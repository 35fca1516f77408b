import type { DockerInstruction, DockerfileModel } from '../../model/model';
import { argText, isLiteral } from '../../analysis/powershell';
import { programName, windowsRuns } from '../../analysis/windowsScripts';

/** A password given to `net user` on a Windows command line: where it is written, its text, and the advice. */
export interface NetUserPassword {
  inst: DockerInstruction;
  start: number;
  end: number;
  /** The password as the command receives it (quotes and escapes removed; a variable as written). */
  value: string;
  /** A variable or subexpression: its value is not known here. */
  dynamic: boolean;
  /** The environment variable the whole argument names (`$env:NAME`, `${env:NAME}`, `%NAME%`), or null. */
  env: string | null;
  message: string;
}

/** One argument of a command, whichever shell split it. */
interface Arg {
  value: string;
  start: number;
  end: number;
  dynamic: boolean;
}

/**
 * `net user <name> <password> [/add] [options]` (also `net users`, `NET.EXE`, a path to net.exe, the options anywhere)
 * in the cmd and PowerShell code of the Windows stages (windowsScripts.ts: the RUN's own code and what it hands to
 * `cmd /c …` and `powershell -Command …`): the second argument that is not a `/option` is the password. `*` asks for
 * it at the prompt; without it no password is set. (`net help user`: NET USER [username [password | *] [options]]
 * [/DOMAIN], username {password | *} /ADD [options] [/DOMAIN].)
 */
export function netUserPasswords(model: DockerfileModel): NetUserPassword[] {
  const out: NetUserPassword[] = [];
  const runs = windowsRuns(model);
  const text = model.text;
  // a Linux stage's `net` (run by pwsh there) is not Windows' net.exe
  const windows = (stage: { windows: boolean } | null | undefined) => !!stage?.windows || model.windowsFile;
  for (const run of runs.cmd) {
    if (!windows(run.inst.stage)) continue;
    for (const c of run.commands) {
      if (c.name !== 'net') continue;
      const args = c.args.map((a) => ({
        value: a.value,
        start: a.start,
        end: a.end,
        // cmd expands `%NAME%` (a lone `%` is text)
        // linear: one run of name characters between two literal `%`
        dynamic: /%[A-Za-z0-9_]+%/.test(a.value),
      }));
      const found = password(args);
      if (found) out.push({ inst: run.inst, ...found });
    }
  }
  for (const run of runs.powershell) {
    if (!windows(run.inst.stage)) continue;
    for (const c of run.script.commands) {
      if (programName(c.name) !== 'net') continue;
      const args = c.args.map((a) => {
        // a shell-form RUN reaches PowerShell as Windows splits a command line (windowsScripts.ts windowsArgs): the
        // double quotes around an argument are gone by then; the finding still covers them as written
        const quoted = text[a.start - 1] === '"' && text[a.end] === '"';
        return {
          value: argText(a, text),
          start: quoted ? a.start - 1 : a.start,
          end: quoted ? a.end + 1 : a.end,
          dynamic: !isLiteral(a) && argText(a, text) !== '',
        };
      });
      const found = password(args);
      if (found) out.push({ inst: run.inst, ...found });
    }
  }
  return out;
}

function password(args: Arg[]): Omit<NetUserPassword, 'inst'> | null {
  if (!/^users?$/i.test(args[0]?.value ?? '')) return null;
  const operands = args.slice(1).filter((a) => !a.value.startsWith('/'));
  const [user, pw] = operands;
  if (!pw || pw.value === '*' || pw.value === '') return null;
  return {
    start: pw.start,
    end: pw.end,
    value: pw.value,
    dynamic: pw.dynamic,
    env: environmentReference(pw.value),
    message: `net user ${user.value} ******** puts the account's password on the command line, where the image history and build log keep it and everyone with the image can read it. Do not set it in the image: set it when the container starts, from a secret given at run time, or create the account with a password generated in the same RUN that nobody needs to know.`,
  };
}

/** The environment variable a whole argument names (`$env:NAME`, `${env:NAME}`, `%NAME%`), or null. */
function environmentReference(value: string): string | null {
  // linear: anchored alternatives of one name run each
  const m = /^(?:\$env:([A-Za-z_][A-Za-z0-9_]*)|\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}|%([A-Za-z_][A-Za-z0-9_]*)%)$/i.exec(
    value,
  );
  return m ? (m[1] ?? m[2] ?? m[3]) : null;
}
