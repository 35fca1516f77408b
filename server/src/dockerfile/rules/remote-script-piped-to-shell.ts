import type { DockerfileRule } from '../context';
import type { ShellScript, Word } from '../model/shell';
import { SHELLS, applet, executedCommands, pipelineOf, substitutionOutput } from '../analysis/executed';
import { ShellFinding, toReports } from '../analysis/shellFindings';
import { Download, displayUrl, downloadOf } from '../analysis/downloads';
import { invocation, isInterpreter } from '../analysis/interpreters';
import { unverifiedDownloads } from '../analysis/unverifiedDownloads';
import { basename } from '../analysis/commands';
import {
  describeWindowsDownload,
  hashCheck,
  remoteCodeRuns,
  unverifiedWindowsDownloads,
} from '../analysis/windowsDownloads';

const STDIN_PATH = /^(-|\/dev\/stdin|\/dev\/fd\/0|\/proc\/self\/fd\/0)$/;

const REMEDY = 'Download it to a file, verify its checksum (`sha256sum -c`) or signature (`gpg --verify`), then run it';

export const remoteScriptPipedToShell: DockerfileRule = {
  id: 'remote-script-piped-to-shell',
  kind: 'dockerfile',
  severity: 'error',
  title: 'Remote script piped into a shell',
  rationale:
    'Piping a download straight into a shell or interpreter runs whatever the server (or anyone who can tamper with the connection or the hosting) sends, at build time and usually as root, with nothing checked and nothing recorded.',
  remedy:
    'Download the script to a file, verify its checksum or signature, then run it: `curl -fsSLo install.sh <url> && echo "<sha256>  install.sh" | sha256sum -c - && sh install.sh`.',
  guidance: ['Build: verify downloads and packages'],
  anchors: [],
  shell: true,
  fixes: [],
  check({ model }) {
    const findings: ShellFinding[] = [];
    const report = (start: number, end: number, message: string) => findings.push({ start, end, message });
    for (const c of executedCommands(model)) {
      const run = applet(c);
      const { name } = run;
      const script = c.script;
      // `$(curl …)` in command position (`sh -c "$(curl …)"`, `eval "$(curl …)"` once their string is read)
      if (isWholeSubstitution(c.cmd.words[0])) {
        const d = downloadIn(c.cmd.words[0], script);
        if (d) {
          report(
            c.cmd.words[0].start,
            c.cmd.words[0].end,
            `The output of ${describe(d)} is run as shell code: whatever the server sends runs in the build. ${REMEDY}.`,
          );
          continue;
        }
      }
      if (!isInterpreter(name)) continue;
      const inv = invocation(name, run.args);
      const label = `\`${name}\``;
      const start = c.cmd.words[0].start;
      const end = run.nameWord.end;
      if (inv.mode === 'stdin' || (inv.mode === 'file' && inv.script && STDIN_PATH.test(inv.script.value))) {
        // curl … | sh
        const pipe = pipelineOf(script, c.cmd);
        const upstream = pipe.slice(0, pipe.indexOf(c.cmd));
        const d = upstream.map((p) => downloadOf(p)).find((x): x is Download => !!x && x.toStdout);
        if (d) {
          report(
            start,
            end,
            `${describe(d)} is piped into ${label}: whatever the server sends runs in the build. ${REMEDY}.`,
          );
          continue;
        }
        // sh < <(curl …), bash <<< "$(curl …)"
        const fed = c.cmd.redirects.find(
          (r) =>
            (r.op === '<' || r.op === '<<<') &&
            r.target &&
            isWholeSubstitution(r.target) &&
            downloadIn(r.target, script),
        );
        if (fed?.target) {
          report(
            start,
            end,
            `${label} reads its script from ${describe(downloadIn(fed.target, script) as Download)}: whatever the server sends runs in the build. ${REMEDY}.`,
          );
          continue;
        }
      }
      if (inv.mode === 'file' && inv.script && /^<\(/.test(inv.script.value)) {
        // bash <(curl …), source <(curl …)
        const d = downloadIn(inv.script, script);
        if (d)
          report(
            start,
            end,
            `${label} runs a script straight from ${describe(d)}: whatever the server sends runs in the build. ${REMEDY}.`,
          );
        continue;
      }
      if (inv.mode === 'code' && inv.code && !SHELLS.has(name) && isWholeSubstitution(inv.code)) {
        // python3 -c "$(curl …)" (shell strings are read as scripts and caught above)
        const d = downloadIn(inv.code, script);
        if (d)
          report(
            start,
            end,
            `${label} runs code straight from ${describe(d)}: whatever the server sends runs in the build. ${REMEDY}.`,
          );
      }
    }
    // saved to a file and run by a later command of the same RUN, with nothing verified in between
    for (const { download: d, target, runBy } of unverifiedDownloads(model)) {
      if (!runBy || !target.file) continue;
      const at = runBy.command.cmd.words.indexOf(runBy.word);
      const runs =
        at < 0
          ? runBy.word.value
          : runBy.command.cmd.words
              .slice(0, at + 1)
              .map((w) => w.value)
              .join(' ');
      report(
        runBy.word.start,
        runBy.word.end,
        `${describe(d)} saves \`${target.file}\`, and \`${runs}\` runs it with nothing verified in between: whatever the server sends runs in the build (downloaded and run, as good as piped into a shell). Verify its checksum (\`echo "<sha256>  ${basename(target.file)}" | sha256sum -c -\`) or signature (\`gpg --batch --verify\`) before running it.`,
      );
    }
    // PowerShell: downloaded content run as code (`irm … | iex`, `iex ((New-Object Net.WebClient).DownloadString(…))`)
    for (const r of remoteCodeRuns(model)) {
      const what = describeWindowsDownload(r.download);
      const runner = `\`${r.runner}\``;
      report(
        r.start,
        r.end,
        r.how === 'pipe'
          ? `${what} is piped into ${runner}: whatever the server sends runs in the build. ${WINDOWS_REMEDY}.`
          : r.how === 'variable'
            ? `${runner} runs what ${what} returned: whatever the server sends runs in the build. ${WINDOWS_REMEDY}.`
            : `${runner} runs code straight from ${what}: whatever the server sends runs in the build. ${WINDOWS_REMEDY}.`,
      );
    }
    // PowerShell and cmd: saved to a file and run (`Start-Process x.exe`, `& .\x.ps1`, `msiexec /i x.msi`)
    for (const { download: d, runBy } of unverifiedWindowsDownloads(model)) {
      if (!runBy || !d.file) continue;
      report(
        runBy.start,
        runBy.end,
        `${describeWindowsDownload(d)} saves \`${d.file.value}\`, and \`${runBy.text}\` runs it with nothing verified in between: whatever the server sends runs in the build (downloaded and run, as good as piped into a shell). ${hashCheck(d)} before running it.`,
      );
    }
    return toReports(model, findings);
  },
};

const WINDOWS_REMEDY =
  'Download it to a file (`Invoke-WebRequest <url> -OutFile install.ps1`), compare its hash with a pinned value (`Get-FileHash install.ps1 -Algorithm SHA256`) or check its Authenticode signature, then run it';

function describe(d: Download): string {
  const url = d.urls[0]?.value;
  return url ? `\`${d.tool} ${displayUrl(url)}\`` : `\`${d.tool}\``;
}

/** The word is one substitution: `$(…)`, `` `…` ``, `<(…)`. */
function isWholeSubstitution(w: Word | undefined): w is Word {
  if (!w || !w.nested.length) return false;
  const v = w.value.trim();
  return (/^(\$|<)\(/.test(v) && v.endsWith(')')) || (v.startsWith('`') && v.endsWith('`'));
}

/** A download whose content is what the substitution yields (`$(curl -fsSL url)`, `<(wget -qO- url | gunzip)`). */
function downloadIn(word: Word, script: ShellScript): Download | null {
  for (const p of substitutionOutput(word, script)) {
    const d = downloadOf(p);
    if (d?.toStdout) return d;
  }
  return null;
}
