import type { DockerfileModel, DockerInstruction, Stage } from '../model/model';
import type { ShellCommand, Word } from '../model/shell';
import { Download, displayUrl, downloadOf, hostOf, isLoopbackHost } from './downloads';
import { invocation, isInterpreter } from './interpreters';
import {
  fetchesContent,
  isCommitUrl,
  isVerificationMaterial,
  outputFile,
  urlPath,
  verifiesCall,
  verifyingInstructions,
} from './unverifiedDownloads';
import {
  PsArg,
  PsCommand,
  PsElement,
  PsToken,
  argText,
  argWord,
  bindParameters,
  isRedirect,
  type ParameterSpec,
} from './powershell';
import { CmdCommand, CmdRun, PowerShellRun, PsEdition, programName, windowsRuns } from './windowsScripts';
import { memo } from '../../common/memo';

/**
 * Downloads in PowerShell and cmd code (windowsScripts.ts), what becomes of them, and what runs them: the Windows side
 * of unverifiedDownloads.ts, split the same way. A download saved to a file that nothing in its RUN verifies is
 * download-without-verification's; one that a later command of the same RUN runs (`Start-Process x.exe`, `& .\x.ps1`,
 * `msiexec /i x.msi`, a program unpacked from it by Expand-Archive) and content handed to `Invoke-Expression` are
 * remote-script-piped-to-shell's (one report per problem).
 */

export interface WindowsDownload {
  inst: DockerInstruction;
  /** `Invoke-WebRequest`, `Invoke-RestMethod`, `Start-BitsTransfer`, `WebClient.DownloadFile`, `curl`, `wget` … */
  tool: string;
  /** The command or call as written, for messages (`iwr`, `curl.exe`, `.DownloadFile`). */
  written: string;
  /**
   * The URL: `text` as written (quotes removed), `value` with what is known substituted (ENV/ARG values for
   * `$env:NAME` and `%NAME%`, string variables assigned earlier in the script, `'…{0}…' -f …` formats), `known` when
   * nothing unknown is left. Offsets of the URL argument in the document.
   */
  url: { text: string; value: string; known: boolean; start: number; end: number };
  /** The file the content is saved to (as written), or null when the content stays in the script. */
  file: { value: string; start: number; end: number } | null;
  /** The content goes on in the script (a pipe, a variable, an argument): Invoke-Expression may run it. */
  content: boolean;
  /** It fetches (not a request that sends data: `-Method Post`, `-Body`, `-InFile`, `curl -d`). */
  fetches: boolean;
  lang: 'powershell' | 'cmd';
  /** Document offsets of the whole download command or call. */
  start: number;
  end: number;
}

/** Every download in the PowerShell and cmd code of the file, in document order (computed once per model). */
export function windowsDownloads(model: DockerfileModel): WindowsDownload[] {
  return analysis(model).downloads;
}

export interface UnverifiedWindowsDownload {
  download: WindowsDownload;
  /** A later command of the same RUN that runs the saved file (or what was unpacked from it). */
  runBy?: WindowsRunStep;
}

/** Downloads saved to a file that nothing verifies (keys, checksum lists, pinned URLs and loopback left out). */
export function unverifiedWindowsDownloads(model: DockerfileModel): UnverifiedWindowsDownload[] {
  return memo(model, UNVERIFIED, () => findUnverified(model));
}

export interface RemoteCodeRun {
  inst: DockerInstruction;
  /** The range reported: the command that runs the code (`iex`, `Invoke-Expression`, `[scriptblock]::Create`). */
  start: number;
  end: number;
  /** What runs it, as written. */
  runner: string;
  download: WindowsDownload;
  how: 'pipe' | 'argument' | 'variable';
}

/** Downloaded content run as code: `iex (iwr …)`, `irm … | iex`, `iex ((New-Object Net.WebClient).DownloadString(…))`. */
export function remoteCodeRuns(model: DockerfileModel): RemoteCodeRun[] {
  return analysis(model).remoteRuns;
}

/** A command that runs a file: its path as written and where. */
export interface WindowsRunStep {
  inst: DockerInstruction;
  /** The path as written (quotes removed). */
  path: string;
  start: number;
  end: number;
  /** The command as written up to the path, for messages (`Start-Process python.exe`, `msiexec /i x.msi`). */
  text: string;
}

const UNVERIFIED = Symbol('unverifiedWindowsDownloads');
const ANALYSIS = Symbol('windowsDownloadAnalysis');

interface Verifier {
  inst: DockerInstruction;
  /** The verifier's arguments, lower case, joined (a later RUN counts for a file it names). */
  mentions: string;
}

interface Extraction {
  inst: DockerInstruction;
  archive: string;
  dest: string;
  at: number;
}

interface Analysis {
  downloads: WindowsDownload[];
  remoteRuns: RemoteCodeRun[];
  runs: WindowsRunStep[];
  verifiers: Verifier[];
  extractions: Extraction[];
}

function analysis(model: DockerfileModel): Analysis {
  return memo(model, ANALYSIS, () => analyse(model));
}

// ---------------------------------------------------------------------------------------------------------------
// Cmdlets

/**
 * Invoke-WebRequest's and Invoke-RestMethod's parameters, Windows PowerShell 5.1 and PowerShell 7.x together (the
 * cmdlets' reference pages, SYNTAX and PARAMETERS: Uri is the one positional parameter, at position 0; OutFile has no
 * alias; SessionVariable's alias is SV; in 7.4 TimeoutSec is an alias of ConnectionTimeoutSeconds). A prefix unique in
 * one version and not in the other is taken as ambiguous.
 */
