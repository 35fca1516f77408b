import type { Fix, Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction, Stage } from '../model/model';
import { Declaration, declarations, deleteDeclaration } from '../analysis/declarations';
import { fileWrites } from '../analysis/fileWrites';
import { docOffset, LogicalText } from '../model/logical';
import { shippedStages } from '../analysis/packages';
import { repositoryName } from '../../common/image';
import { ArgWord, AuthFinding, authMessage, authSwitchFindings, commandWords, EnvVar } from '../../rules/authSwitches';
import { AUTH_SWITCH_BY_ID } from '../../data/authSwitches';

/** Where a value is written: a document span, and the ENV declaration when it is one. */
interface Site {
  start: number;
  end: number;
  decl?: Declaration;
}

export const serviceAuthDisabled: DockerfileRule = {
  id: 'service-auth-disabled',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Image starts its service with authentication switched off',
  rationale:
    'Official images are told to accept anyone by an environment variable or a flag (`POSTGRES_HOST_AUTH_METHOD=trust`, `MYSQL_ALLOW_EMPTY_PASSWORD`, `--protected-mode no`, `xpack.security.enabled=false`, an empty Jupyter token…). Baked into an image, the switch is on in every container started from it: whoever reaches one, a neighbouring container turned against it through an SSRF or anyone on the network where it is published, needs no password.',
  remedy:
    "Remove the switch and have the service ask for a password, given at run time from a secret file through the image's `*_FILE` variable (`POSTGRES_PASSWORD_FILE=/run/secrets/db_password`).",
  guidance: ['Isolation: keep authenticating internal calls'],
  anchors: [],
  fixes: ['Remove the ENV switch'],
  fixSafety: 'manual',
  check({ model }) {
    const out: Report[] = [];
    const final = model.finalStage;
    if (!final || final.windows) return out;
    const shipped = shippedStages(model);
    const image = baseImage(final);
    // ENV of the shipped chain, the last one of each name (ENV does not reach another stage through COPY --from)
    const env = new Map<string, EnvVar<Site>>();
    for (const d of declarations(model)) {
      if (d.kind !== 'ENV' || d.onbuild || !d.inst.stage || !shipped.has(d.inst.stage)) continue;
      const word = model.propertyValue(d.inst, d.inst.properties[d.position]);
      const value = word === null ? '' : word.reads.size && word.value === null ? null : word.value;
      env.set(d.name, { name: d.name, value, at: { start: d.nameStart, end: d.end, decl: d } });
    }
    const findings: AuthFinding<Site>[] = authSwitchFindings({
      image: image ? { ...image, at: image.at } : undefined,
      env,
      envMayHaveMore: false,
      command: argWords(model, final.cmd),
      entrypoint: argWords(model, final.entrypoint),
      published: false,
      mountTargets: [],
      privileged: false,
    });
    for (const f of findings) {
      out.push({
        range: model.range(f.at.start, f.at.end),
        message: authMessage(
          f,
          'The image',
          '',
          { kind: 'image' },
          (v) => ` Give it at run time from a secret file: \`${v}=/run/secrets/<name>\`.`,
        ),
        fixes: fixFor(model, f),
      });
    }
    out.push(...configFileFindings(model, shipped, env));
    return out;
  },
};

/** The image the final stage is built on (through `FROM <stage>`), with where its reference is written. */
function baseImage(stage: Stage): { repository: string; tag: string | null; at: Site } | undefined {
  let s: Stage = stage;
  for (let i = 0; s.parent && i < 64; i++) s = s.parent;
  const parsed = s.image.parsed;
  if (!s.image.resolved || !parsed || s.image.stage) return undefined;
  return {
    repository: repositoryName(parsed),
    tag: parsed.tag,
    at: { start: s.image.start, end: s.image.end },
  };
}

/** CMD/ENTRYPOINT words: the exec form's arguments, or the shell form's words; null when there is none. */
function argWords(model: DockerfileModel, inst: DockerInstruction | null): ArgWord<Site>[] | null {
  if (!inst) return null;
  const at: Site = { start: inst.start, end: inst.end };
  const list = inst.execForm ? inst.argv : commandWords(inst.body.text).map((w) => w.text);
  if (!list) return null;
  const out: ArgWord<Site>[] = [];
  for (const text of list) {
    if (/\s/.test(text.trim())) for (const w of commandWords(text)) out.push({ text: w.text, at, nested: true });
    else out.push({ text, at });
  }
  return out;
}

