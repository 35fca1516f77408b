import type { Range } from 'vscode-languageserver-types';
import type { Word } from '../model/shell';
import type { RunCommand } from './commands';
import { urlUserinfo } from '../../data/secretPatterns';
import { lastLineBreak } from '../../text/scan';

/**
 * Credentials a shell command receives on its command line (`docker login -p`, `curl -u user:pass`, `--password`,
 * URLs with a password, npm auth entries, chpasswd input): credentials-in-run's reading, shared with the dev container
 * lifecycle commands. The messages are the Dockerfile's (image history, build secrets); other kinds write their own.
 */
/** A credential a command receives: the word that carries it, its value, and the advice for that command. */
export interface Credential {
  word: Word;
  value: string;
  message: string;
}

/**
 * Where a credential is written, for Report.secret: its value's place in the text from `start` to `end` (a word such
 * as `-pS3cret` or `--password=S3cret`, a token in a URL), the whole span when the value is not found there as it is
 * read (quoted, escaped): masking more than the value is safe, less is not.
 */
export function credentialPlace(
  model: { text: string; range(start: number, end: number): Range },
  start: number,
  end: number,
  value: string,
): Range {
  const at = value ? model.text.slice(start, end).lastIndexOf(value) : -1;
  return at < 0 ? model.range(start, end) : model.range(start + at, start + at + value.length);
}

const LOGIN_TOOLS = new Set(['docker', 'podman', 'buildah', 'skopeo', 'nerdctl', 'helm', 'oras', 'crane']);
const MYSQL_CLIENTS = new Set([
  'mysql',
  'mysqladmin',
  'mysqldump',
  'mysqlimport',
  'mariadb',
  'mariadb-admin',
  'mariadb-dump',
]);
const PRINTERS = new Set(['echo', 'printf', 'cat']);
/** Long options that take a credential (`--password`, `--db-password`, `--access-token`, `--api-key` ...). */
const CREDENTIAL_FLAG =
  // linear: anchored; each `[a-z0-9]+` word ends at its `-`/`_`, so the words split one way
  /^--(?:[a-z0-9]+[-_])*(password|passwd|token|api[-_]?key|secret[-_]key|secret[-_]access[-_]key|client[-_]secret)$/i;
/** Words in front that make the option a switch about the credential (`--disabled-password`, `--no-token`). */
const SWITCH_WORDS =
  // linear: anchored: `.*` backs off once over the text, trying a literal word at each `-`/`_`
  /^--(.*[-_])?(disabled?|no|skip|without|empty|allow|ask|prompt|require|reset|change|expire|force|random|generate|show|print|ignore|keep|use|enable|with|from|read)[-_]/i;
// linear: literal alternatives; each run (`\s+`, `[a-z]*`) follows its literal and ends at a character it cannot read
/** A value generated at build time that nobody knows (`--password "$(head -c32 /dev/urandom | base64)"`). */
export const RANDOM_VALUE = /\/dev\/u?random|openssl\s+rand|pwgen|uuidgen|\$RANDOM|mkpasswd\s+-[a-z]*R/;
/** Template markers that stand for a value to fill in, not a credential. */
export const TEMPLATE = /^<[^>]*>$|^\{\{.*\}\}$|^x{3,}$|^\*{3,}$|^\.\.\.$/i;
// linear: a literal key, then `.*` to the end: nothing after it can fail
/** npm auth entries (`//registry/:_authToken=…`): searched on the last line only, see npmAuthEntry. */
const NPM_AUTH = /(?:^|[/:])(_authToken|_auth|_password)=(.*)/;
const AUTH_HEADER =
  // linear: anchored; a name alternative is followed by `\s*:` at one place only, so the value is read once
  /^\s*(authorization|proxy-authorization|private-token|job-token|x-api-key|x-auth-token|[a-z-]*-token|[a-z-]*-api-key)\s*:\s*(\S.*)$/i;
const LOCKED_PASSWORD = /^(\*|!+|x|)$/;

const MOUNT_HINT = 'RUN --mount=type=secret,id=…,env=… (docker build --secret …)';

/** What credentials() reads of a command: its script, the command, and its name and arguments after unwrapping. */
export type CommandView = Pick<RunCommand, 'script' | 'cmd' | 'name' | 'args' | 'nameWord'>;

/** The value of `--flag=value` or `--flag value`. */
function optionValue(args: Word[], i: number): { word: Word; value: string } | null {
  const a = args[i];
  const eq = a.value.indexOf('=');
  if (a.value.startsWith('--') && eq > 0) return { word: a, value: a.value.slice(eq + 1) };
  const next = args[i + 1];
  if (!next || next.value.startsWith('-')) return null;
  return { word: next, value: next.value };
}