const WEB_NAMES = [
  'usebasicparsing',
  'uri',
  'httpversion',
  'websession',
  'sessionvariable',
  'allowunencryptedauthentication',
  'authentication',
  'credential',
  'usedefaultcredentials',
  'certificatethumbprint',
  'certificate',
  'skipcertificatecheck',
  'sslprotocol',
  'token',
  'useragent',
  'disablekeepalive',
  'connectiontimeoutseconds',
  'operationtimeoutseconds',
  'headers',
  'skipheadervalidation',
  'allowinsecureredirect',
  'maximumredirection',
  'maximumretrycount',
  'preserveauthorizationonredirect',
  'retryintervalsec',
  'method',
  'custommethod',
  'preservehttpmethodonredirect',
  'unixsocket',
  'proxy',
  'proxycredential',
  'proxyusedefaultcredentials',
  'noproxy',
  'body',
  'form',
  'contenttype',
  'transferencoding',
  'infile',
  'outfile',
  'passthru',
  'resume',
  'skiphttperrorcheck',
];
const WEB_SWITCHES = [
  'usebasicparsing',
  'allowunencryptedauthentication',
  'usedefaultcredentials',
  'skipcertificatecheck',
  'disablekeepalive',
  'skipheadervalidation',
  'allowinsecureredirect',
  'preserveauthorizationonredirect',
  'preservehttpmethodonredirect',
  'proxyusedefaultcredentials',
  'noproxy',
  'passthru',
  'resume',
  'skiphttperrorcheck',
  'followrellink',
];
export const INVOKE_WEBREQUEST: ParameterSpec = {
  names: WEB_NAMES,
  aliases: { sv: 'sessionvariable', cm: 'custommethod', timeoutsec: 'connectiontimeoutseconds' },
  switches: WEB_SWITCHES,
  positional: ['uri'],
};
export const INVOKE_RESTMETHOD: ParameterSpec = {
  names: [...WEB_NAMES, 'responseheadersvariable', 'statuscodevariable', 'followrellink', 'maximumfollowrellink'],
  aliases: {
    sv: 'sessionvariable',
    cm: 'custommethod',
    timeoutsec: 'connectiontimeoutseconds',
    rhv: 'responseheadersvariable',
    fl: 'followrellink',
    ml: 'maximumfollowrellink',
  },
  switches: WEB_SWITCHES,
  positional: ['uri'],
};
const START_BITSTRANSFER: ParameterSpec = {
  names: [
    'source',
    'destination',
    'asynchronous',
    'authentication',
    'credential',
    'description',
    'displayname',
    'priority',
    'proxyauthentication',
    'proxybypass',
    'proxycredential',
    'proxylist',
    'proxyusage',
    'retryinterval',
    'retrytimeout',
    'suspended',
    'transferpolicy',
    'transfertype',
    'usestoredcredential',
    'maxdownloadtime',
    'customheaders',
    'customheaderswriteonly',
    'securityflags',
    'notifyflags',
    'notifycmdline',
    'aclflags',
    'certstorelocation',
    'certstorename',
    'certhash',
    'dynamic',
    'whatif',
    'confirm',
  ],
  switches: ['asynchronous', 'suspended', 'dynamic', 'customheaderswriteonly', 'whatif', 'confirm'],
  positional: ['source', 'destination'],
};
const START_PROCESS: ParameterSpec = {
  names: [
    'filepath',
    'argumentlist',
    'credential',
    'workingdirectory',
    'loaduserprofile',
    'nonewwindow',
    'passthru',
    'redirectstandarderror',
    'redirectstandardinput',
    'redirectstandardoutput',
    'verb',
    'windowstyle',
    'wait',
    'usenewenvironment',
    'environment',
    'whatif',
    'confirm',
  ],
  aliases: {
    pspath: 'filepath',
    path: 'filepath',
    args: 'argumentlist',
    runas: 'credential',
    lup: 'loaduserprofile',
    nnw: 'nonewwindow',
    rse: 'redirectstandarderror',
    rsi: 'redirectstandardinput',
    rso: 'redirectstandardoutput',
  },
  switches: ['loaduserprofile', 'nonewwindow', 'passthru', 'wait', 'usenewenvironment', 'whatif', 'confirm'],
  positional: ['filepath', 'argumentlist'],
};
const EXPAND_ARCHIVE: ParameterSpec = {
  names: ['path', 'literalpath', 'destinationpath', 'force', 'passthru', 'whatif', 'confirm'],
  aliases: { pspath: 'literalpath', lp: 'literalpath' },
  switches: ['force', 'passthru', 'whatif', 'confirm'],
  positional: ['path', 'destinationpath'],
};
const PATH_FIRST: ParameterSpec = {
  names: ['path', 'literalpath', 'packagepath', 'online', 'name'],
  aliases: { pspath: 'literalpath', lp: 'literalpath' },
  switches: ['online'],
  positional: ['path'],
};

