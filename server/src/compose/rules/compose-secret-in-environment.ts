import { isScalar } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import type { Fix, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import type { ComposeModel, ComposeService, Found } from '../model';
import { interpolate } from '../interpolation';
import { EnvEntry, environmentEntries } from '../environment';
import { describeOrigin, fromNote, nodeRange, serviceNameRange, verbatimStart, writtenInService } from '../reportSite';
import {
  isPlaceholder,
  isPlaceholderUrlPassword,
  isSecretName,
  SECRET_NAME_RULES,
  urlUserinfo,
} from '../../data/secretPatterns';
import { maskSecret, maskUrl } from '../../rules/secrets';
import { joinList } from '../../text/list';

/**
 * Values that switch something rather than hold a secret (`AUTH: "false"`, `REDIS_PASSWORD: none`,
 * `MYSQL_RANDOM_ROOT_PASSWORD: "1"`).
 */
const SWITCH_VALUE = /^(true|false|yes|no|on|off|none|null|nil|disabled?|enabled?|0|1)$/i;
/** A file path (`/certs/registry.crt`, `/run/secrets/db`, `./keys/jwt.pem`): the secret, if any, is in the file. */
const PATH_VALUE = /^(\/|\.{1,2}\/|~\/)\S*$/;
/**
 * `auth` alone names an authentication method as often as a credential (`REGISTRY_AUTH: htpasswd`,
 * `ZULIP_AUTH_BACKENDS`, `GF_AUTH_ANONYMOUS_ORG_ROLE: Admin`): with no other secret word in the name, the value must
 * look like a credential (one word, with a digit or a symbol).
 */
// (`[^\s,]*` + a digit or symbol + `[^\s,]*`, split so no character can be read two ways: a single whitespace counts as
// the symbol, otherwise the first digit or symbol is the one; the old form backtracked quadratically)
const CREDENTIAL_LIKE = /^(?:[^\s,]*\s[^\s,]*|[A-Za-z_.-]*[^A-Za-z_.,\s-][^\s,]*)$/;
/** Template syntax of another tool (Jinja, Go templates, ERB): the file is rendered before Compose reads it. */
const TEMPLATE = /\{\{|\{%|<%/;

export const composeSecretInEnvironment: Rule<ComposeContext> = {
  id: 'compose-secret-in-environment',
  kind: 'compose',
  severity: 'warning',
  title: 'Secret written in environment',
  rationale:
    'A secret written into the Compose file is readable by everyone who can read the repository and its history, and `docker inspect` shows environment variables to anyone with access to the Docker API.',
  remedy:
    'Keep the value out of the file: a Compose secret (`secrets:`, read from /run/secrets/<name>, e.g. through a `*_FILE` variable), or a variable reference (`${NAME:?NAME is not set}`) filled from an untracked `.env` or the deploy environment.',
  guidance: ['Build: no secrets in images'],
  anchors: [{ tool: 'kics', id: 'Passwords And Secrets' }],
  fixes: ['Take the value from the environment (`${NAME:?…}`) instead of the file'],
  fixSafety: 'manual',
  check({ model }) {
    const found: Found_[] = [];
    for (const service of model.services) {
      const env = service.get(['environment']);
      if (!env?.node) continue;
      for (const entry of environmentEntries(model, env.node)) {
        if (entry.value === null) continue;
        const label = `\`${entry.name}\` in service \`${service.name}\``;
        if (!isSecretName(entry.name)) {
          // any variable: a URL with a password in it (`DATABASE_URL: postgres://app:s3cret@db/app`)
          const url = urlWithPassword(entry.value);
          if (url) found.push({ report: urlReport(model, service, env, entry, url), secret: url.password, label });
          continue;
        }
        const literal = literalValue(entry.value);
        if (literal === null) continue;
        if (onlyAuthWord(entry.name) && !CREDENTIAL_LIKE.test(literal.text)) continue;
        found.push({ report: report(model, service, env, entry, literal), secret: literal.text, label });
      }
    }
    return oncePerSecret(found);
  },
};

type Found_ = { report: Report; secret: string; label: string };

/**
 * One finding per secret: the same value written again (the database's password in its own service and in the
 * application's, a password in a URL and beside it) is one secret to take out of the file, reported where it is
 * first written, with the other places as related information and their fixes beside its own.
 */
function oncePerSecret(found: Found_[]): Report[] {
  const first = new Map<string, Found_ & { others: Found_[] }>();
  const out: Report[] = [];
  for (const f of found) {
    const known = first.get(f.secret);
    if (known) known.others.push(f);
    else {
      const entry = { ...f, others: [] as Found_[] };
      first.set(f.secret, entry);
      out.push(f.report);
    }
  }
  for (const { report, others } of first.values()) {
    if (!others.length) continue;
    const places = others.map((o) => o.label);
    report.message += ` The same value is also written as ${joinList(places)}.`;
    report.related = others.map((o) => ({ range: o.report.range, message: `${o.label}: the same secret` }));
    // each place's own fix, and one for every place that has one (the finding is gone only when all are)
    const own = [report, ...others.map((o) => o.report)].filter((r) => r.fixes?.length);
    if (own.length > 1)
      (report.fixes ??= []).unshift({
        title: `Take the value from the environment or .env in ${own.length === 2 ? 'both' : `all ${own.length}`} places`,
        edits: own.flatMap((r) => r.fixes![0].edits),
        manual: true,
      });
    for (const o of others)
      for (const fix of o.report.fixes ?? [])
        (report.fixes ??= []).push({ ...fix, title: `${fix.title} (${o.label})` });
  }
  return out;
}

const SECRET_WORDS = new Set(SECRET_NAME_RULES.tokens.filter((t) => t !== 'auth'));
const SECRET_PAIRS = SECRET_NAME_RULES.pairs;

/** The name's only secret word is `auth` (see SECRET_NAME_RULES): no password, token, secret, key pair… */
function onlyAuthWord(name: string): boolean {
  const lower = name.toLowerCase();
  const words = lower.split(/[_.-]+/);
  if (!words.includes('auth') || words.some((w) => SECRET_WORDS.has(w))) return false;
  return (
    !SECRET_PAIRS.some((p) => `_${words.join('_')}_`.includes(`_${p}_`)) &&
    !SECRET_NAME_RULES.knownNames.includes(name.toUpperCase())
  );
}

interface Literal {
  /** The literal that ends up in the container (a default of `${NAME:-default}` included). */
  text: string;
  fromDefault: boolean;
  placeholder: boolean;
}

/** The literal a value puts into the container, or null when it holds none (a reference, a path to a secret, a switch). */
function literalValue(written: string): Literal | null {
  const trimmed = written.trim();
  if (!trimmed || TEMPLATE.test(trimmed)) return null;
  const { value, unresolved, hadVariables } = interpolate(trimmed);
  // a reference to a variable without a default: the value comes from outside the file
  if (unresolved) return null;
  // linear: anchored: `.*` backs off once to the closing quote
  const text = value.replace(/^(["'])(.*)\1$/, '$2').trim();
  if (!text || SWITCH_VALUE.test(text) || PATH_VALUE.test(text)) return null;
  return { text, fromDefault: hadVariables, placeholder: isPlaceholder(text) };
}

function report(model: ComposeModel, service: ComposeService, env: Found, entry: EnvEntry, literal: Literal): Report {
  const own = writtenInService(service, entry.node);
  const masked = maskSecret(literal.text);
  const held = literal.fromDefault
    ? `defaults to a literal secret (\`${masked}\`) in \`\${${entry.name}:-…}\``
    : literal.placeholder
      ? `is set to a placeholder (\`${masked}\`)`
      : `holds a literal secret (\`${masked}\`)`;
  const where = own ? '' : fromNote(describeOrigin(model, { ...env, node: entry.node }));
  const risk =
    literal.placeholder && !literal.fromDefault
      ? 'as written the service runs with a value everyone can read, and a real one put in its place would be in the file and its history.'
      : 'everyone who can read this file or its history has it, and `docker inspect` shows it.';
  const message = `\`${entry.name}\` in service \`${service.name}\`${where} ${held}: ${risk} Keep it out of the file: a Compose secret (\`secrets:\`, read from /run/secrets/…, e.g. through \`${entry.name}_FILE\` where the image supports it) or a reference filled from an untracked .env or the deploy environment (\`\${${entry.name}:?${entry.name} is not set}\`).`;
  const range = own ? valueRange(model, entry) : serviceNameRange(model, service);
  const fix = own ? referenceFix(model, entry) : undefined;
  return { range, message, fixes: fix ? [fix] : [] };
}

/**
 * A URL in the value whose password is written in the file: not a variable (`postgres://app:${DB_PASSWORD}@db`), not a
 * placeholder or the user name again (`postgres:postgres@`, the convention of `secret-value`).
 */
function urlWithPassword(written: string): { masked: string; password: string; start: number; end: number } | null {
  const { value, unresolved, hadVariables } = interpolate(written);
  if (unresolved) return null;
  const info = urlUserinfo(value);
  if (!info || info.password === null || !info.password || isPlaceholderUrlPassword(info.user, info.password))
    return null;
  // offsets of the password in the written value (only when nothing was substituted)
  const start = hadVariables ? -1 : info.start + info.user.length + 1;
  return { masked: maskUrl(value), password: info.password, start, end: hadVariables ? -1 : info.end };
}

function urlReport(
  model: ComposeModel,
  service: ComposeService,
  env: Found,
  entry: EnvEntry,
  url: { masked: string; start: number; end: number },
): Report {
  const own = writtenInService(service, entry.node);
  const where = own ? '' : fromNote(describeOrigin(model, { ...env, node: entry.node }));
  let range = own ? valueRange(model, entry) : serviceNameRange(model, service);
  if (own && url.start >= 0) {
    const at = verbatimStart(model, entry.node);
    if (at !== undefined)
      range = model.range(at + (entry.valueIndex ?? 0) + url.start, at + (entry.valueIndex ?? 0) + url.end);
  }
  return {
    range,
    message: `\`${entry.name}\` in service \`${service.name}\`${where} has a password in its URL (\`${url.masked}\`): everyone who can read this file or its history has it, and \`docker inspect\` shows it. Keep it out of the file: put the password in a reference filled from an untracked .env or the deploy environment (\`…:\${DB_PASSWORD}@…\`), or in a Compose secret where the application reads one.`,
    fixes: [],
  };
}

/** The value's range: the value scalar, or the part after `=` of a list item when the source spells it verbatim. */
function valueRange(model: ComposeModel, entry: EnvEntry): Range {
  if (entry.valueIndex === undefined) return nodeRange(model, entry.node);
  const start = verbatimStart(model, entry.node);
  if (start === undefined || entry.value === null) return nodeRange(model, entry.node);
  return model.range(start + entry.valueIndex, start + entry.valueIndex + entry.value.length);
}

/**
 * Replace the literal with `${NAME:?NAME is not set}`: Compose then takes it from the environment or `.env`, and
 * refuses to start without it. Manual: the value has to be put there first.
 */
function referenceFix(model: ComposeModel, entry: EnvEntry): Fix | undefined {
  const reference = `\${${entry.name}:?${entry.name} is not set}`;
  const title = `Take ${entry.name} from the environment or .env instead of the file`;
  const node = entry.node;
  if (!isScalar(node) || !node.range) return undefined;
  if (entry.valueIndex === undefined) {
    // a quoted replacement is valid in block and flow mappings alike
    return {
      title,
      edits: [{ range: nodeRange(model, node), newText: `"${reference}"` }],
      isPreferred: true,
      manual: true,
    };
  }
  const start = verbatimStart(model, node);
  if (start === undefined || entry.value === null) return undefined;
  // a plain `- NAME=value` in a flow sequence cannot take braces
  if (node.type === 'PLAIN' && entry.flowList) return undefined;
  return {
    title,
    edits: [
      {
        range: model.range(start + entry.valueIndex, start + entry.valueIndex + entry.value.length),
        newText: reference,
      },
    ],
    isPreferred: true,
    manual: true,
  };
}