function fixFor(model: DockerfileModel, f: AuthFinding<Site>): Fix[] {
  const decl = f.removeEnv?.at.decl;
  if (!decl) return [];
  const edit = deleteDeclaration(model, decl);
  if (!edit) return [];
  const file = f.fileVariable ? ` (then give the password at run time in ${f.fileVariable})` : '';
  return [{ title: `Remove ENV ${f.text}${file}`, edits: [edit], isPreferred: true, manual: true }];
}

// redis.conf: one directive per line, `#` comments; rabbitmq.conf (sysctl format): `loopback_users.guest = false`, or
// `loopback_users = none`. Each line is tested alone (see configLines).
const PROTECTED_MODE_OFF = /^protected-mode[ \t]+["']?no["']?$/i;
const REDIS_PASSWORD = /^(requirepass|aclfile|user)[ \t]/i;
const GUEST_FROM_ANYWHERE = /^loopback_users(\.guest[ \t]*=[ \t]*false|[ \t]*=[ \t]*none)$/i;
const RABBITMQ_DEFAULT_USER = /^default_(user|pass)[ \t]*=/i;

/**
 * The lines of written text, trimmed, with their document offsets: split at line breaks and at the `\n` printf turns
 * into one. A loop over the characters: linear.
 */
function configLines(text: LogicalText): { line: string; start: number; end: number }[] {
  const out: { line: string; start: number; end: number }[] = [];
  const t = text.text;
  let from = 0;
  for (let i = 0; i <= t.length; i++) {
    const literal = t[i] === '\\' && t[i + 1] === 'n';
    if (i < t.length && t[i] !== '\n' && !literal) continue;
    const raw = t.slice(from, i);
    const lead = raw.length - raw.trimStart().length;
    const line = raw.trim();
    if (line) {
      const start = from + lead;
      out.push({ line, start: docOffset(text, start), end: docOffset(text, start + line.length - 1) + 1 });
    }
    from = literal ? i + 2 : i + 1;
    if (literal) i++;
  }
  return out;
}

/**
 * A configuration file the build writes (echo, printf, tee, a heredoc, `COPY <<EOF`) that turns the login off:
 * a redis.conf with `protected-mode no` and no password or ACL, a rabbitmq.conf letting `guest` in from anywhere
 * without another default user. Only the shipped stages count.
 */
function configFileFindings(
  model: DockerfileModel,
  shipped: Set<Stage>,
  env: ReadonlyMap<string, EnvVar<Site>>,
): Report[] {
  const out: Report[] = [];
  for (const w of fileWrites(model)) {
    if (!w.inst.stage || !shipped.has(w.inst.stage) || w.target === null) continue;
    // redis.conf, /etc/redis/*.conf; rabbitmq.conf, /etc/rabbitmq/conf.d/*.conf
    const file = w.target.toLowerCase();
    if (!file.endsWith('.conf')) continue;
    const lines = configLines(w.text);
    if (file.includes('redis')) {
      const off = lines.find((l) => PROTECTED_MODE_OFF.test(l.line));
      if (!off || lines.some((l) => REDIS_PASSWORD.test(l.line))) continue;
      const row = AUTH_SWITCH_BY_ID.get('redis-protected-mode')!;
      out.push({
        range: model.range(off.start, off.end),
        message: `The build writes \`${off.line}\` into ${w.target} with no \`requirepass\` or ACL: ${row.product} then answers every client, and whoever reaches a container started from this image ${row.attack}. ${cap(row.remedy)}.`,
        fixes: [],
      });
    } else if (file.includes('rabbitmq')) {
      const open = lines.find((l) => GUEST_FROM_ANYWHERE.test(l.line));
      if (
        !open ||
        lines.some((l) => RABBITMQ_DEFAULT_USER.test(l.line)) ||
        env.has('RABBITMQ_DEFAULT_USER') ||
        env.has('RABBITMQ_DEFAULT_PASS')
      )
        continue;
      const row = AUTH_SWITCH_BY_ID.get('rabbitmq-guest')!;
      out.push({
        range: model.range(open.start, open.end),
        message: `The build writes \`${open.line}\` into ${w.target}: ${row.product} then lets the default \`guest\`/\`guest\` user in from other hosts, and whoever reaches a container started from this image ${row.attack}. ${cap(row.remedy)}.`,
        fixes: [],
      });
    }
  }
  return out;
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
