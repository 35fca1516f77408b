import type { DockerfileModel, DockerInstruction } from '../model/model';
import type { Word } from '../model/shell';
import { ExecCommand, applet, executedCommands } from './executed';
import { Download, downloadOf, hostOf, isLoopbackHost } from './downloads';
import { internalHostMatcher } from './internalHosts';
import { GIT_CLONE_OPTIONS, GIT_FETCH_OPTIONS, gitInvocation } from './git';
import { parseOptions } from './options';
import { addSources, gitSource, knownText, startsUnknown } from './sources';
import { downloadVerified, fetchesContent, isTrustAnchor, isTrustAnchorName, urlPath } from './unverifiedDownloads';
import { windowsDownloadVerified, windowsDownloads } from './windowsDownloads';
import { substitute } from '../model/variables';
import { memo } from '../../common/memo';

/**
 * Every URL the build fetches content from, whatever fetches it: a download tool in RUN (curl, wget), git, ADD. Each
 * source below reads one way of fetching and says, in the same terms, which URL the build uses and whether what
 * arrives is checked; a rule about the transport (plain-http-download) reads only this list. A new way of fetching
 * (another download tool, PowerShell's Invoke-WebRequest) is one more source in FETCH_SOURCES.
 */
export interface RemoteFetch {
  inst: DockerInstruction;
  /** What fetches it, as a message names it: `curl`, `wget`, `git clone`, `ADD`. */
  via: string;
  /**
   * The URL the build uses: ARG and ENV values substituted (unknown stretches left out), and the scheme the tool
   * assumes written out (`curl example.com/x` fetches `http://example.com/x`).
   */
  url: string;
  /** The URL as written in the file. */
  written: string;
  /** The URL reads a build variable (`$MIRROR/x`), so `url` is not what is written. */
  variables: boolean;
  /** No scheme is written: the tool chose the one in `url`. */
  impliedScheme: boolean;
  /** Where the URL is written. */
  start: number;
  end: number;
  /**
   * The edit that makes it an `https://` URL with the same meaning (`http` → `https`, `git://` → `https://`, a scheme
   * inserted); absent when the scheme is not written literally in the document (a variable holds it) or when https
   * would change what is fetched.
   */
  toHttps?: { start: number; end: number; newText: string };
  /**
   * How what arrives is checked in the build, as a message says it ("the checksum or signature check",
   * "`--checksum`", "the full commit checked out"); absent when nothing checks it.
   */
  verifiedBy?: string;
  /** The request carries credentials: userinfo in the URL, `curl -u`, `wget --password`, an Authorization header. */
  credentials: boolean;
  /** What a verification trusts rather than checks: a checksum list or a public key. */
  trustAnchor: boolean;
}

/** One way of fetching: its fetches in a file. */
export type FetchSource = (model: DockerfileModel) => RemoteFetch[];

/** The ways of fetching Bulkhead reads, in the order their findings are reported. */
export const FETCH_SOURCES: readonly FetchSource[] = [shellDownloads, windowsFetches, gitFetches, addFetches];

/** Every fetch of the file (computed once per model). */
export function remoteFetches(model: DockerfileModel): RemoteFetch[] {
  return memo(model, FETCHES, () => FETCH_SOURCES.flatMap((source) => source(model)));
}

const FETCHES = Symbol('remoteFetches');

/** Schemes that cross the network unencrypted and unauthenticated. */
export const PLAIN_SCHEME = /^(http|git):\/\//i;

/**
 * The fetches plain-http-download reports: over `http://` or `git://`, not to this machine nor to a host of
 * `internalHosts`. Those of them that nothing verifies are reported there once, with the missing check
 * (download-without-verification and add-remote-without-checksum leave them out: one report per problem).
 */
export function clearTextFetches(model: DockerfileModel, internalHosts: readonly string[]): RemoteFetch[] {
  const internal = internalHostMatcher(internalHosts);
  return remoteFetches(model).filter(
    (f) => PLAIN_SCHEME.test(f.url) && !isLoopbackHost(hostOf(f.url)) && !internal(f.url),
  );
}