/**
 * The npm auth entry whose value runs to the end of the text: what `NPM_AUTH` with a final `$` finds. Only the last
 * line can hold it, and searching there alone is linear (from the line break on, so `^` cannot match after it).
 */
function npmAuthEntry(value: string): RegExpExecArray | null {
  return NPM_AUTH.exec(value.slice(Math.max(0, lastLineBreak(value))));
}

export function credentials(c: CommandView): Credential[] {
  const out: Credential[] = [];
  const { name, args } = c;
  const printer = PRINTERS.has(name);
  // URLs with a password and npm auth entries, in any command (echo > .npmrc included)
  for (let k = -1; k < args.length; k++) {
    const w = k < 0 ? c.nameWord : args[k];
    // (a URL with userinfo has `://` and `@`; npm auth entries name _auth or _password: skip the expressions otherwise)
    const url = w.value.includes('://') ? urlUserinfo(w.value) : null;
    if (url?.user && url.password && !TEMPLATE.test(url.password)) {
      out.push({
        word: w,
        value: url.password,
        message: `A password in this URL is passed on the command line; it stays in the image history and build log${name === 'git' ? " and in the clone's .git/config" : ''}. Read it from a build secret instead (${MOUNT_HINT}), e.g. through a git credential helper or netrc mounted as a secret.`,
      });
    }
    const npm = w.value.includes('_auth') || w.value.includes('_password') ? npmAuthEntry(w.value) : null;
    // `'…:_authToken=${NPM_TOKEN}'` written literally is npm's own placeholder: npm reads the variable at run time
    if (npm && !(!w.dynamic && /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(npm[2]))) {
      out.push({ word: w, value: npm[2], message: npmMessage(npm[1]) });
    }
  }
  if (name === 'npm' || name === 'yarn' || name === 'pnpm') {
    const set = args.findIndex((a) => a.value === 'set');
    const key = args[set + 1];
    if (set >= 0 && key && /(_authToken|_auth|_password|npmAuthToken)$/.test(key.value) && args[set + 2]) {
      out.push({
        word: args[set + 2],
        value: args[set + 2].value,
        message: npmMessage(key.value.replace(/^.*[/:]/, '')),
      });
    }
  }
  // `docker login`, `helm registry login`: name the command as written up to `login`
  // (only a login tool's `login` counts: other commands' arguments are not scanned for it)
  const loginTool = LOGIN_TOOLS.has(name) || name === 'az';
  const login = loginTool ? args.findIndex((a) => a.value === 'login') : -1;
  const loginCommand =
    loginTool && login >= 0 ? [name, ...args.slice(0, login + 1).map((a) => a.value)].join(' ') : null;
  if (!printer) {
    args.forEach((a, i) => {
      if (!a.value.startsWith('--')) return; // CREDENTIAL_FLAG needs `--`
      const eq = a.value.indexOf('=');
      const flag = eq < 0 ? a.value : a.value.slice(0, eq);
      if (!CREDENTIAL_FLAG.test(flag) || SWITCH_WORDS.test(flag) || flag === '--secret') return;
      const v = optionValue(args, i);
      if (v) out.push({ ...v, message: flagMessage(name, flag, loginCommand) });
    });
  }
  if (loginCommand) {
    const p = args.findIndex((a, i) => i > login && a.value === '-p');
    if (p >= 0 && args[p + 1])
      out.push({ word: args[p + 1], value: args[p + 1].value, message: flagMessage(name, '-p', loginCommand) });
  }
  if (name === 'doctl' && args[0]?.value === 'auth') {
    const t = args.findIndex((a) => a.value === '-t');
    if (t >= 0 && args[t + 1])
      out.push({ word: args[t + 1], value: args[t + 1].value, message: flagMessage(name, '-t', null) });
  }
  if (MYSQL_CLIENTS.has(name)) {
    // `-psecret` (attached; a bare -p prompts)
    for (const a of args)
      if (/^-p.+/.test(a.value)) out.push({ word: a, value: a.value.slice(2), message: flagMessage(name, '-p', null) });
  }
  if (name === 'aws' && args[0]?.value === 'configure' && args[1]?.value === 'set') {
    const key = args[2];
    if (key && /(^|\.)aws_(secret_access_key|access_key_id|session_token)$/.test(key.value) && args[3]) {
      out.push({
        word: args[3],
        value: args[3].value,
        message: `aws configure set ${key.value.replace(/^.*\./, '')} writes the key into ~/.aws/credentials in an image layer and the command into the history. Mount the credentials for the step instead: RUN --mount=type=secret,id=aws,target=/root/.aws/credentials.`,
      });
    }
  }
  if (name === 'gcloud' && args[0]?.value === 'auth' && args[1]?.value === 'activate-service-account') {
    out.push({
      word: args[1],
      value:
        args
          .slice(2)
          .map((a) => a.value)
          .join(' ') || 'activate-service-account',
      message:
        'gcloud auth activate-service-account stores the service-account key under ~/.config/gcloud in an image layer. Mount the key for the step instead (RUN --mount=type=secret,id=gcp_key,target=/run/secrets/gcp_key) and do not keep the gcloud config in the image.',
    });
  }
  if (name === 'curl') out.push(...curlCredentials(args));
  if (name === 'wget') {
    for (const a of args) {
      const header = /^--header=(.*)$/.exec(a.value);
      const h = header && AUTH_HEADER.exec(header[1]);
      if (h) out.push({ word: a, value: h[2], message: headerMessage(h[1]) });
    }
  }
  if (name === 'useradd' || name === 'usermod') {
    const p = args.findIndex((a) => a.value === '-p');
    if (p >= 0 && args[p + 1] && !LOCKED_PASSWORD.test(args[p + 1].value)) {
      out.push({ word: args[p + 1], value: args[p + 1].value, message: passwordMessage(name) });
    }
  }
  if (name === 'chpasswd' || name === 'passwd') out.push(...passwordInput(c));
  return out;
}

