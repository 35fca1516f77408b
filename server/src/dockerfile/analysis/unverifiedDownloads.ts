import type { DockerfileModel, DockerInstruction, Stage } from '../model/model';
import type { ShellCommand, Word } from '../model/shell';
import { basename, unwrap } from './commands';
import { ExecCommand, applet, executedCommands, pipelineOf, stdoutFile } from './executed';
import { Download, downloadOf, onlyLoopback } from './downloads';
import { invocation, isInterpreter } from './interpreters';
import { parseOptions } from './options';
import { substitute } from '../model/variables';
import { memo, recall, remember } from '../../common/memo';
import { stripFrom } from '../../text/scan';

/**
 * Downloads (curl, wget) that nothing in their RUN verifies, and what becomes of them: saved to a file, unpacked
 * straight from the network, or saved and then run by a later command of the same RUN (`curl -o install.sh … && sh
 * install.sh`). download-without-verification reports the first two; remote-script-piped-to-shell the last, which is
 * the same risk as piping the download into a shell (one report per problem). The same reading answers, for any
 * download, whether what arrives is checked (`downloadVerified`) and whether it is what a check trusts
 * (`isTrustAnchor`): plain-http-download asks both (through analysis/remoteFetches.ts).
 */

/** Hash tools: computing a digest in the same step as the download is taken as checking it. */
const HASHERS = /^(sha(1|224|256|384|512|3-?\d*)sum|md5sum|b2sum|b3sum|shasum|rhash|sha256|sha512)$/;
/** Files that are verification material themselves: signatures, checksum lists, public keys, keyrings. */
const VERIFICATION_FILE =
  /\.(asc|sig|sign|gpg|pgp|pub|key|pem|crt|minisig|sha(1|224|256|384|512)(sums?)?|md5(sums?)?|sums?)$|(^|[/_.-])(sha(1|256|512)?sums?|checksums?|md5sums?|keys|keyring)(\.txt)?$/i;