/** The document offsets of URLs fetched in the clear that nothing verifies (see clearTextFetches). */
export function unverifiedClearTextStarts(model: DockerfileModel, internalHosts: readonly string[]): Set<number> {
  // asked once per ADD instruction: kept per model and host list
  const byHosts = memo(model, CLEAR_TEXT_STARTS, () => new Map<string, Set<number>>());
  const key = internalHosts.join('\n');
  let starts = byHosts.get(key);
  if (!starts) {
    starts = new Set(
      clearTextFetches(model, internalHosts)
        .filter((f) => !f.verifiedBy)
        .map((f) => f.start),
    );
    byHosts.set(key, starts);
  }
  return starts;
}

const CLEAR_TEXT_STARTS = Symbol('unverifiedClearTextStarts');

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
/** A URL without a scheme that starts with a host name (`example.com/x`, `mirror.corp:8080/x`). */
const HOST_FIRST = /^[\w.-]+\.[a-z]{2,}(:\d+)?(\/|$)/i;

/**
 * A URL word of a RUN as the shell sees it at run time, ARG and ENV substituted; null when the start is not known
 * (`$URL` from a build argument without a default) or it is a template placeholder.
 */
function evaluated(
  model: DockerfileModel,
  inst: DockerInstruction,
  w: Word,
): { url: string; variables: boolean } | null {
  const s = substitute(w.value, model.varsAt(inst), model.escapeChar);
  if (s.value.includes('{{')) return null;
  if (s.unresolved && !SCHEME.test(s.value) && /^\$/.test(w.value)) return null;
  if (!s.value) return null;
  return { url: s.value, variables: s.hadVariables };
}

/** The edit that turns the URL's written scheme (or its start, when none is written) into https. */
function upgradeEdit(model: DockerfileModel, w: Word, from: string): RemoteFetch['toHttps'] {
  const o = w.offsets;
  if (!o || o.length !== w.value.length) return undefined;
  if (from === '') return { start: o[0], end: o[0], newText: 'https://' };
  if (w.value.slice(0, from.length + 3).toLowerCase() !== `${from}://`) return undefined;
  // the scheme written in one piece, as the word reads it
  for (let i = 1; i < from.length; i++) if (o[i] !== o[0] + i) return undefined;
  const end = o[0] + from.length;
  if (model.text.slice(o[0], end).toLowerCase() !== from) return undefined;
  return { start: o[0], end, newText: 'https' };
}

/** Userinfo in a URL (`https://user:token@host/`). */
// linear: anchored; the userinfo run stops at the first `/`, `@` or blank
const USERINFO = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]+@/i;
/** Request headers that carry credentials. */
const AUTH_HEADER = /^\s*(authorization|proxy-authorization|private-token|job-token|x-api-key|x-[\w-]*token)\s*:/i;

/** The download sends credentials: `curl -u`/`--oauth2-bearer`, `wget --user/--password`, an Authorization header. */
function sendsCredentials(d: Download): boolean {
  return d.parsed.options.some(
    (o) =>
      CREDENTIAL_OPTIONS.has(o.name) || ((o.name === 'H' || o.name === 'header') && AUTH_HEADER.test(o.value ?? '')),
  );
}

const CREDENTIAL_OPTIONS: ReadonlySet<string> = new Set([
  'u',
  'user',
  'oauth2-bearer',
  'password',
  'http-user',
  'http-password',
]);

/**
 * curl's guess for a URL without a scheme, by the host's first label (lib/urlapi.c parseurl, the CURLU_GUESS_SCHEME
 * branch: `ftp.`, `dict.`, `ldap.`, `imap.`, `smtp.`, `pop3.`, otherwise http); `--proto-default` is put in front
 * first (lib/url.c, STRING_DEFAULT_PROTOCOL). wget writes `http://` before any URL without one (src/main.c hands each
 * URL to src/url.c rewrite_shorthand_url).
 */
function curlGuess(url: string): string {
  const m = /^(ftp|dict|ldap|imap|smtp|pop3)\./i.exec(url);
  return m ? m[1].toLowerCase() : 'http';
}