function curlCredentials(args: Word[]): Credential[] {
  const out: Credential[] = [];
  args.forEach((a, i) => {
    let user: { word: Word; value: string } | null = null;
    if (a.value === '--user' || a.value.startsWith('--user=') || /^-[A-Za-z]*u$/.test(a.value))
      user = optionValue(args, i);
    else if (/^-u.+/.test(a.value)) user = { word: a, value: a.value.slice(2) };
    if (user) {
      const colon = user.value.indexOf(':');
      if (colon >= 0 && colon < user.value.length - 1) {
        out.push({
          word: user.word,
          value: user.value.slice(colon + 1),
          message:
            'curl -u user:password passes the password on the command line, where the image history and build log keep it. Mount a netrc as a build secret and use `curl --netrc-file /run/secrets/netrc` instead.',
        });
      }
    }
    if (a.value === '-H' || a.value === '--header' || a.value.startsWith('--header=')) {
      const v = optionValue(args, i);
      const h = v && AUTH_HEADER.exec(v.value);
      if (v && h) out.push({ word: v.word, value: h[2], message: headerMessage(h[1]) });
    }
  });
  return out;
}

/** `echo 'root:secret' | chpasswd`, `chpasswd <<< "u:p"`, `echo -e "p\np" | passwd user`. */
function passwordInput(c: CommandView): Credential[] {
  const cmds = c.script.commands;
  const at = cmds.indexOf(c.cmd);
  const feeder = c.cmd.before === '|' && at > 0 ? cmds[at - 1] : null;
  const words: Word[] = [];
  const hereString = c.cmd.redirects.find((r) => r.op === '<<<')?.target;
  if (hereString) words.push(hereString);
  if (feeder && PRINTERS.has(feeder.words[0]?.value ?? ''))
    words.push(...feeder.words.slice(1).filter((w) => !/^-[neE]+$/.test(w.value)));
  return words
    .filter((w) => w.value.trim() !== '' && (c.name === 'passwd' || /^[^:\s]+:.+/.test(w.value)))
    .map((w) => ({ word: w, value: w.value, message: passwordMessage(c.name) }));
}

function flagMessage(command: string, flag: string, loginCommand: string | null): string {
  return loginCommand && LOGIN_TOOLS.has(command) && (flag === '-p' || /password/.test(flag))
    ? `${loginCommand} ${flag} puts the password on the command line, where the image history and build log keep it. Pipe it from a build secret: RUN --mount=type=secret,id=registry_password ${loginCommand} -u … --password-stdin < /run/secrets/registry_password.`
    : `${command} ${flag} passes a credential on the command line, where the image history, build log and process list keep it. Read it from a build secret instead: ${MOUNT_HINT}.`;
}

function headerMessage(header: string): string {
  return `The ${header} header passes a credential on the command line, where the image history and build log keep it. Read it from a build secret instead: ${MOUNT_HINT}, and reference the variable.`;
}

function npmMessage(key: string): string {
  return `Writing ${key} into an npm config stores the registry credential in an image layer. Mount the .npmrc as a build secret instead: RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci (or write \`\${NPM_TOKEN}\` literally and let npm read the variable).`;
}

function passwordMessage(command: string): string {
  return `${command} sets a password that is written in the Dockerfile, so everyone with the repository or the image history knows it. Do not bake passwords into images; if one is needed, read it from a build secret (${MOUNT_HINT}).`;
}
