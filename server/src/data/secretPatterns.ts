import type { Sourced } from './types';
import { lazy } from '../common/memo';

/**
 * Secrets: the formats of high-confidence credentials (for `secret-value`), and the words that make an ARG/ENV or
 * shell variable name look like it holds one (for `secret-in-arg-env` and `credentials-in-run`).
 */

export interface SecretPattern extends Sourced {
  id: string;
  /** What the credential is, for messages ("an AWS access key id"). */
  description: string;
  /** Global regex; capture group 1, when present, is the secret itself, otherwise the whole match. */
  regex: RegExp;
  /** Characters of the random part that must differ before a match counts (placeholders repeat one character). */
  minDistinct?: number;
  /**
   * Literal text every match holds one of: a text without any is not searched (issue 21: the engine searched every
   * message and every file for every format, the Mailchimp key's leading hex run alone 70 ms over the corpus).
   */
  markers: readonly string[];
}

const CHECKED = '2026-11-28';
/** The vendor formats and common passwords added in December. */
const RECHECKED = '2026-12-06';

/** Ordered: the specific token formats first, the generic URL-with-password last (it yields to overlapping tokens). */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    id: 'aws-access-key-id',
    markers: ['AKIA', 'ASIA'],
    description: 'an AWS access key id',
    regex: /(?<![A-Za-z0-9])((?:AKIA|ASIA)[0-9A-Z]{16})(?![A-Za-z0-9])/g,
    minDistinct: 6,
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids',
    checked: CHECKED,
  },
  {
    id: 'github-token',
    markers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    description: 'a GitHub token',
    // linear: fixed-length token bodies between one-character lookarounds: bounded work at each position
    regex: /(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])/g,
    minDistinct: 8,
    source: 'https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/',
    checked: CHECKED,
  },
  {
    id: 'gitlab-token',
    markers: ['glpat-'],
    description: 'a GitLab personal access token',
    // linear: a literal, then one run; the lookbehind starts it only at the beginning of a run, never inside one
    regex: /(?<![A-Za-z0-9_-])(glpat-[A-Za-z0-9_-]{20,})/g,
    minDistinct: 8,
    source: 'https://docs.gitlab.com/ee/security/tokens/#token-prefixes',
    checked: CHECKED,
  },
  {
    id: 'slack-token',
    markers: ['xox'],
    description: 'a Slack token',
    // linear: a literal, at most three digit groups each ended by `-`, then one run; starts only at a run start
    regex: /(?<![A-Za-z0-9])(xox[abprs]-(?:[0-9]+-){1,3}[0-9A-Za-z]{10,})/g,
    minDistinct: 8,
    source: 'https://api.slack.com/authentication/token-types',
    checked: CHECKED,
  },
  {
    id: 'stripe-live-key',
    markers: ['_live_'],
    description: 'a Stripe live secret key',
    // linear: a literal, then one run of a class without `_`, so no other start lies inside it
    regex: /(?<![A-Za-z0-9_])((?:sk|rk)_live_[0-9A-Za-z]{24,})/g,
    minDistinct: 8,
    source: 'https://docs.stripe.com/keys#obtain-api-keys',
    checked: CHECKED,
  },
  {
    id: 'google-api-key',
    markers: ['AIza'],
    description: 'a Google API key',
    regex: /(?<![A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/g,
    minDistinct: 8,
    source: 'https://cloud.google.com/docs/authentication/api-keys',
    checked: CHECKED,
  },
  {
    id: 'npm-token',
    markers: ['npm_'],
    description: 'an npm access token',
    regex: /(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/g,
    minDistinct: 8,
    source: 'https://github.blog/changelog/2021-09-23-npm-has-a-new-access-token-format/',
    checked: CHECKED,
  },
  {
    id: 'mailchimp-api-key',
    markers: ['-us'],
    description: 'a Mailchimp API key',
    // linear: fixed-length hex, a literal and one or two digits between one-character lookarounds: bounded work at
    // each position
    regex: /(?<![A-Za-z0-9])([0-9a-f]{32}-us[0-9]{1,2})(?![A-Za-z0-9])/g,
    minDistinct: 8,
    source:
      'trufflesecurity/trufflehog pkg/detectors/mailchimp/mailchimp.go (`[0-9a-f]{32}-us[0-9]{1,2}`); gitleaks/gitleaks config/gitleaks.toml mailchimp-api-key (`[a-f0-9]{32}-us\\d\\d`, after the word mailchimp)',
    checked: RECHECKED,
  },
  {
    id: 'sendgrid-api-key',
    markers: ['SG.'],
    description: 'a SendGrid API key',
    // linear: a literal, then two fixed-length parts between one-character lookarounds: bounded work at each position
    regex: /(?<![A-Za-z0-9_.-])(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g,
    minDistinct: 8,
    source:
      'gitleaks/gitleaks config/gitleaks.toml sendgrid-api-token (`SG\\.` and 66 characters: 22, a dot, 43); trufflesecurity/trufflehog pkg/detectors/sendgrid/sendgrid.go (`\\bSG\\.[\\w\\-]{20,24}\\.[\\w\\-]{39,50}\\b`)',
    checked: RECHECKED,
  },
  {
    id: 'amazon-mws-token',
    markers: ['amzn.mws.'],
    description: 'an Amazon MWS auth token',
    // linear: a literal, then a fixed-length UUID between one-character lookarounds: bounded work at each position
    regex:
      /(?<![A-Za-z0-9_.])(amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![A-Za-z0-9_-])/g,
    minDistinct: 8,
    source:
      'gitleaks/gitleaks testdata/config/simple.toml aws-mws-key (`amzn\\.mws\\.` and a UUID), the rule of its default config/gitleaks.toml before v8.0.0 (commit 93f292c3)',
    checked: RECHECKED,
  },
  {
    // The BEGIN line followed by key material (a bare marker in a `grep` is not a key), maybe after header lines
    // (`Proc-Type: 4,ENCRYPTED`), on real lines or `\n`-escaped in one.
    id: 'pem-private-key',
    markers: ['-----BEGIN '],
    description: 'a PEM private key block',
    regex:
      // linear: every character has one reading (a backslash before n or r is the escape; a header value ends at the
      // first line end and holds no `-----`, so it never reaches the next BEGIN line): each BEGIN scans only its own block
      /(-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)(?:\\[nr]|\\(?![nr])|[\s"'])*(?:[A-Za-z-]+: (?:[^\n\\-]|\\(?!n)|-(?!----))*(?:\\n|\n)(?:\\[nr]|\\(?![nr])|[\s"'])*)*[A-Za-z0-9+/=]{40}/g,
    source: 'https://www.rfc-editor.org/rfc/rfc7468#section-10 (PKCS #8), OpenSSH PROTOCOL.key',
    checked: CHECKED,
  },
  {
    id: 'url-password',
    markers: ['://'],
    description: 'a password in a URL',
    // linear: only run sticky from schemeStart before each `://` (findSecrets), never searched from every word
    regex: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"`$<>{}]+:([^\s/@'"`<>]+)@[^\s/'"`@]+/gi,
    source: 'https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1 (userinfo is deprecated for passwords)',
    checked: CHECKED,
  },
];

/**
 * URL query parameters whose value is a credential: GitLab's `private_token`, OAuth `access_token`, Azure SAS `sig`,
 * AWS and Google presigned URLs (`X-Amz-Signature`, `X-Amz-Credential`, `X-Amz-Security-Token`, `X-Goog-Signature`,
 * `X-Goog-Credential`), API keys. Matched case-insensitively on the whole name; any other name the variable-name
 * heuristic calls a secret (`client_secret`, `access_key`, `id_token`; see SECRET_NAME_RULES) counts too.
 */
/** Might the text hold a match of the pattern? False when it holds none of the pattern's markers. */
export function holdsMarker(text: string, pattern: { markers: readonly string[] }): boolean {
  return pattern.markers.some((m) => text.includes(m));
}

/**
 * Might the text hold a match of any pattern? One search for every marker at once: a finding's message holds none as
 * a rule (3 to 8 times faster than asking each pattern; 37,750 messages a run over 5,000 files).
 */
export function holdsAnyMarker(text: string): boolean {
  return anyMarker().test(text);
}

const anyMarker = lazy(() => new RegExp(markerTrie([...new Set(SECRET_PATTERNS.flatMap((p) => p.markers))])));

/** Characters with a meaning in a regular expression (escaped with a backslash to stand for themselves). */
const PATTERN_SPECIAL = '.*+?^${}()|[]\\/-';

/**
 * A regular expression source matching any of the literals, as a trie (`A(?:KIA|SIA|Iza)|g(?:h[…]…)|…`): each
 * position of a text tries the few literals that start with its character, not every one (a finding's message is
 * tested for markers whatever it says). Only for a test of whether one is there: a literal that begins with another
 * is left out, since the shorter one matches wherever the longer one does.
 */
export function markerTrie(literals: readonly string[]): string {
  const byFirst = new Map<string, string[]>();
  for (const l of literals) {
    if (!l) continue;
    const rests = byFirst.get(l[0]) ?? [];
    byFirst.set(l[0], rests);
    rests.push(l.slice(1));
  }
  const alternatives = [...byFirst].map(([first, rests]) => {
    // one character: escaped when special in a pattern (no regular expression built per call: issue 21)
    const head = PATTERN_SPECIAL.includes(first) ? `\\${first}` : first;
    if (rests.includes('')) return head;
    return rests.length === 1 ? head + markerTrie(rests) : `${head}(?:${markerTrie(rests)})`;
  });
  return alternatives.join('|');
}

export const SECRET_QUERY_PARAMS: Sourced & { names: readonly string[] } = {
  names: [
    'token',
    'private_token',
    'access_token',
    'auth',
    'sig',
    'signature',
    'x-amz-signature',
    'x-amz-credential',
    'x-amz-security-token',
    'x-goog-signature',
    'x-goog-credential',
    'key',
    'apikey',
    'api_key',
    'password',
    'secret',
  ],
  source:
    'https://docs.gitlab.com/ee/api/rest/authentication.html (private_token); https://learn.microsoft.com/rest/api/storageservices/create-service-sas (sig); https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html; https://cloud.google.com/storage/docs/access-control/signed-urls',
  checked: CHECKED,
};

const QUERY_SECRETS = new Set(SECRET_QUERY_PARAMS.names);

export function isSecretQueryParam(name: string): boolean {
  // query parameters are often camelCase (`clientSecret`, `accessToken`): isSecretName splits those words too
  return QUERY_SECRETS.has(name.toLowerCase()) || isSecretName(name);
}

/**
 * URL user names that are the same for everyone (`ssh://git@github.com/…`, anonymous FTP): not a credential, so a URL
 * that has one alone in its userinfo stays readable. Any other lone user name may be a token (`https://<token>@host`).
 */
export const PUBLIC_URL_USERS: readonly string[] = ['git', 'anonymous', 'ftp'];

/**
 * The first URL userinfo in a text (`scheme://user:password@`, `scheme://token@`): its offsets and parts. What
 * `/\b[a-z][a-z0-9+.-]*:\/\/([^\s/@]*)@/i` finds, read from each `://` once: that pattern scanned the scheme from every
 * word of a long run like `a-a-a-…` (quadratic, 2.35 s for 40 KB).
 */
export function urlUserinfo(
  text: string,
): { start: number; end: number; user: string; password: string | null } | null {
  for (let q = text.indexOf('://'); q >= 0; q = text.indexOf('://', q + 1)) {
    if (schemeStart(text, q) < 0) continue;
    let end = q + 3;
    while (end < text.length && text[end] !== '@' && text[end] !== '/' && !/\s/.test(text[end])) end++;
    if (text[end] !== '@') continue;
    const userinfo = text.slice(q + 3, end);
    const colon = userinfo.indexOf(':');
    return {
      start: q + 3,
      end,
      user: colon < 0 ? userinfo : userinfo.slice(0, colon),
      password: colon < 0 ? null : userinfo.slice(colon + 1),
    };
  }
  return null;
}

/**
 * Where the URL scheme of the `://` at `q` starts: the first letter after a word boundary in the run of scheme
 * characters before it (`\b[a-z][a-z0-9+.-]*` under the `i` flag), not before `from`; -1 when there is none. The run is
 * walked once, where a pattern would try it again from each of its words.
 */
export function schemeStart(text: string, q: number, from = 0): number {
  let s = q;
  while (s > from && isSchemeChar(text.charCodeAt(s - 1))) s--;
  for (; s < q; s++) {
    const c = text.charCodeAt(s);
    if (((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) && (s === 0 || !isWordChar(text.charCodeAt(s - 1)))) return s;
  }
  return -1;
}

/** A character of a URL scheme, either case (`[a-z0-9+.-]` under the `i` flag). */
function isSchemeChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 46 || c === 45;
}

/** What `\b` counts as a word character (`[A-Za-z0-9_]`). */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Masks and template syntax: they mark where a value goes (`****`, `...`, `<password>`, `{{ .Token }}`, `${TOKEN}`). */
const FILL_IN_MARKERS: readonly string[] = ['****', '...', '<', '>', '{{', '${', '$('];

/**
 * Values that only stand in for a secret: template markers, documentation examples, repeated characters.
 * Matched case-insensitively anywhere in the candidate.
 */
export const PLACEHOLDER_MARKERS: readonly string[] = [
  'example',
  'changeme',
  'change_me',
  'change-me',
  'placeholder',
  'your',
  'dummy',
  'sample',
  'redacted',
  'xxxx',
  ...FILL_IN_MARKERS,
];

/** Whole values that are the conventional stand-ins for a password. */
export const PLACEHOLDER_VALUES: readonly string[] = [
  'password',
  'passwd',
  'pass',
  'secret',
  'token',
  'pwd',
  'pw',
  'p',
  'x',
  'foo',
  'bar',
];

export function isPlaceholder(value: string): boolean {
  const lower = value.toLowerCase();
  if (PLACEHOLDER_VALUES.includes(lower)) return true;
  if (PLACEHOLDER_MARKERS.some((m) => lower.includes(m))) return true;
  return isFillInMarker(value) || new Set(lower).size <= 2;
}

/**
 * Values that only mark where a value goes and cannot be used as one as written: no letter or digit (`_`, `-`), the
 * docker-library `**None**`, template syntax (`<password>`, `{{ .Token }}`, `${TOKEN}`, `$(…)`, `%TOKEN%`), a run of
 * `x` or `*`, an ellipsis. Every other placeholder (`changeme`, `password`, `dummy`, `your-token-here`) is a value a
 * program accepts like any other.
 */
export function isFillInMarker(value: string): boolean {
  // `**None**` (the docker-library convention for "set me"), values without a letter or digit (`_`, `-`), `xxx`
  if (!/[A-Za-z0-9]/.test(value) || /^\*\*.*\*\*$/.test(value) || /^x{3,}$/i.test(value)) return true;
  // `$VAR`, `%VAR%`: a reference, not a value
  if (/^\$[A-Za-z_{(]/.test(value) || /^%[A-Za-z_]+%$/.test(value)) return true;
  return FILL_IN_MARKERS.some((m) => value.includes(m));
}

/**
 * Passwords everyone tries first: the credential-like entries of SecLists' shortest common-password lists (the
 * placeholders of PLACEHOLDER_VALUES, `password` and `secret` among them, count too; `secret-in-arg-env` reads numbers
 * of up to five digits as settings, so `1234` and `12345` are left out).
 */
export const WEAK_PASSWORDS: Sourced & { values: readonly string[] } = {
  values: [
    'admin',
    'administrator',
    'root',
    'toor',
    'test',
    'qwerty',
    'letmein',
    'passw@rd',
    'passw0rd',
    'p@ssw0rd',
    'password1',
    'abc123',
    'welcome',
    'master',
    'trustno1',
    '123456',
    '1234567',
    '12345678',
    '123456789',
    '111111',
    '123123',
  ],
  source:
    'danielmiessler/SecLists Passwords/Common-Credentials/top-20-common-SSH-passwords.txt and top-passwords-shortlist.txt',
  checked: RECHECKED,
};

const WEAK = new Set(WEAK_PASSWORDS.values);

/**
 * A value a program would take as a credential that everyone knows or guesses: a placeholder that is not a fill-in
 * marker (`changeme`, `password`, `secret`, `dummy`), or a common password (`admin`, `123456`). As the value of a
 * secret variable in an image, it is a default credential every container starts with.
 */
export function isWeakCredential(value: string): boolean {
  if (isFillInMarker(value)) return false;
  return WEAK.has(value.toLowerCase()) || isPlaceholder(value);
}

/**
 * A URL password that stands in for a real one: a placeholder, or the user name again (`postgres:postgres@`,
 * `guest:guest@`), the development default of database and broker images.
 */
export function isPlaceholderUrlPassword(user: string, password: string): boolean {
  return isPlaceholder(password) || password.toLowerCase() === user.toLowerCase();
}

/** Enough different characters to be random rather than a run like `AAAAAAAA` or `0000`. */
export function distinctChars(value: string): number {
  return new Set(value).size;
}

/**
 * ARG/ENV names. A name looks like a secret when it is a known secret variable, or when one of its `_`-separated
 * words (or a pair of adjacent words) is a secret token and nothing says the variable holds something else: no
 * `public` word, no descriptor after the secret word (`PASSWORD_FILE`, `TOKEN_URL`, `AUTH_MODULE_VERSION`), no
 * switch word in front (`ENABLE_AUTH`).
 */
export const SECRET_NAME_RULES: Sourced & {
  tokens: readonly string[];
  compoundSuffixes: readonly string[];
  passOwners: readonly string[];
  notSecretNames: readonly string[];
  pairs: readonly string[];
  publicWords: readonly string[];
  descriptorWords: readonly string[];
  switchWords: readonly string[];
  publicPrefixes: readonly string[];
  knownNames: readonly string[];
  knownPrefixes: readonly string[];
} = {
  // BuildKit SecretsUsedInArgOrEnv minus `key` (GPG_KEY, KEY_ID, SSH_KEY_PATH and SWIFT_SIGNING_KEY name public
  // keys or fingerprints)
  tokens: [
    'password',
    'passwd',
    'pword',
    'passphrase',
    'secret',
    'secrets',
    'token',
    'apikey',
    'auth',
    'credential',
    'credentials',
    // short forms: DB_PASS, MYSQL_PWD (the mysql client's password variable), Jenkins' FOO_PSW (credentials())
    'pass',
    'pwd',
    'psw',
  ],
  // a word that ends with one of these is a secret word too (DBPASSWORD, APITOKEN, CLIENTSECRET); `pass` only after
  // the owners listed below (DBPASS, ROOTPASS), since bypass, compass and passthrough are not secrets
  compoundSuffixes: ['password', 'passwd', 'pwd', 'psw', 'token', 'secret', 'apikey'],
  passOwners: [
    'db',
    'root',
    'admin',
    'user',
    'smtp',
    'mail',
    'ftp',
    'ldap',
    'redis',
    'mysql',
    'pg',
    'sql',
    'app',
    'api',
  ],
  // whole names that are no secret: the shell's working directories
  notSecretNames: ['PWD', 'OLDPWD'],
  // two adjacent words
  pairs: [
    'api_key',
    'private_key',
    'access_key',
    'client_secret',
    'secret_key',
    'client_key',
    'encryption_key',
    'master_key',
  ],
  // BuildKit's allow list starts with `public`
  publicWords: ['public', 'pub'],
  // BuildKit allows `file` and `version`; the catalogue adds path, url, dir and id; the rest name a setting about
  // the secret rather than the secret itself
  descriptorWords: [
    'through',
    'thru',
    'file',
    'files',
    'path',
    'paths',
    'version',
    'url',
    'uri',
    'urls',
    'dir',
    'directory',
    'id',
    'ids',
    'endpoint',
    'host',
    'hostname',
    'server',
    'domain',
    'port',
    'name',
    'user',
    'username',
    'type',
    'method',
    'mode',
    'enabled',
    'disabled',
    'required',
    'length',
    'len',
    'size',
    'ttl',
    'expiry',
    'expires',
    'expiration',
    'timeout',
    'lifetime',
    'seconds',
    'secs',
    'minutes',
    'hours',
    'days',
    'header',
    'prefix',
    'suffix',
    'provider',
    'realm',
    'scope',
    'scopes',
    'issuer',
    'audience',
    'module',
    'plugin',
    'backend',
    'backends',
    'service',
    'services',
    'location',
    'policy',
    'format',
    'algorithm',
    'alg',
    'scheme',
    'strategy',
    'mount',
    'ref',
    'source',
    'src',
    'helper',
    'command',
    'cmd',
    'script',
    'hash',
    'sha',
    'checksum',
    // a socket path (SSH_AUTH_SOCK is the ssh-agent socket)
    'sock',
    'socket',
  ],
  // boolean switches in front of the secret word
  switchWords: ['enable', 'disable', 'use', 'no', 'skip', 'require', 'allow', 'with', 'without', 'has', 'is'],
  // values baked into a client bundle are public by construction (the word heuristic does not apply)
  publicPrefixes: ['VITE_', 'REACT_APP_', 'NEXT_PUBLIC_', 'NUXT_PUBLIC_', 'EXPO_PUBLIC_', 'PUBLIC_', 'GATSBY_'],
  // hadolint DL3064 (the secrets among its 48 names) and Trivy DS-0031 (without AZURE_CLIENT_ID, a public app id)
  knownNames: [
    'ACCESS_TOKEN',
    'APPLICATION_KEY',
    'APP_SECRET',
    'AUTH_TOKEN',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AZURE_CLIENT_SECRET',
    'BITTREX_API_KEY',
    'BITTREX_API_SECRET',
    'CF_PASSWORD',
    'CIRCLE_TOKEN',
    'CI_DEPLOY_PASSWORD',
    'DIGITALOCEAN_ACCESS_TOKEN',
    'DOCKERHUB_PASSWORD',
    'DOCKER_PASSWORD',
    'FACEBOOK_ACCESS_TOKEN',
    'FACEBOOK_APP_SECRET',
    'FIREBASE_API_TOKEN',
    'FIREBASE_TOKEN',
    'FOSSA_API_KEY',
    'GH_ENTERPRISE_TOKEN',
    'GH_TOKEN',
    'GITHUB_ENTERPRISE_TOKEN',
    'GITHUB_TOKEN',
    'GOOGLE_API_KEY',
    'HEROKU_API_KEY',
    'HF_TOKEN',
    'LANGCHAIN_API_KEY',
    'LANGSMITH_API_KEY',
    'NPM_AUTH_TOKEN',
    'NPM_TOKEN',
    'OKTA_CLIENT_TOKEN',
    'OKTA_OAUTH2_CLIENTSECRET',
    'OPENAI_API_KEY',
    'OS_PASSWORD',
    'POSTGRES_PASSWORD',
    'SLACK_TOKEN',
    'STRIPE_API_KEY',
    'VAULT_CLIENT_KEY',
    'VAULT_TOKEN',
  ],
  // Trivy DS-0031 matches its names with these prefixes too
  knownPrefixes: ['VITE_', 'REACT_APP_'],
  source:
    'moby/buildkit frontend/dockerfile/linter (SecretsUsedInArgOrEnv); hadolint src/Hadolint/Rule/DL3064.hs; aquasecurity/trivy-checks checks/docker/leaked_secrets.rego (DS-0031)',
  checked: CHECKED,
};

const KNOWN = new Set(SECRET_NAME_RULES.knownNames);
const TOKENS = new Set(SECRET_NAME_RULES.tokens);
const PAIRS = new Set(SECRET_NAME_RULES.pairs);
const PUBLIC = new Set(SECRET_NAME_RULES.publicWords);
const DESCRIPTORS = new Set(SECRET_NAME_RULES.descriptorWords);
const SWITCHES = new Set(SECRET_NAME_RULES.switchWords);

const NOT_SECRET = new Set(SECRET_NAME_RULES.notSecretNames);
const PASS_OWNERS = new Set(SECRET_NAME_RULES.passOwners);

/**
 * The words of a name: split at `_`, `.` and `-`, and where camelCase starts a word (`githubToken` → github, token;
 * `DBPassword` → db, password). One pass over the characters.
 */
export function nameWords(name: string): string[] {
  const words: string[] = [];
  let word = '';
  const isUpper = (c: string) => c >= 'A' && c <= 'Z';
  const isLower = (c: string) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '_' || c === '.' || c === '-') {
      if (word) words.push(word);
      word = '';
      continue;
    }
    // a capital after a small letter or digit, or the last capital of a run that a small letter follows (DBPassword)
    const starts =
      word !== '' &&
      isUpper(c) &&
      (isLower(name[i - 1]) ||
        (isUpper(name[i - 1]) && i + 1 < name.length && name[i + 1] >= 'a' && name[i + 1] <= 'z'));
    if (starts) {
      words.push(word);
      word = '';
    }
    word += c.toLowerCase();
  }
  if (word) words.push(word);
  return words;
}

/** A secret word: a token, or a compound that ends with one (`dbpassword`, `apitoken`, `dbpass`). */
function isSecretWord(w: string): boolean {
  if (TOKENS.has(w)) return true;
  for (const s of SECRET_NAME_RULES.compoundSuffixes) if (w.length > s.length && w.endsWith(s)) return true;
  return w.length > 4 && w.endsWith('pass') && PASS_OWNERS.has(w.slice(0, -4));
}

/** The variable name is a known secret variable, or a secret word is its subject (see SECRET_NAME_RULES). */
export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  if (KNOWN.has(upper)) return true;
  if (NOT_SECRET.has(upper)) return false;
  for (const p of SECRET_NAME_RULES.knownPrefixes)
    if (upper.startsWith(p) && KNOWN.has(upper.slice(p.length))) return true;
  if (SECRET_NAME_RULES.publicPrefixes.some((p) => upper.startsWith(p))) return false;
  const words = nameWords(name);
  if (words.some((w) => PUBLIC.has(w))) return false;
  let last = -1;
  let first = -1;
  words.forEach((w, i) => {
    const pair = i + 1 < words.length && PAIRS.has(`${w}_${words[i + 1]}`);
    if (isSecretWord(w) || pair) {
      if (first < 0) first = i;
      last = pair ? i + 1 : i;
    }
  });
  if (last < 0) return false;
  if (words.slice(last + 1).some((w) => DESCRIPTORS.has(w))) return false;
  if (words.slice(0, first).some((w) => SWITCHES.has(w))) return false;
  return true;
}