/** curl's `--proto` allows the protocol (`=https`, `-all,https`, `+https,-http`: read left to right); true without one. */
function curlAllows(d: Download, scheme: string): boolean {
  let allowed = true;
  for (const o of d.parsed.options) {
    if (o.name !== 'proto' || o.value === null) continue;
    for (const raw of o.value.split(',')) {
      const item = raw.trim().toLowerCase();
      const op = /^[=+-]/.test(item) ? item[0] : '+';
      const name = op === item[0] ? item.slice(1) : item;
      if (op === '=') allowed = name === 'all' || name === scheme;
      else if (name === 'all' || name === scheme) allowed = op === '+';
    }
  }
  return allowed;
}

/** curl, wget (also `busybox wget`, wget2) in RUN: each URL operand of a command that fetches content. */
function shellDownloads(model: DockerfileModel): RemoteFetch[] {
  const out: RemoteFetch[] = [];
  for (const c of executedCommands(model)) {
    if (!c.inst.stage) continue; // a RUN before any FROM is no build step (template fragments)
    const d = downloadOf(c.cmd);
    if (!d || !fetchesContent(d)) continue;
    const verified = downloadVerified(model, c, d);
    const anchor = isTrustAnchor(model, c, d);
    const sends = sendsCredentials(d);
    for (const w of d.urls) {
      const e = evaluated(model, c.inst, w);
      if (!e) continue;
      const scheme = SCHEME.exec(e.url)?.[1].toLowerCase();
      let url = e.url;
      if (!scheme) {
        // a path or a word that is no host name is not fetched over the network
        if (!HOST_FIRST.test(url)) continue;
        const given = d.tool === 'curl' ? d.parsed.options.find((o) => o.name === 'proto-default')?.value : null;
        const chosen = given?.toLowerCase() ?? (d.tool === 'curl' ? curlGuess(url) : 'http');
        // `--proto =https` makes curl pick https for a URL without a scheme
        url = `${d.tool === 'curl' && !curlAllows(d, chosen) && curlAllows(d, 'https') ? 'https' : chosen}://${url}`;
      } else if (d.tool === 'curl' && !curlAllows(d, scheme)) continue; // curl refuses it: nothing is fetched
      out.push({
        inst: c.inst,
        via: d.tool,
        url,
        written: w.value,
        variables: e.variables,
        impliedScheme: !scheme,
        start: w.start,
        end: w.end,
        // a scheme written before a variable is still the scheme (`http://host/$VERSION/x`); one is only inserted
        // before a URL written out in full
        toHttps: scheme || !e.variables ? upgradeEdit(model, w, scheme ?? '') : undefined,
        ...(verified ? { verifiedBy: 'the checksum or signature check' } : {}),
        credentials: sends || USERINFO.test(url),
        trustAnchor: anchor,
      });
    }
  }
  return out;
}

/**
 * Invoke-WebRequest, Invoke-RestMethod, Start-BitsTransfer, WebClient, curl.exe and wget in PowerShell and cmd code
 * (windowsDownloads.ts: `$env:X`, `%X%` and the script's own string variables are filled in). Only a URL whose scheme
 * is known counts: Windows' tools are not taken to guess one.
 */
function windowsFetches(model: DockerfileModel): RemoteFetch[] {
  const out: RemoteFetch[] = [];
  for (const d of windowsDownloads(model)) {
    if (!d.fetches || !d.inst.stage) continue;
    const url = d.url.value;
    const scheme = SCHEME.exec(url)?.[1].toLowerCase();
    if (!scheme || url.includes('{{')) continue;
    // the scheme as written in the document, when the URL is written out (not read from a variable)
    const at = model.text.slice(d.url.start, d.url.end).toLowerCase().indexOf(`${scheme}://`);
    const literal = d.url.text.toLowerCase().startsWith(`${scheme}://`) && at >= 0;
    const file = d.file?.value.replace(/\\/g, '/') ?? '';
    out.push({
      inst: d.inst,
      via: d.written,
      url,
      written: d.url.text,
      variables: url !== d.url.text,
      impliedScheme: false,
      start: d.url.start,
      end: d.url.end,
      ...(literal
        ? { toHttps: { start: d.url.start + at, end: d.url.start + at + scheme.length, newText: 'https' } }
        : {}),
      ...(windowsDownloadVerified(model, d) ? { verifiedBy: 'the hash or signature check' } : {}),
      credentials: USERINFO.test(url),
      trustAnchor: isTrustAnchorName(file || urlPath(url)),
    });
  }
  return out;
}