/** The cmdlet a PowerShell command name stands for (lower case), aliases and module qualifiers resolved. */
export function cmdletOf(name: string, edition: PsEdition): string {
  const n = name.replace(/^[\w.]+\\/, '');
  switch (n) {
    case 'iwr':
      return 'invoke-webrequest';
    case 'curl':
    case 'wget':
      // aliases of Invoke-WebRequest in Windows PowerShell 5.1 only (its reference page lists curl, iwr, wget; the
      // 7.x page lists none: PowerShell 6 removed them so that curl and wget run the programs)
      return edition === 'desktop' ? 'invoke-webrequest' : n;
    case 'irm':
      return 'invoke-restmethod';
    case 'iex':
      return 'invoke-expression';
    case 'saps':
    case 'start':
      return 'start-process';
    default:
      return n;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Values

interface Scope {
  model: DockerfileModel;
  inst: DockerInstruction;
  /** PowerShell variables assigned in the script, by lower-case name, in source order. */
  assigned: Map<string, PsElement[]>;
  /** Each assignment's value, resolved once (`$b = $a + $a; $c = $b + $b …` would otherwise cost k^depth). */
  values: Map<PsElement, Resolved>;
}

/**
 * A resolved value longer than this is cut and unknown: a URL is far shorter, and values built by doubling
 * (`$b = $a + $a`, five levels deep) would otherwise grow exponentially with the script.
 */
const MAX_VALUE = 4096;

function capped(r: Resolved): Resolved {
  return r.value.length > MAX_VALUE ? { value: r.value.slice(0, MAX_VALUE), known: false } : r;
}

/** An environment variable as the RUN sees it (ENV and ARG of the stage); Windows names are case-insensitive. */
function envValue(scope: Scope, name: string): string | undefined {
  const vars = scope.model.varsAt(scope.inst);
  const direct = vars.get(name);
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  for (const [k, v] of vars) if (k.toLowerCase() === lower && v !== undefined) return v;
  return undefined;
}

interface Resolved {
  value: string;
  known: boolean;
}

/** What an argument evaluates to, as far as the Dockerfile and the script tell. */
function resolve(tokens: PsToken[], scope: Scope, at: number, depth = 0): Resolved {
  // an expression (`'…{0}' -f $v` as a method argument, `$base + '/x'`) rather than glued parts
  if (tokens.some((t) => t.kind === 'dash' || (t.kind === 'word' && t.value === '+' && t.space)))
    return expression(tokens, scope, at, depth);
  let value = '';
  let known = true;
  for (const t of tokens) {
    const r = resolveToken(t, scope, at, depth);
    value += r.value;
    known &&= r.known;
    if (value.length > MAX_VALUE) break;
  }
  return capped({ value, known });
}

function resolveToken(t: PsToken, scope: Scope, at: number, depth: number): Resolved {
  const text = scope.model.text;
  if (depth > 4) return { value: text.slice(t.start, t.end), known: false };
  if (t.kind === 'word' || t.kind === 'string') {
    if (t.quote === "'" || (!t.dynamic && !t.value.includes('%'))) return { value: t.value, known: true };
    // `%NAME%` too: code handed to PowerShell by cmd has cmd's variables expanded first
    const r = expand(t.value, scope, at, depth);
    const c = r.value.includes('%') ? expandCmd(r.value, scope) : r;
    return { value: c.value, known: r.known && c.known };
  }
  if (t.kind === 'variable') return variable(t.value, scope, at, depth);
  if (t.kind === 'group' && (t.value === '(' || t.value === '$(') && t.inner?.statements.length === 1) {
    const els = t.inner.statements[0].elements;
    if (els.length === 1 && !els[0].command) return expression(els[0].tokens, scope, at, depth + 1);
  }
  return { value: text.slice(t.start, t.end), known: false };
}

/** `'…{0}…' -f a, b`, `a + b`, or one value. */
function expression(tokens: PsToken[], scope: Scope, at: number, depth: number): Resolved {
  const f = tokens.findIndex((t) => t.kind === 'dash' && t.value.toLowerCase() === 'f');
  if (f === 1) {
    const format = resolveToken(tokens[0], scope, at, depth);
    const args: PsToken[][] = [[]];
    for (const t of tokens.slice(2)) {
      if (t.kind === 'op' && t.value === ',') args.push([]);
      else args[args.length - 1].push(t);
    }
    const values = args.map((a) => resolve(a, scope, at, depth));
    let known = format.known;
    // each placeholder adds at most MAX_VALUE characters; the result is capped below
    const value = format.value.slice(0, MAX_VALUE).replace(/\{(\d+)(?:[,:][^{}]*)?\}/g, (m, n: string) => {
      const v = values[Number(n)];
      if (!v || !v.known) {
        known = false;
        return v ? v.value : m;
      }
      return v.value;
    });
    return capped({ value, known });
  }
  if (tokens.length >= 3 && tokens.every((t, k) => (k % 2 === 1 ? t.kind === 'word' && t.value === '+' : true))) {
    const parts = tokens.filter((_, k) => k % 2 === 0).map((t) => resolveToken(t, scope, at, depth));
    return capped({ value: parts.map((p) => p.value).join(''), known: parts.every((p) => p.known) });
  }
  if (tokens.length === 1) return resolveToken(tokens[0], scope, at, depth);
  return { value: tokens.map((t) => scope.model.text.slice(t.start, t.end)).join(' '), known: false };
}

function variable(name: string, scope: Scope, at: number, depth: number): Resolved {
  const lower = name.toLowerCase();
  if (lower.startsWith('env:')) {
    const v = envValue(scope, name.slice(4));
    return v === undefined ? { value: `$${name}`, known: false } : { value: v, known: true };
  }
  const list = scope.assigned.get(lower);
  const el = list && lastBefore(list, (e) => e.tokens[0]?.start ?? 0, at);
  // a variable set from a command's output (`$r = curl.exe … | ConvertFrom-Json`) is not known here
  if (!el || el.command || el.statement.elements.length > 1) return { value: `$${name}`, known: false };
  const seen = scope.values.get(el);
  if (seen) return seen;
  const r = expression(el.tokens, scope, el.tokens[0]?.start ?? 0, depth + 1);
  const out = r.known || r.value ? r : { value: `$${name}`, known: false };
  scope.values.set(el, out);
  return out;
}

/** A double-quoted string's or a bare word's `$env:NAME`, `${env:NAME}`, `$name` expanded where known. */
function expand(value: string, scope: Scope, at: number, depth: number): Resolved {
  let known = true;
  // linear: each alternative starts at a `$` and reads one run of name characters or up to the first `}`
  const out = value.replace(/\$\{([^{}]*)\}|\$((?:env:)?[A-Za-z_]\w*)|\$\(/gi, (m, braced: string, plain: string) => {
    if (m === '$(') {
      known = false;
      return m;
    }
    const r = variable(braced ?? plain, scope, at, depth + 1);
    known &&= r.known;
    return r.value;
  });
  return { value: out, known };
}

/** cmd's `%NAME%` expanded where known. */
function expandCmd(value: string, scope: Scope): Resolved {
  let known = true;
  // linear: `%`, a run of name characters, `%`
  const out = value.replace(/%([A-Za-z_][\w().-]*)%/g, (m, name: string) => {
    const v = envValue(scope, name);
    if (v === undefined) {
      known = false;
      return m;
    }
    return v;
  });
  return { value: out, known };
}

// ---------------------------------------------------------------------------------------------------------------
// Finding downloads, runs and verifiers

const URLISH = /^[a-z][a-z0-9+.-]*:\/\//i;

function analyse(model: DockerfileModel): Analysis {
  const out: Analysis = { downloads: [], remoteRuns: [], runs: [], verifiers: [], extractions: [] };
  const { powershell, cmd } = windowsRuns(model);
  for (const run of powershell) analysePowerShell(model, run, out);
  for (const run of cmd) analyseCmd(model, run, out);
  const byStart = (a: { start: number }, b: { start: number }) => a.start - b.start;
  out.downloads.sort(byStart);
  out.runs.sort(byStart);
  out.remoteRuns.sort(byStart);
  return out;
}

function analysePowerShell(model: DockerfileModel, run: PowerShellRun, out: Analysis) {
  const text = model.text;
  const { inst, script, edition } = run;
  const assigned = new Map<string, PsElement[]>();
  for (const el of script.elements) {
    if (!el.assignTo) continue;
    const list = assigned.get(el.assignTo);
    if (list) list.push(el);
    else assigned.set(el.assignTo, [el]);
  }
  const scope: Scope = { model, inst, assigned, values: new Map() };
  const downloads: WindowsDownload[] = [];
  const add = (d: WindowsDownload, _el: PsElement) => {
    downloads.push(d);
  };
  const urlOf = (arg: PsArg | PsToken[], at: number) => {
    const tokens = Array.isArray(arg) ? arg : arg.tokens;
    const r = resolve(tokens, scope, at);
    return {
      text: argText(tokens, text),
      value: r.value,
      known: r.known,
      start: tokens[0]?.start ?? at,
      end: tokens[tokens.length - 1]?.end ?? at,
    };
  };
  const fileOf = (arg: PsArg | PsToken[]) => {
    const tokens = Array.isArray(arg) ? arg : arg.tokens;
    return { value: argText(tokens, text), start: tokens[0].start, end: tokens[tokens.length - 1].end };
  };

  for (const el of script.elements) {
    const c = el.command;
    if (c) {
      const cmdlet = cmdletOf(c.name, edition);
      const start = c.nameToken.start;
      const end = c.args.length ? c.args[c.args.length - 1].end : c.nameToken.end;
      if (cmdlet === 'invoke-webrequest' || cmdlet === 'invoke-restmethod') {
        const b = bindParameters(c, cmdlet === 'invoke-webrequest' ? INVOKE_WEBREQUEST : INVOKE_RESTMETHOD);
        const uri = b.named.get('uri')?.value;
        if (!uri || b.unknown.length) continue;
        const outFile = b.named.get('outfile')?.value ?? null;
        const method = b.named.get('method')?.value;
        const sends =
          (method && !/^(get|default)$/i.test(argText(method, text))) ||
          b.named.has('custommethod') ||
          b.named.has('body') ||
          b.named.has('infile') ||
          b.named.has('form');
        const saved = outFile ? fileOf(outFile) : savedFrom(el, text);
        add(
          {
            inst,
            tool: cmdlet === 'invoke-webrequest' ? 'Invoke-WebRequest' : 'Invoke-RestMethod',
            written: c.nameToken.value,
            url: urlOf(uri, start),
            file: saved,
            content: !outFile || b.named.has('passthru'),
            fetches: !sends,
            lang: 'powershell',
            start,
            end,
          },
          el,
        );
      } else if (cmdlet === 'start-bitstransfer') {
        const b = bindParameters(c, START_BITSTRANSFER);
        const source = b.named.get('source')?.value;
        if (!source || b.unknown.length) continue;
        const dest = b.named.get('destination')?.value;
        const url = urlOf(source, start);
        const name = urlName(url.value);
        add(
          {
            inst,
            tool: 'Start-BitsTransfer',
            written: c.nameToken.value,
            url,
            file: dest ? fileOf(dest) : name ? { value: name, start: source.start, end: source.end } : null,
            content: false,
            fetches: true,
            lang: 'powershell',
            start,
            end,
          },
          el,
        );
      } else if (cmdlet === 'curl' || cmdlet === 'wget' || cmdlet === 'curl.exe' || cmdlet === 'wget.exe') {
        const d = nativeDownload(
          cmdlet.replace(/\.exe$/, ''),
          c.nameToken,
          c.args.map((a) => argWord(a, text)),
          el,
        );
        if (d) {
          const url = d.urls[0];
          const r = expand(url.value, scope, start, 0);
          const file = d.toStdout ? savedFrom(el, text) : nativeFile(d, el, text);
          add(
            {
              inst,
              tool: d.tool,
              written: c.nameToken.value,
              url: { text: url.value, value: r.value, known: r.known, start: url.start, end: url.end },
              file,
              content: d.toStdout,
              fetches: fetchesContent(d),
              lang: 'powershell',
              start,
              end,
            },
            el,
          );
        }
      }
    }
    // .NET: `(New-Object Net.WebClient).DownloadFile(url, file)`, `$wc.DownloadString(url)`
    el.tokens.forEach((t, k) => {
      if (t.kind !== 'member' || t.isStatic) return;
      const method = t.value.toLowerCase();
      if (!/^download(file|string|data)(taskasync|async)?$/.test(method)) return;
      const call = el.tokens[k + 1];
      if (!call || call.kind !== 'group' || call.value !== '(' || call.space || !call.inner) return;
      const args = callArgs(call);
      if (!args.length || !args[0].length) return;
      const isFile = method.startsWith('downloadfile');
      add(
        {
          inst,
          tool: isFile
            ? 'WebClient.DownloadFile'
            : method.startsWith('downloadstring')
              ? 'WebClient.DownloadString'
              : 'WebClient.DownloadData',
          written: `.${t.value}`,
          url: urlOf(args[0], t.start),
          file: isFile ? (args[1]?.length ? fileOf(args[1]) : null) : savedFrom(el, text),
          content: !isFile,
          fetches: true,
          lang: 'powershell',
          start: t.start,
          end: call.end,
        },
        el,
      );
    });
  }
  out.downloads.push(...downloads);

  // runs, extractions and verifiers
  for (const el of script.elements) {
    const c = el.command;
    if (c) {
      const cmdlet = cmdletOf(c.name, edition);
      const program = programName(c.name);
      const words = () => c.args.map((a) => argWord(a, text));
      // the command as written up to the path, quotes removed (`Start-Process -FilePath .\x.exe`, `& .\x.ps1`)
      const upTo = (arg: PsArg | PsToken) => {
        const parts = [c.call ?? '', argText([c.nameToken], text)];
        if ('tokens' in arg) for (const a of c.args.slice(0, c.args.indexOf(arg) + 1)) parts.push(argText(a, text));
        return parts.filter((p) => p).join(' ');
      };
      const step = (arg: PsArg | PsToken) => {
        const tokens = 'tokens' in arg ? arg.tokens : [arg];
        out.runs.push({
          inst,
          path: argText(tokens, text),
          start: tokens[0].start,
          end: tokens[tokens.length - 1].end,
          text: upTo(arg),
        });
      };
      if (c.call) {
        step(c.nameToken);
      } else if (/[\\/]/.test(c.name) && !/^[a-z][\w-]*\\[\w-]+$/i.test(c.name)) {
        step(c.nameToken);
      }
      if (cmdlet === 'start-process') {
        const b = bindParameters(c, START_PROCESS);
        const file = b.named.get('filepath')?.value;
        if (file) {
          const prog = programName(argText(file, text));
          const list = b.named.get('argumentlist')?.value;
          if (prog === 'msiexec' || prog === 'wusa' || prog === 'dism') {
            if (list)
              for (const p of packagesIn(prog, list, text))
                out.runs.push({ ...p, inst, text: `Start-Process ${prog} ${p.path}` });
          } else if (isInterpreter(prog) && list) {
            const inv = invocation(prog, splitList(list, text));
            if (inv.mode === 'file' && inv.script)
              out.runs.push({
                inst,
                path: inv.script.value,
                start: list.start,
                end: list.end,
                text: `Start-Process ${prog} ${inv.script.value}`,
              });
          } else step(file);
        }
      } else if (program === 'msiexec' || program === 'wusa' || program === 'dism') {
        const arg: PsToken[] = c.args.flatMap((a) => a.tokens);
        for (const p of packagesIn(program, { tokens: arg, start: c.nameToken.end, end: c.nameToken.end }, text))
          out.runs.push({ ...p, inst, text: `${c.nameToken.value} ${p.path}` });
      } else if (cmdlet === 'add-windowspackage' || cmdlet === 'add-appxpackage' || cmdlet === 'import-module') {
        const b = bindParameters(c, PATH_FIRST);
        const p = b.named.get('packagepath')?.value ?? b.named.get('path')?.value ?? b.named.get('name')?.value;
        if (p) step(p);
      } else if (program === 'powershell' || program === 'pwsh') {
        const run = powerShellFileRun(inst, program, words(), c.nameToken.value);
        if (run) out.runs.push(run);
      } else if (isInterpreter(program)) {
        const inv = invocation(program, words());
        if (inv.mode === 'file' && inv.script)
          out.runs.push({
            inst,
            path: inv.script.value,
            start: inv.script.start,
            end: inv.script.end,
            text: `${c.nameToken.value} ${inv.script.value}`,
          });
      } else if (cmdlet === 'expand-archive') {
        const b = bindParameters(c, EXPAND_ARCHIVE);
        const archive = b.named.get('path')?.value ?? b.named.get('literalpath')?.value;
        if (archive) {
          const a = argText(archive, text);
          const dest = b.named.get('destinationpath')?.value;
          out.extractions.push({ inst, archive: a, dest: dest ? argText(dest, text) : stem(a), at: c.nameToken.start });
        }
      }
      // verifiers
      const used = outputUsed(el);
      if (cmdlet === 'get-filehash' || cmdlet === 'get-authenticodesignature') {
        if (used)
          out.verifiers.push({
            inst,
            mentions: c.args
              .map((a) => argText(a, text))
              .join(' ')
              .toLowerCase(),
          });
      } else if (program === 'certutil') {
        const w = words().map((x) => x.value.toLowerCase());
        if (w.some((v) => v === '-hashfile' || v === '/hashfile') && used)
          out.verifiers.push({ inst, mentions: w.join(' ') });
      } else if (verifiesCall(program, words(), used)) {
        out.verifiers.push({
          inst,
          mentions: words()
            .map((x) => x.value.toLowerCase())
            .join(' '),
        });
      }
    }
    // `[Security.Cryptography.SHA256]::Create().ComputeHash(…)`, `[…SHA256]::HashData(…)`: a hash computed to compare
    if (el.tokens.some((t) => t.kind === 'member' && /^(computehash|hashdata)$/i.test(t.value)))
      out.verifiers.push({
        inst,
        mentions: el.tokens
          .map((t) => text.slice(t.start, t.end))
          .join(' ')
          .toLowerCase(),
      });
  }

  // content run as code
  // (by binary search: a RUN may hold thousands of downloads and assignments)
  const contents = downloads.filter((d) => d.content && d.fetches).sort((a, b) => a.start - b.start);
  const contentIn = (start: number, end: number): WindowsDownload | undefined => {
    for (let k = firstAtOrAfter(contents, start); k < contents.length && contents[k].start < end; k++)
      if (contents[k].end <= end) return contents[k];
    return undefined;
  };
  const fromVariable = new Map<string, WindowsDownload>();
  for (const el of script.elements) {
    if (!el.assignTo || !el.tokens.length) continue;
    const d = contentIn(el.tokens[0].start, el.tokens[el.tokens.length - 1].end);
    if (d) fromVariable.set(el.assignTo, d);
  }
  const variablesIn = (tokens: PsToken[]): string[] => {
    const names: string[] = [];
    const visit = (ts: PsToken[]) => {
      for (const t of ts) {
        if (t.kind === 'variable') names.push(t.value.toLowerCase());
        else if ((t.kind === 'string' || t.kind === 'word') && t.dynamic)
          for (const m of t.value.matchAll(/\$\{?([A-Za-z_]\w*)/g)) names.push(m[1].toLowerCase());
        if (t.inner) for (const st of t.inner.statements) for (const e of st.elements) visit(e.tokens);
      }
    };
    visit(tokens);
    return names;
  };
  for (const el of script.elements) {
    const c = el.command;
    const cmdlet = c ? cmdletOf(c.name, edition) : '';
    const readsStdin = c ? stdinShell(c, edition, text) : false;
    if (c && (cmdlet === 'invoke-expression' || readsStdin)) {
      const runner = { inst, start: c.nameToken.start, end: c.nameToken.end, runner: c.nameToken.value };
      // piped: `irm … | iex`
      if (el.before === '|') {
        const earlier = el.statement.elements.slice(0, el.index);
        const d = earlier
          .map((e) => (e.tokens.length ? contentIn(e.tokens[0].start, e.tokens[e.tokens.length - 1].end) : undefined))
          .find((x) => x);
        if (d) {
          out.remoteRuns.push({ ...runner, download: d, how: 'pipe' });
          continue;
        }
      }
      if (cmdlet !== 'invoke-expression' || !c.args.length) continue;
      const first = c.args[0].start;
      const last = c.args[c.args.length - 1].end;
      const d = contentIn(first, last);
      if (d) {
        out.remoteRuns.push({ ...runner, download: d, how: 'argument' });
        continue;
      }
      const v = variablesIn(c.args.flatMap((a) => a.tokens)).find((n) => fromVariable.has(n));
      if (v) out.remoteRuns.push({ ...runner, download: fromVariable.get(v) as WindowsDownload, how: 'variable' });
      continue;
    }
    // `[scriptblock]::Create(…)`
    el.tokens.forEach((t, k) => {
      if (t.kind !== 'member' || !t.isStatic || t.value.toLowerCase() !== 'create') return;
      const type = el.tokens[k - 1];
      if (!type || type.kind !== 'group' || !/^(system\.management\.automation\.)?scriptblock$/i.test(type.text ?? ''))
        return;
      const call = el.tokens[k + 1];
      if (!call || call.kind !== 'group' || !call.inner) return;
      const d = contentIn(call.start, call.end);
      const v = d ? undefined : variablesIn([call]).find((n) => fromVariable.has(n));
      const found = d ?? (v ? fromVariable.get(v) : undefined);
      if (found)
        out.remoteRuns.push({
          inst,
          start: type.start,
          end: t.end,
          runner: text.slice(type.start, t.end),
          download: found,
          how: d ? 'argument' : 'variable',
        });
    });
  }
}

/** `… | Out-File f`, `… | Set-Content f`, `… > f`: where the element's output is saved, if it is. */
function savedFrom(el: PsElement, text: string): WindowsDownload['file'] {
  const k = el.tokens.findIndex((t) => t.kind === 'op' && isRedirect(t.value) && /^[1]?>/.test(t.value));
  if (k >= 0 && el.tokens[k + 1]) {
    const t = el.tokens[k + 1];
    const value = argText([t], text);
    if (!/^\$null$/i.test(value)) return { value, start: t.start, end: t.end };
  }
  const next = el.statement.elements[el.index + 1];
  const c = next?.before === '|' ? next.command : undefined;
  if (c && /^(out-file|set-content|add-content|tee-object|tee)$/.test(c.name)) {
    const b = bindParameters(c, {
      names: [
        'filepath',
        'path',
        'literalpath',
        'value',
        'encoding',
        'force',
        'append',
        'nonewline',
        'width',
        'noclobber',
        'inputobject',
        'variable',
      ],
      aliases: { pspath: 'literalpath', lp: 'literalpath' },
      switches: ['force', 'append', 'nonewline', 'noclobber'],
      positional: ['filepath'],
    });
    const p = b.named.get('filepath')?.value ?? b.named.get('path')?.value ?? b.named.get('literalpath')?.value;
    if (p) return { value: argText(p, text), start: p.start, end: p.end };
  }
  return null;
}

/** A method call's arguments: the group's first expression split at top-level commas. */
function callArgs(call: PsToken): PsToken[][] {
  const st = call.inner?.statements[0];
  const el = st?.elements[0];
  if (!el) return [];
  const tokens = el.tokens;
  const args: PsToken[][] = [[]];
  for (const t of tokens) {
    if (t.kind === 'op' && t.value === ',') args.push([]);
    else args[args.length - 1].push(t);
  }
  return args;
}

/** A native curl/wget run from PowerShell or cmd, read as the shell side reads it. */
function nativeDownload(
  tool: string,
  nameToken: { start: number; end: number; value: string },
  args: Word[],
  el?: PsElement,
): Download | null {
  const nameWord: Word = {
    value: tool,
    start: nameToken.start,
    end: nameToken.end,
    quoted: false,
    dynamic: false,
    nested: [],
  };
  const redirects: ShellCommand['redirects'] = [];
  if (el) {
    const k = el.tokens.findIndex((t) => t.kind === 'op' && /^1?>>?$/.test(t.value));
    const target = k >= 0 ? el.tokens[k + 1] : undefined;
    if (target)
      redirects.push({
        op: '>',
        target: {
          value: target.value,
          start: target.start,
          end: target.end,
          quoted: false,
          dynamic: false,
          nested: [],
        },
      });
  }
  const cmd: ShellCommand = {
    assignments: [],
    words: [nameWord, ...args],
    redirects,
    before: null,
    after: null,
    depth: 0,
  };
  return downloadOf(cmd);
}

function nativeFile(d: Download, el: PsElement | undefined, text: string): WindowsDownload['file'] {
  if (el) {
    const saved = savedFrom(el, text);
    if (saved) return saved;
  }
  const o = d.parsed.options.find(
    (x) => (x.name === 'o' || x.name === 'output' || x.name === 'O' || x.name === 'output-document') && x.valueWord,
  );
  const file = outputFile(d);
  if (!file) return null;
  const w = o?.valueWord ?? d.urls[0];
  return { value: file, start: w.start, end: w.end };
}

/** The packages an installer (`msiexec /i x.msi`, `wusa x.msu`, `dism /Add-Package /PackagePath:x.cab`) installs. */
function packagesIn(program: string, list: PsArg, text: string): { path: string; start: number; end: number }[] {
  const out: { path: string; start: number; end: number }[] = [];
  for (const t of list.tokens) {
    if (t.kind === 'op') continue;
    const value = argText([t], text);
    // an argument list written as one string: `'/i mongo.msi /qn'`
    for (const part of value.split(/\s+/)) {
      const v = part.replace(/^\/packagepath:/i, '').replace(/^["']|["']$/g, '');
      if (/\.(msi|msp|msu|cab|appx|msix)$/i.test(v) || (program === 'wusa' && v && !v.startsWith('/')))
        out.push({ path: v, start: t.start, end: t.end });
    }
  }
  return out;
}

/** An argument list as words (each value of `'a', 'b'` and each blank-separated part of `'a b'`). */
function splitList(list: PsArg, text: string): Word[] {
  const words: Word[] = [];
  for (const t of list.tokens) {
    if (t.kind === 'op') continue;
    for (const part of argText([t], text).split(/\s+/))
      if (part) words.push({ value: part, start: t.start, end: t.end, quoted: true, dynamic: false, nested: [] });
  }
  return words;
}

/** `powershell -File x.ps1`, `pwsh x.ps1` (PowerShell 6+ runs its first operand as a file). */
function powerShellFile(program: string, args: Word[]): Word | null {
  for (let k = 0; k < args.length; k++) {
    const m = /^(?:--?|\/)(.*)$/.exec(args[k].value);
    if (!m) return program === 'pwsh' ? args[k] : null;
    const key = m[1].toLowerCase();
    if (key && 'file'.startsWith(key)) return args[k + 1] && args[k + 1].value !== '-' ? args[k + 1] : null;
    if (key && 'command'.startsWith(key)) return null;
    if (
      /^(executionpolicy|ex|ep|windowstyle|w|inputformat|if|outputformat|of|configurationname|workingdirectory|wd)$/.test(
        key,
      )
    )
      k++;
  }
  return null;
}

/** The script file `powershell -File x.ps1` / `pwsh x.ps1` runs, as a run step (`written` is the program as written). */
function powerShellFileRun(
  inst: DockerInstruction,
  program: string,
  args: Word[],
  written: string,
): WindowsRunStep | null {
  const file = powerShellFile(program, args);
  return file
    ? { inst, path: file.value, start: file.start, end: file.end, text: `${written} -File ${file.value}` }
    : null;
}

/** A shell that reads its script from the pipe: `| powershell -Command -`, `| pwsh -`, `| sh` (PowerShell 7 on Linux). */
function stdinShell(c: PsCommand, edition: PsEdition, text: string): boolean {
  if (c.element.before !== '|') return false;
  const program = programName(c.name);
  const words = c.args.map((a) => argWord(a, text));
  if (program === 'powershell' || program === 'pwsh') {
    if (!words.length) return true;
    const k = words.findIndex((w) => /^(-|--|\/)(c|co|com|comm|comma|comman|command|f|fi|fil|file)$/i.test(w.value));
    return k >= 0 && words[k + 1]?.value === '-';
  }
  if (edition === 'core' && isInterpreter(program) && program !== '.')
    return invocation(program, words).mode === 'stdin';
  return false;
}

function outputUsed(el: PsElement): boolean {
  if (el.depth > 0 || el.assignTo || el.statement.elements[0]?.assignTo) return true;
  const next = el.statement.elements[el.index + 1];
  const c = next?.before === '|' ? next.command : undefined;
  return (
    !!c && /^(where-object|where|\?|foreach-object|foreach|%|compare-object|select-string|findstr|find)$/.test(c.name)
  );
}

function analyseCmd(model: DockerfileModel, run: CmdRun, out: Analysis) {
  const { inst, commands } = run;
  const scope: Scope = { model, inst, assigned: new Map(), values: new Map() };
  const end = (c: CmdCommand) => (c.args.length ? c.args[c.args.length - 1].end : c.nameWord.end);
  for (const c of commands) {
    const args = c.args.filter((w, k) => !/^\d?>/.test(w.value) && !/^\d?>>?$/.test(c.args[k - 1]?.value ?? ''));
    if (c.name === 'curl' || c.name === 'wget') {
      // cmd expands %NAME% before curl sees its arguments: a URL held in a variable is told by its value
      const expanded = args.map((w) => (w.value.includes('%') ? { ...w, value: expandCmd(w.value, scope).value } : w));
      const d = nativeDownload(c.name, c.nameWord, expanded);
      if (d) {
        const url = args.find((w) => w.start === d.urls[0].start) ?? d.urls[0];
        const r = expandCmd(url.value, scope);
        const redirect = c.args.findIndex((w) => /^1?>>?$/.test(w.value));
        const file =
          redirect >= 0 && c.args[redirect + 1]
            ? { value: c.args[redirect + 1].value, start: c.args[redirect + 1].start, end: c.args[redirect + 1].end }
            : d.toStdout
              ? null
              : nativeFile(d, undefined, model.text);
        out.downloads.push({
          inst,
          tool: d.tool,
          written: c.nameWord.value,
          url: { text: url.value, value: r.value, known: r.known, start: url.start, end: url.end },
          file,
          content: d.toStdout && redirect < 0,
          fetches: fetchesContent(d),
          lang: 'cmd',
          start: c.nameWord.start,
          end: end(c),
        });
      }
    }
    // runs: the program itself (cmd looks in the current directory first, and adds .exe), installers, interpreters
    const written = c.nameWord.value;
    if (
      !/^(curl|wget|certutil|powershell|pwsh|cmd|msiexec|wusa|dism|echo|set|if|for|del|mkdir|md|copy|move|rd|rmdir|setx|mklink|xcopy|robocopy|tar|expand|type|cd|exit|ren|rename|icacls|reg|sc|net|where)$/.test(
        c.name,
      )
    )
      out.runs.push({ inst, path: written, start: c.nameWord.start, end: c.nameWord.end, text: written });
    if (c.name === 'msiexec' || c.name === 'wusa' || c.name === 'dism') {
      for (const w of args) {
        const v = w.value.replace(/^\/packagepath:/i, '');
        if (/\.(msi|msp|msu|cab)$/i.test(v) || (c.name === 'wusa' && !v.startsWith('/')))
          out.runs.push({ inst, path: v, start: w.start, end: w.end, text: `${written} ${w.value}` });
      }
    } else if (c.name === 'powershell' || c.name === 'pwsh') {
      const run = powerShellFileRun(inst, c.name, args, written);
      if (run) out.runs.push(run);
    } else if (isInterpreter(c.name)) {
      const inv = invocation(c.name, args);
      if (inv.mode === 'file' && inv.script)
        out.runs.push({
          inst,
          path: inv.script.value,
          start: inv.script.start,
          end: inv.script.end,
          text: `${written} ${inv.script.value}`,
        });
    }
    // verifiers
    const values = args.map((w) => w.value.toLowerCase());
    const piped = commands[c.index + 1]?.before === '|';
    if (c.name === 'certutil' && values.some((v) => v === '-hashfile' || v === '/hashfile') && piped)
      out.verifiers.push({ inst, mentions: values.join(' ') });
    else if (
      c.name === 'for' &&
      values.some((v) => v.includes('certutil')) &&
      values.some((v) => v.includes('hashfile'))
    )
      out.verifiers.push({ inst, mentions: values.join(' ') });
    else if (verifiesCall(c.name, args, piped)) out.verifiers.push({ inst, mentions: values.join(' ') });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Unverified downloads

/**
 * What checks the download: a hash or signature check in its RUN (PowerShell, cmd or shell), or a later RUN's check
 * of the file it saved.
 */
export function windowsDownloadVerified(model: DockerfileModel, d: WindowsDownload): boolean {
  const a = analysis(model);
  if (verifyingInstructions(model).has(d.inst) || a.verifiers.some((v) => v.inst === d.inst)) return true;
  return !!d.file && verifiedLater(a.verifiers, d.inst, d.file.value);
}

function findUnverified(model: DockerfileModel): UnverifiedWindowsDownload[] {
  const a = analysis(model);
  const shellVerified = verifyingInstructions(model);
  const verified = new Set<DockerInstruction>([...a.verifiers.map((v) => v.inst), ...shellVerified]);
  const runsByInst = groupBy(a.runs);
  const extractionsByInst = groupBy(a.extractions);
  const indexes = new Map<DockerInstruction, RunIndex>();
  const indexOf = (inst: DockerInstruction) => {
    let index = indexes.get(inst);
    if (!index) indexes.set(inst, (index = indexRuns(runsByInst.get(inst) ?? [], extractionsByInst.get(inst) ?? [])));
    return index;
  };
  const out: UnverifiedWindowsDownload[] = [];
  for (const d of a.downloads) {
    if (!d.file || !d.fetches || verified.has(d.inst)) continue;
    const url = d.url.value;
    if (url.includes('{{') || d.url.text.includes('{{') || isCommitUrl(url)) continue;
    if (URLISH.test(url) && isLoopbackHost(hostOf(url))) continue;
    const file = d.file.value;
    if (isVerificationMaterial(file.replace(/\\/g, '/')) || (!file && isVerificationMaterial(urlPath(url)))) continue;
    if (verifiedLater(a.verifiers, d.inst, file)) continue;
    const runBy = runner(indexOf(d.inst), d);
    out.push({ download: d, ...(runBy ? { runBy } : {}) });
  }
  return out;
}

function groupBy<T extends { inst: DockerInstruction }>(list: T[]): Map<DockerInstruction, T[]> {
  const map = new Map<DockerInstruction, T[]>();
  for (const x of list) {
    const l = map.get(x.inst);
    if (l) l.push(x);
    else map.set(x.inst, [x]);
  }
  return map;
}

/** A RUN's runs and extractions, indexed by file name (a RUN may hold thousands of downloads and runs). */
interface RunIndex {
  runs: WindowsRunStep[];
  byName: Map<string, WindowsRunStep[]>;
  extractions: Map<string, Extraction[]>;
}

function indexRuns(runs: WindowsRunStep[], extractions: Extraction[]): RunIndex {
  const byName = new Map<string, WindowsRunStep[]>();
  for (const r of runs) push(byName, base(normalise(r.path)), r);
  const byArchive = new Map<string, Extraction[]>();
  for (const x of extractions) push(byArchive, base(normalise(x.archive)), x);
  return { runs, byName, extractions: byArchive };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The first run after the download of its file, or of a program unpacked from it. */
function runner(index: RunIndex, d: WindowsDownload): WindowsRunStep | undefined {
  const file = d.file?.value ?? '';
  const name = base(normalise(file));
  // the file itself: by its name, or its name without extension (cmd adds `.exe`)
  let found: WindowsRunStep | undefined;
  for (const key of new Set([name, stem(name)])) {
    const list = index.byName.get(key) ?? [];
    for (let k = firstAtOrAfter(list, d.end); k < list.length; k++) {
      if (found && list[k].start >= found.start) break;
      if (sameFile(list[k].path, file)) {
        found = list[k];
        break;
      }
    }
  }
  // a program unpacked from it by a later Expand-Archive, run from the destination folder
  const dirs = (index.extractions.get(name) ?? [])
    .filter((x) => x.at > d.end && sameFile(x.archive, file))
    .map((x) => normalise(x.dest))
    .filter((dir) => dir && !/^([a-z]:)?\\?$/.test(dir) && dir !== '.');
  if (dirs.length) {
    for (let k = firstAtOrAfter(index.runs, d.end); k < index.runs.length; k++) {
      const r = index.runs[k];
      if (found && r.start >= found.start) break;
      const p = normalise(r.path);
      if (dirs.some((dir) => p.startsWith(`${dir}\\`))) {
        found = r;
        break;
      }
    }
  }
  return found;
}

/** The index of the first item (sorted by start) that starts at or after `at`. */
function firstAtOrAfter(list: readonly { start: number }[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last item (in source order) whose position is before `at`. */
function lastBefore<T>(list: readonly T[], start: (x: T) => number, at: number): T | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (start(list[mid]) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? list[lo - 1] : undefined;
}

function normalise(path: string): string {
  const p = path
    .toLowerCase()
    .replace(/\//g, '\\')
    .replace(/^(\.\\)+/, '');
  let end = p.length;
  while (end > 0 && p[end - 1] === '\\') end--;
  return p.slice(0, end);
}

function base(path: string): string {
  const i = path.lastIndexOf('\\');
  return i >= 0 ? path.slice(i + 1) : path;
}

function stem(path: string): string {
  return path.replace(/\.[^.\\/]*$/, '');
}

/**
 * The same file, as far as the text says (Windows paths: case-insensitive, `\` or `/`): the same path, or the same
 * name where one side has no directory; a name written without extension (cmd adds `.exe`) matches the file's stem.
 */
export function sameFile(written: string, file: string): boolean {
  const a = normalise(written);
  const b = normalise(file);
  if (!a || !b) return false;
  if (a === b) return true;
  if (a.includes('\\') && b.includes('\\')) return false;
  const ba = base(a);
  const bb = base(b);
  return ba === bb || (!ba.includes('.') && ba === stem(bb));
}

/** A later RUN of the same stage chain verifies a file that names it. */
function verifiedLater(verifiers: Verifier[], inst: DockerInstruction, file: string): boolean {
  const stage = inst.stage;
  const name = base(normalise(file));
  if (!stage || !name) return false;
  const inChain = (s: Stage | null): boolean => {
    for (let x = s; x; x = x.parent) if (x === stage) return true;
    return false;
  };
  return verifiers.some((v) => v.inst.index > inst.index && inChain(v.inst.stage) && v.mentions.includes(name));
}

function urlName(url: string): string | null {
  const path = urlPath(url);
  const i = path.lastIndexOf('/');
  const name = i >= 0 ? path.slice(i + 1) : path;
  return name || null;
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

/** A download for a message: the command as written and its URL (the URL's known value when it is written as a variable). */
export function describeWindowsDownload(d: WindowsDownload): string {
  const name = d.tool.startsWith('WebClient.') ? d.tool : d.written;
  const text = d.url.text;
  const url = URLISH.test(text) || !URLISH.test(d.url.value) ? text : `${text} (${d.url.value})`;
  return `\`${name} ${displayUrl(url)}\``;
}

/** How to check the file, in the language of the RUN. */
export function hashCheck(d: WindowsDownload): string {
  const file = d.file?.value ?? 'file';
  return d.lang === 'cmd'
    ? `Compare its hash with a pinned value (\`certutil -hashfile ${file} SHA256 | findstr /i <sha256>\`, or \`Get-FileHash\` in PowerShell)`
    : `Compare its hash with a pinned value (\`if ((Get-FileHash ${file} -Algorithm SHA256).Hash -ne $env:SHA256) { exit 1 }\`) or check its Authenticode signature and signer (\`Get-AuthenticodeSignature ${file}\`)`;
}