/** Git hosts whose raw and archive URLs name a commit: `…/raw/<40-hex>/file` is immutable content. */
const COMMIT_URL =
  // linear: anchored; host labels end at `.`, and `.*` backs off once over the path trying a fixed-length hash
  /^https?:\/\/(?:[\w-]+\.)*(github\.com|githubusercontent\.com|gitlab\.com|bitbucket\.org|codeberg\.org)\/.*[/=]([0-9a-f]{40}|[0-9a-f]{64})([/.?#&]|$)/i;
const KEY_DIRS = /(^|\/)(keyrings|trusted\.gpg\.d|rpm-gpg|apk\/keys)(\/|$)/;
/** Decompressors and encoders a download streams through before it lands in a file or an archive tool. */
const FILTERS =
  /^(gunzip|gzip|zcat|xz|xzcat|unxz|unlzma|lzma|bunzip2|bzip2|bzcat|zstd|unzstd|zstdcat|lz4|lz4cat|base64|brotli|pv|cat|dd)$/;

interface Target {
  /** The file written, when known (`-o /tmp/x.tgz`, `> x`, tee's file). */
  file: string | null;
  /** `stream`: the download is unpacked by an archive tool; `file`: saved to a file. */
  kind: 'file' | 'stream';
  /** The archive tool a stream is unpacked by. */
  tool?: string;
}

export interface UnverifiedDownload {
  command: ExecCommand;
  download: Download;
  target: Target;
  /** A later command of the same RUN that runs the saved file (`sh install.sh`, `python3 get-pip.py`, `./x`). */
  runBy?: { command: ExecCommand; word: Word };
}

/** Every unverified download of the file, in order (computed once per model). */
export function unverifiedDownloads(model: DockerfileModel): UnverifiedDownload[] {
  return memo(model, UNVERIFIED, () => find(model));
}

const UNVERIFIED = Symbol('unverifiedDownloads');

function find(model: DockerfileModel): UnverifiedDownload[] {
  const v = verification(model);
  const { byInst, verifying } = v;
  const out: UnverifiedDownload[] = [];
  for (const [inst, commands] of byInst) {
    // a RUN before any FROM is no build step (template fragments)
    if (!inst.stage || verifying.has(inst)) continue;
    const vars = model.varsAt(inst);
    const keyImports = keyImportsOf(model, inst);
    let runs: Map<string, RunsFile[]> | undefined; // the files the RUN's commands run, by name (built when needed)
    for (let k = 0; k < commands.length; k++) {
      const c = commands[k];
      const d = downloadOf(c.cmd);
      if (!d || onlyLoopback(d.urls) || !fetchesContent(d)) continue;
      // ENV and ARG values are in the RUN's environment: `…/raw/${DIND_COMMIT}/…` is pinned when the value is a commit
      const urls = d.urls.map((u) => substitute(u.value, vars, model.escapeChar).value);
      if (urls.every((u) => COMMIT_URL.test(u)) || urls.some((u) => u.includes('{{'))) continue;
      const target = targetOf(c, d);
      if (!target) continue;
      if (target.file !== null && (isVerificationMaterial(target.file) || importedAsKey(keyImports, target.file)))
        continue;
      if (target.file === null && d.urls.every((u) => VERIFICATION_FILE.test(urlPath(u.value)))) continue;
      if (target.file !== null && verifiedLater(v, inst, target.file)) continue;
      const runBy = target.file === null ? undefined : runner((runs ??= filesRun(commands)), k, target.file);
      out.push({ command: c, download: d, target, ...(runBy ? { runBy } : {}) });
    }
  }
  return out;
}

/** The file's verifiers, and its RUNs' commands: found once per model, for every question below. */
interface Verification {
  /** Every command that checks a checksum or a signature. */
  verifiers: ExecCommand[];
  /** The RUNs that run one. */
  verifying: Set<DockerInstruction>;
  /** Each RUN's executed commands, in order. */
  byInst: Map<DockerInstruction, ExecCommand[]>;
  /** Each RUN's key imports (built when asked for: a RUN may hold thousands of downloads). */
  keyImports: Map<DockerInstruction, ExecCommand[]>;
  /** Each verifier's pipeline words, joined by line breaks (built when asked for). */
  mentions?: string[];
}

const VERIFICATION = Symbol('verification');

function verification(model: DockerfileModel): Verification {
  return memo(model, VERIFICATION, () => {
    const byInst = new Map<DockerInstruction, ExecCommand[]>();
    for (const c of executedCommands(model)) {
      const list = byInst.get(c.inst);
      if (list) list.push(c);
      else byInst.set(c.inst, [c]);
    }
    const verifiers = executedCommands(model).filter(isVerifier);
    return { verifiers, verifying: new Set(verifiers.map((c) => c.inst)), byInst, keyImports: new Map() };
  });
}

function keyImportsOf(model: DockerfileModel, inst: DockerInstruction): ExecCommand[] {
  const v = verification(model);
  let found = v.keyImports.get(inst);
  if (!found) v.keyImports.set(inst, (found = (v.byInst.get(inst) ?? []).filter(isKeyImport)));
  return found;
}

/**
 * The download's content is checked: its RUN runs a verifier (which covers every download of the RUN, as
 * download-without-verification reads it), or a later RUN of the stage runs one that names the file it saves.
 */
export function downloadVerified(model: DockerfileModel, c: ExecCommand, d: Download): boolean {
  const v = verification(model);
  if (v.verifying.has(c.inst)) return true;
  const target = targetOf(c, d);
  return !!target?.file && verifiedLater(v, c.inst, target.file);
}

/** Signatures: nobody without the signer's key can make one, wherever it is fetched from. */
const SIGNATURE = /\.(asc|sig|sign|minisig)$/i;

/**
 * The download is what a verification trusts rather than what it checks: a checksum list or a public key (by the
 * URL's file name or the file it is saved as, a key directory, or a key import of its RUN, also through a pipe:
 * `curl … | gpg --dearmor`, `| apt-key add -`). A signature is not (`.asc`, `.sig`, unless its name says it is a key):
 * it cannot be forged without the key.
 */
/** A file a verification trusts rather than checks: a checksum list or a key (a signature cannot be forged). */
export function isTrustAnchorName(name: string): boolean {
  return VERIFICATION_FILE.test(name) && (!SIGNATURE.test(name) || /key/i.test(name));
}

export function isTrustAnchor(model: DockerfileModel, c: ExecCommand, d: Download): boolean {
  if (d.urls.some((u) => isTrustAnchorName(urlPath(u.value)))) return true;
  const target = targetOf(c, d);
  if (target?.file)
    return (
      isTrustAnchorName(target.file) ||
      KEY_DIRS.test(target.file) ||
      importedAsKey(keyImportsOf(model, c.inst), target.file)
    );
  // streamed into a key import
  if (c.cmd.after !== '|') return false;
  const pipe = pipelineOf(c.script, c.cmd);
  return pipe.slice(positionIn(pipe, c.cmd) + 1).some((p) => {
    const u = unwrap(p);
    return !!u && isKeyImport(u);
  });
}

interface RunsFile {
  /** The command's index in its RUN. */
  at: number;
  command: ExecCommand;
  word: Word;
  /** The word is the command's name (a bare name is looked up on PATH). */
  asCommand: boolean;
}

/**
 * The files a RUN's commands run, by file name: a shell or interpreter's script, `.`/`source`'s file, or the command
 * itself when it is named by a path (`./install.sh`, `/tmp/installer`). One pass over the RUN, so a RUN of thousands of
 * downloads is not read once per download.
 */
function filesRun(commands: ExecCommand[]): Map<string, RunsFile[]> {
  const out = new Map<string, RunsFile[]>();
  const add = (f: RunsFile) => {
    const name = basename(f.word.value);
    if (!name) return;
    const list = out.get(name);
    if (list) list.push(f);
    else out.set(name, [f]);
  };
  commands.forEach((command, at) => {
    const run = applet(command);
    if (run.nameWord.value.includes('/')) add({ at, command, word: run.nameWord, asCommand: true });
    if (!isInterpreter(run.name)) return;
    const inv = invocation(run.name, run.args);
    if (inv.mode === 'file' && inv.script) add({ at, command, word: inv.script, asCommand: false });
  });
  return out;
}

/** The first command after the download (commands[k]) that runs `file`. */
function runner(runs: Map<string, RunsFile[]>, k: number, file: string): UnverifiedDownload['runBy'] {
  const found = (runs.get(basename(file)) ?? []).find((r) => r.at > k && sameFile(r.word.value, file, r.asCommand));
  return found ? { command: found.command, word: found.word } : undefined;
}

/**
 * The same file, as far as a RUN's text says: the same path, or the same name where one side is relative
 * (`-o install.sh` … `sh ./install.sh`; `-o /tmp/x.sh` … `cd /tmp && sh x.sh`). A command name without a slash is
 * looked up on PATH (`asCommand`), so it is never the downloaded file.
 */
function sameFile(written: string, file: string, asCommand: boolean): boolean {
  if (asCommand && !written.includes('/')) return false;
  const a = written.replace(/^(\.\/)+/, '');
  const b = file.replace(/^(\.\/)+/, '');
  if (!a || !b) return false;
  if (a === b) return true;
  if (a.includes('/') && b.includes('/')) return false;
  return basename(a) === basename(b);
}

/** A command that checks a checksum or a signature. */
function isVerifier(c: ExecCommand): boolean {
  const { name, args } = applet(c);
  return verifiesCall(name, args, c.cmd.depth > 0);
}

/**
 * A program that checks a checksum or a signature, by name and arguments; `outputUsed`: its output is read (compared,
 * captured), which makes a bare hash tool a check. Shared with the PowerShell and cmd side (windowsDownloads.ts).
 */
export function verifiesCall(name: string, args: Word[], outputUsed: boolean): boolean {
  // the argument values, read only for the commands named below (most commands are none of them)
  let read: string[] | undefined;
  const values = () => (read ??= args.map((a) => a.value));
  // a checksum tool verifies with -c/--check, or when its output is compared (`[ "$(sha256sum f)" = "…" ]`);
  // `sha256sum f` alone only prints a hash
  if (HASHERS.test(name))
    return outputUsed || values().some((v) => v === '--check' || /^-[A-Zabd-z]*c[A-Za-z]*$/.test(v));
  if (/^(gpgv2?|sqv|debsig-verify|slsa-verifier)$/.test(name)) return true;
  // minisign -V / -Vm, signify -V (signature) or -C (checksum list)
  if (/^(minisign|signify|signify-openbsd)$/.test(name)) return values().some((v) => /^-[A-Za-z]*[VC]/.test(v));
  if (/^gpg2?$/.test(name)) return values().some((v) => v === '--verify' || v === '--verify-files');
  if (name === 'cosign') return /^verify/.test(values().find((v) => !v.startsWith('-')) ?? '');
  if (name === 'sq') return values().includes('verify');
  if (name === 'openssl')
    return (
      /^(dgst|sha\d*|md5)$/.test(values()[0] ?? '') &&
      (values().includes('-verify') || values().includes('-prverify') || outputUsed)
    );
  if (name === 'rpm' || name === 'rpmkeys') return values().some((v) => v === '--checksig' || v === '-K');
  if (name === 'ssh-keygen') return values().includes('-Y') && values().includes('verify');
  if (name === 'gh') return values()[0] === 'attestation' && values()[1] === 'verify';
  if (name === 'jarsigner') return values().includes('-verify');
  return false;
}

/** The instructions whose shell commands check a checksum or a signature (the RUN's downloads count as verified). */
export function verifyingInstructions(model: DockerfileModel): Set<DockerInstruction> {
  return verification(model).verifying;
}

/** The command fetches content (not a HEAD request, a spider run or an API call that sends data). */
export function fetchesContent(d: Download): boolean {
  const names = new Set(d.parsed.options.map((o) => o.name));
  if (d.tool === 'curl') {
    if (
      [
        'I',
        'head',
        'd',
        'data',
        'data-binary',
        'data-raw',
        'data-urlencode',
        'data-ascii',
        'F',
        'form',
        'T',
        'upload-file',
        'json',
      ].some((n) => names.has(n))
    )
      return false;
    const method = d.parsed.options.find((o) => o.name === 'X' || o.name === 'request');
    if (method && method.value && method.value.toUpperCase() !== 'GET') return false;
    return true;
  }
  return (
    !names.has('spider') &&
    !d.parsed.options.some((o) => o.name === 'post-data' || o.name === 'post-file' || o.name === 'method')
  );
}

/** Where the downloaded content ends up, or null when it is not kept as a file or unpacked (piped to a reader). */
function targetOf(c: ExecCommand, d: Download): Target | null {
  const opts = d.parsed.options;
  const redirected = stdoutFile(c.cmd);
  if (!d.toStdout) {
    const file = redirected?.value ?? outputFile(d, opts);
    if (file !== null && /^\/dev\/(null|stdout|stderr|fd\/\d)$/.test(file)) return null;
    return { file, kind: 'file' };
  }
  // streamed: follow the pipeline through decompressors to a file or an archive tool
  if (c.cmd.after !== '|') return null;
  const pipe = pipelineOf(c.script, c.cmd);
  for (let k = positionIn(pipe, c.cmd) + 1; k < pipe.length; k++) {
    const next = pipe[k];
    const u = unwrap(next);
    if (!u) return null;
    const { name, args } = applet(u);
    if (name === 'tee') {
      const file = parseOptions(args).operands.find((w) => !/^\/dev\//.test(w.value));
      if (file) return { file: file.value, kind: 'file' };
      continue;
    }
    if (extracts(name, args)) return { file: null, kind: 'stream', tool: name };
    if (!FILTERS.test(name)) return null;
    const out = stdoutFile(next);
    if (out) return /^\/dev\//.test(out.value) ? null : { file: out.value, kind: 'file' };
  }
  return null;
}

/** Where a command stands in its pipeline (indexed once per pipeline: a pipeline can be thousands long). */
function positionIn(pipe: ShellCommand[], cmd: ShellCommand): number {
  let index = recall<Map<ShellCommand, number>>(pipe, POSITIONS);
  if (!index) remember(pipe, POSITIONS, (index = new Map(pipe.map((c, k) => [c, k]))));
  return index.get(cmd) ?? -1;
}

const POSITIONS = Symbol('positions');

/** An archive tool reading an archive to unpack (`tar -xz`, `tar xzf -`, `bsdtar -x`, `cpio -i`). */
function extracts(name: string, args: Word[]): boolean {
  if (name === 'tar' || name === 'gtar' || name === 'bsdtar') {
    return args.some(
      (a, k) =>
        a.value === '--extract' ||
        a.value === '--get' ||
        /^-[A-Za-wyz]*x[A-Za-z]*$/.test(a.value) ||
        (k === 0 && /^[A-Za-wyz]*x[A-Za-z]*$/.test(a.value)),
    );
  }
  if (name === 'cpio') return args.some((a) => a.value === '--extract' || /^-[A-Za-hj-z]*i[A-Za-z]*$/.test(a.value));
  return false;
}

/** The file curl/wget writes: `-o`/`--output`, `-O` (the URL's name), wget's default and `-P`. */
export function outputFile(d: Download, opts: Download['parsed']['options'] = d.parsed.options): string | null {
  const urlName = basename(urlPath(d.urls[0].value)) || null;
  if (d.tool === 'curl') {
    const o = opts.find((x) => (x.name === 'o' || x.name === 'output') && x.value !== null);
    const dir = opts.find((x) => x.name === 'output-dir')?.value;
    const file = o?.value ?? urlName;
    return file && dir && !file.startsWith('/') ? `${dir.replace(/\/$/, '')}/${file}` : file;
  }
  const o = opts.find((x) => (x.name === 'O' || x.name === 'output-document') && x.value !== null);
  if (o) return o.value;
  const dir = opts.find((x) => x.name === 'P' || x.name === 'directory-prefix')?.value;
  return urlName && dir ? `${dir.replace(/\/$/, '')}/${urlName}` : urlName;
}

/** A URL without scheme, host, query and fragment (`https://x/a/b.tgz?x=1` → `/a/b.tgz`). */
export function urlPath(url: string): string {
  return stripFrom(url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ''), '?#');
}

/** A URL on a git host that names a full commit: its content is fixed. */
export function isCommitUrl(url: string): boolean {
  return COMMIT_URL.test(url);
}

/** A signature, checksum list or key, or a file in a keyring directory. */
export function isVerificationMaterial(file: string): boolean {
  return VERIFICATION_FILE.test(file) || KEY_DIRS.test(file);
}

/** A command that imports a signing key (`gpg --import`, `gpg --dearmor`, `apt-key add`, `rpm --import`). */
function isKeyImport(c: { name: string; args: Word[]; nameWord: Word }): boolean {
  const { name: tool, args } = applet(c);
  const values = args.map((a) => a.value);
  return (
    (/^gpg2?$/.test(tool) &&
      values.some((v) => v === '--import' || v === '--dearmor' || v === '--dearmour' || v === '--enarmor')) ||
    (tool === 'apt-key' && values.includes('add')) ||
    ((tool === 'rpm' || tool === 'rpmkeys') && values.includes('--import'))
  );
}

/** The file is imported as a signing key by one of the RUN's key imports. */
function importedAsKey(keyImports: ExecCommand[], file: string): boolean {
  const name = basename(file);
  return keyImports.some((c) => {
    const { args } = applet(c);
    const mentions = (w: Word) => w.value === file || basename(w.value) === name;
    const redirectedIn = c.cmd.redirects.some((r) => r.op === '<' && r.target && mentions(r.target));
    return args.some(mentions) || redirectedIn || pipedFrom(c, mentions);
  });
}

/** `cat f | gpg --dearmor`: an earlier command of the pipeline names the file. */
function pipedFrom(c: ExecCommand, mentions: (w: Word) => boolean): boolean {
  const pipe = pipelineOf(c.script, c.cmd);
  return pipe.slice(0, pipe.indexOf(c.cmd)).some((p: ShellCommand) => p.words.some(mentions));
}

/**
 * A later RUN of the same stage (or of a stage built on it) runs a verifier that names the file
 * (`RUN echo "$SHA  app.tgz" | sha256sum -c -` after `RUN curl -o app.tgz …`).
 */
function verifiedLater(v: Verification, inst: DockerInstruction, file: string): boolean {
  const stage = inst.stage;
  const name = basename(file);
  if (!stage || !name) return false;
  const inChain = (s: Stage | null): boolean => {
    for (let x = s; x; x = x.parent) if (x === stage) return true;
    return false;
  };
  // each verifier's pipeline words, joined once per model (asked for every download of the file)
  const mentions = (v.mentions ??= v.verifiers.map((c) =>
    pipelineOf(c.script, c.cmd)
      .flatMap((p) => [...p.words, ...p.redirects.map((r) => r.target).filter((w): w is Word => !!w)])
      .map((w) => w.value)
      .join('\n'),
  ));
  return v.verifiers.some((c, k) => c.inst.index > inst.index && inChain(c.inst.stage) && mentions[k].includes(name));
}