/** A full commit hash: content fixed by the commit (SHA-1 or SHA-256 repositories). */
const COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})$/i;

/**
 * `git clone <url>`, `git fetch <url>`, `git pull <url>` in RUN. What arrives is checked when the RUN checks out a full
 * commit (`git checkout <sha>`, `git reset --hard <sha>`, `git fetch <url> <sha>`) or verifies a signed commit or tag.
 */
function gitFetches(model: DockerfileModel): RemoteFetch[] {
  const out: RemoteFetch[] = [];
  const pinned = new Set<DockerInstruction>();
  const found: { c: ExecCommand; via: string; url: Word }[] = [];
  for (const c of executedCommands(model)) {
    const run = applet(c);
    if (run.name !== 'git' || !c.inst.stage) continue;
    const { sub, rest } = gitInvocation(run.args);
    const name = sub?.value ?? '';
    if (name === 'verify-commit' || name === 'verify-tag') pinned.add(c.inst);
    const spec = name === 'clone' ? GIT_CLONE_OPTIONS : GIT_FETCH_OPTIONS;
    if (!/^(clone|fetch|pull|checkout|reset|switch)$/.test(name)) continue;
    const operands = parseOptions(rest, /^(clone|fetch|pull)$/.test(name) ? spec : {}).operands;
    const vars = model.varsAt(c.inst);
    if (operands.some((w) => COMMIT.test(substitute(w.value, vars, model.escapeChar).value))) pinned.add(c.inst);
    if ((name === 'clone' || name === 'fetch' || name === 'pull') && operands[0])
      found.push({ c, via: `git ${name}`, url: operands[0] });
  }
  for (const { c, via, url: w } of found) {
    const e = evaluated(model, c.inst, w);
    const scheme = e && SCHEME.exec(e.url)?.[1].toLowerCase();
    if (!e || !scheme) continue; // a remote's name, a path, or `host:path` (ssh)
    out.push({
      inst: c.inst,
      via,
      url: e.url,
      written: w.value,
      variables: e.variables,
      impliedScheme: false,
      start: w.start,
      end: w.end,
      toHttps: upgradeEdit(model, w, scheme),
      ...(pinned.has(c.inst) ? { verifiedBy: 'the full commit this RUN checks out' } : {}),
      credentials: USERINFO.test(e.url),
      trustAnchor: false,
    });
  }
  return out;
}

/**
 * `ADD <url>` (also `ONBUILD ADD`, and Windows stages: BuildKit fetches it either way): an http(s) file or a git
 * repository. `--checksum` verifies either (a sha256 digest, or the commit); so does a git ref that is a full commit.
 */
function addFetches(model: DockerfileModel): RemoteFetch[] {
  const out: RemoteFetch[] = [];
  for (const inst of model.instructions) {
    if (inst.effectiveKeyword !== 'ADD' || !inst.stage) continue;
    const checksum = !!model.flag(inst, 'checksum')?.value?.trim();
    for (const src of addSources(model, inst)) {
      if (!src.remote || startsUnknown(src)) continue;
      const url = knownText(src);
      const scheme = SCHEME.exec(url)?.[1].toLowerCase();
      if (!scheme) continue; // `git@host:repo` is ssh
      const git = gitSource(url);
      // BuildKit takes `https://host/repo` (no `.git`, not a known host) for a file, not a repository
      const sameKind = !git || gitSource(`https://${url.slice(scheme.length + 3)}`) !== null;
      const written = src.written.toLowerCase().startsWith(`${scheme}://`);
      out.push({
        inst,
        via: 'ADD',
        url,
        written: src.written,
        variables: src.variables,
        impliedScheme: false,
        start: src.start,
        end: src.end,
        toHttps:
          written &&
          sameKind &&
          model.text.slice(src.start, src.start + scheme.length + 3).toLowerCase() === `${scheme}://`
            ? { start: src.start, end: src.start + scheme.length, newText: 'https' }
            : undefined,
        ...(checksum
          ? { verifiedBy: '`--checksum`' }
          : git && (git.checksum || COMMIT.test(git.ref ?? ''))
            ? { verifiedBy: 'the full commit it names' }
            : {}),
        credentials: USERINFO.test(url),
        trustAnchor: false,
      });
    }
  }
  return out;
}
