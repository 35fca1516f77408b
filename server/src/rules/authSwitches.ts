import { AUTH_SWITCH_BY_ID, AuthSwitch, authSwitchesFor } from '../data/authSwitches';
import { datastoreImage } from '../data/datastoreImages';

/**
 * What service-auth-disabled (Dockerfile) and compose-service-auth-disabled (Compose) share: given what a container is
 * started with (its image, environment and command words), the rows of data/authSwitches.ts that turn its
 * authentication off. `R` is where each value is written (a node, an offset), handed back on the finding.
 *
 * Unknown stays quiet: a switch whose value is unknown (`${VAR}`, `${VAR:?}`, a build argument) is no finding, and a
 * password whose value is unknown counts as set.
 */

/** An environment variable; `value` null when unknown (a variable, the shell's value). */
export interface EnvVar<R> {
  name: string;
  value: string | null;
  at: R;
}

/** A word of the command line (`command:` / `entrypoint:` / CMD / ENTRYPOINT), quotes removed. */
export interface ArgWord<R> {
  text: string;
  at: R;
  /** A word inside a word (`sh -c "redis-server --protected-mode no"`): `at` is the whole word's, it cannot be removed alone. */
  nested?: boolean;
}

export interface ContainerFacts<R> {
  /** Fully qualified repository (`docker.io/library/mongo`) and tag, when known. */
  image?: { repository: string; tag: string | null; at: R };
  /** First definition of each name wins (Compose: own, merged, then `extends`). */
  env: ReadonlyMap<string, EnvVar<R>>;
  /** Variables may come from somewhere not read (`env_file`): an absent one may be set. */
  envMayHaveMore: boolean;
  /** The `command:` words (CMD), null when unknown or not written. */
  command: readonly ArgWord<R>[] | null;
  /** The entrypoint is replaced (`entrypoint:`, ENTRYPOINT): the image's own start-up may not run. */
  entrypoint: readonly ArgWord<R>[] | null;
  /** Whether the service's ports are published (Compose; a Dockerfile publishes nothing). */
  published: boolean;
  /** Container paths mounted into the service (Compose), for configuration that may change users. */
  mountTargets: readonly string[];
  /** The container is privileged (Compose `privileged: true`): a Docker engine inside one is dind, whatever its image. */
  privileged: boolean;
}

export interface AuthFinding<R> {
  row: AuthSwitch;
  /** Where it is reported. */
  at: R;
  /** The switch as the message quotes it (`POSTGRES_HOST_AUTH_METHOD=trust`). */
  text: string;
  /** What the fix removes: environment variables, or command words (with the list they belong to). */
  removeEnv?: EnvVar<R>;
  removeWords?: ArgWord<R>[];
  /** The `*_FILE` variable to give the password in (password cases). */
  fileVariable?: string;
  /** The product, when the row's is too broad (`Bitnami's Redis image`). */
  product?: string;
}

const row = (id: string): AuthSwitch => AUTH_SWITCH_BY_ID.get(id)!;

/** A value the image reads as true (`true`, any case). */
const isTrueText = (v: string | null): boolean => v !== null && /^true$/i.test(v.trim());

/** Set: written with a non-empty value, or with an unknown one. */
function isSet<R>(env: ReadonlyMap<string, EnvVar<R>>, name: string): boolean {
  const v = env.get(name);
  return !!v && (v.value === null || v.value !== '');
}

/** Any of the names is set, or (when the file does not show every variable) may be. */
function anySet<R>(facts: ContainerFacts<R>, names: readonly string[]): boolean {
  return facts.envMayHaveMore || names.some((n) => isSet(facts.env, n) || isSet(facts.env, `${n}_FILE`));
}

function isBitnami(repository: string | undefined): boolean {
  return !!repository && /(^|\/)bitnami(charts)?\//i.test(repository);
}

function productOf(repository: string | undefined): string | undefined {
  return repository ? datastoreImage(repository)?.id : undefined;
}

/** The words of the command and the entrypoint together (the order does not matter to the flags read here). */
function words<R>(facts: ContainerFacts<R>): readonly ArgWord<R>[] {
  return [...(facts.entrypoint ?? []), ...(facts.command ?? [])];
}

/** `--flag value` or `--flag=value`: the value's word(s) and the flag's, or undefined. */
function flag<R>(list: readonly ArgWord<R>[], name: string): { value: string; words: ArgWord<R>[] } | undefined {
  for (let i = 0; i < list.length; i++) {
    const w = list[i].text;
    if (w === name && i + 1 < list.length) return { value: list[i + 1].text, words: [list[i], list[i + 1]] };
    if (w.startsWith(`${name}=`)) return { value: w.slice(name.length + 1), words: [list[i]] };
  }
  return undefined;
}

const hasWord = <R>(list: readonly ArgWord<R>[], test: (w: string) => boolean) => list.some((w) => test(w.text));

/** Unquoted empty: `''`, `""` or nothing (a list-form command hands the quotes to the program, which strips them). */
const EMPTY_QUOTED = /^(''|""|)$/;

/** The rows whose switch the container is started with. */
export function authSwitchFindings<R>(facts: ContainerFacts<R>): AuthFinding<R>[] {
  const out: AuthFinding<R>[] = [];
  const env = facts.env;
  const value = (name: string) => env.get(name)?.value ?? null;
  const repository = facts.image?.repository;
  const product = productOf(repository);
  const envSwitch = (id: string, v: EnvVar<R>, extra: Partial<AuthFinding<R>> = {}) =>
    out.push({ row: row(id), at: v.at, text: `${v.name}=${v.value}`, removeEnv: v, ...extra });

  // PostgreSQL: docker-entrypoint.sh pg_setup_hba_conf writes `host all all all $POSTGRES_HOST_AUTH_METHOD`
  const hba = env.get('POSTGRES_HOST_AUTH_METHOD');
  if (hba && hba.value?.trim() === 'trust')
    envSwitch('postgres-trust', hba, { fileVariable: row('postgres-trust').fileVariable });

  // MySQL and MariaDB: any non-empty value (`[ -z "$MYSQL_ALLOW_EMPTY_PASSWORD" ]`, mysql 8.4/docker-entrypoint.sh
  // docker_verify_minimum_env); MariaDB takes MYSQL_ALLOW_EMPTY_PASSWORD as MARIADB_ALLOW_EMPTY_ROOT_PASSWORD
  // (11.4/docker-entrypoint.sh docker_setup_env). A root password, its hash or a random one still wins. Bitnami's
  // images read neither name.
  if (!isBitnami(repository)) {
    const empty = ['MARIADB_ALLOW_EMPTY_ROOT_PASSWORD', 'MYSQL_ALLOW_EMPTY_PASSWORD']
      .map((n) => env.get(n))
      .find((v) => !!v && v.value !== null && v.value !== '');
    const rootSet = anySet(facts, [
      'MYSQL_ROOT_PASSWORD',
      'MARIADB_ROOT_PASSWORD',
      'MARIADB_ROOT_PASSWORD_HASH',
      'MYSQL_RANDOM_ROOT_PASSWORD',
      'MARIADB_RANDOM_ROOT_PASSWORD',
    ]);
    if (empty && !rootSet)
      envSwitch('mysql-empty-root', empty, {
        fileVariable:
          empty.name.startsWith('MARIADB') || product === 'mariadb'
            ? 'MARIADB_ROOT_PASSWORD_FILE'
            : 'MYSQL_ROOT_PASSWORD_FILE',
      });
  }

  // Bitnami: is_boolean_yes (1, yes or true, any case, libvalidations.sh); a password written beside it wins
  const allowEmpty = env.get('ALLOW_EMPTY_PASSWORD');
  if (allowEmpty && /^(1|yes|true)$/i.test(allowEmpty.value?.trim() ?? '') && !facts.envMayHaveMore) {
    const password = [...env.values()].some(
      (v) =>
        v.name !== 'ALLOW_EMPTY_PASSWORD' && /PASSWORD(_FILE)?$/.test(v.name) && (v.value === null || v.value !== ''),
    );
    const name = repository ? datastoreImage(repository)?.product : undefined;
    if (!password)
      envSwitch('bitnami-empty-password', allowEmpty, {
        fileVariable: BITNAMI_FILE[product ?? ''],
        product: name ? `Bitnami's ${name} image` : undefined,
      });
  }

  const all = words(facts);

  // Redis: `--protected-mode no` without a password or an ACL file; a config file may hold `requirepass`
  const protectedMode = flag(all, '--protected-mode');
  if (
    protectedMode &&
    /^no$/i.test(protectedMode.value) &&
    !hasWord(all, (w) => /^--(requirepass|aclfile|user)(=|$)/.test(w) || /\.conf$/.test(w)) &&
    !isSet(env, 'REDIS_PASSWORD')
  )
    out.push({
      row: row('redis-protected-mode'),
      at: protectedMode.words[0].at,
      text: `--protected-mode ${protectedMode.value}`,
      removeWords: protectedMode.words,
    });

  // Memcached: no login without SASL (-S / --enable-sasl; Bitnami: MEMCACHED_PASSWORD)
  if (
    product === 'memcached' &&
    facts.published &&
    facts.image &&
    // `-S`, `--enable-sasl`, or S among grouped short flags (`-vS`)
    !hasWord(all, (w) => w === '--enable-sasl' || (/^-[A-Za-z]+$/.test(w) && w.includes('S'))) &&
    !anySet(facts, ['MEMCACHED_PASSWORD'])
  )
    out.push({ row: row('memcached-published'), at: facts.image.at, text: 'no SASL (`-S`)' });

  // Elasticsearch: the setting as an environment variable (the image turns `a.b.c` variables, and since 8.x
  // `ES_SETTING_A_B_C`, into settings) or an -E option
  const esEnv = env.get('xpack.security.enabled') ?? env.get('ES_SETTING_XPACK_SECURITY_ENABLED');
  const esFlag = all.find((w) => /^-Expack\.security\.enabled=false$/i.test(w.text));
  if (esEnv && /^false$/i.test(esEnv.value?.trim() ?? '')) envSwitch('elasticsearch-security', esEnv);
  else if (esFlag)
    out.push({ row: row('elasticsearch-security'), at: esFlag.at, text: esFlag.text, removeWords: [esFlag] });

  // OpenSearch
  const osEnv = [env.get('DISABLE_SECURITY_PLUGIN'), env.get('plugins.security.disabled')].find(
    (v) => !!v && isTrueText(v.value),
  );
  const osFlag = all.find((w) => /^-Eplugins\.security\.disabled=true$/i.test(w.text));
  if (osEnv) envSwitch('opensearch-security', osEnv);
  else if (osFlag)
    out.push({ row: row('opensearch-security'), at: osFlag.at, text: osFlag.text, removeWords: [osFlag] });

  // MongoDB (the official image and MongoDB's own): the entrypoint adds --auth only when both root variables are set
  // (docker-library/mongo docker-entrypoint.sh). Published only: unpublished, it is the image's default on a network
  // of its own services (compose-datastore-egress speaks of that). A replaced entrypoint, a config file, a key file or
  // a command that is not mongod: not judged.
  if (
    product === 'mongo' &&
    !/(^|\/)(bitnami|percona)[^/]*\//i.test(repository ?? '') &&
    facts.published &&
    facts.image &&
    !facts.entrypoint &&
    !anySet(facts, ['MONGO_INITDB_ROOT_USERNAME']) &&
    !(facts.command && !mongodCommand(facts.command)) &&
    !hasWord(all, (w) => /^(--auth|--keyFile|--config|-f|--clusterAuthMode)(=|$)/.test(w))
  )
    out.push({ row: row('mongo-no-root'), at: facts.image.at, text: 'no `MONGO_INITDB_ROOT_USERNAME`/`PASSWORD`' });

  // RabbitMQ (official image): without a default user it is guest/guest, allowed from anywhere by the image
  if (
    product === 'rabbitmq' &&
    !isBitnami(repository) &&
    facts.published &&
    facts.image &&
    !facts.mountTargets.some((t) => /^\/etc\/rabbitmq(\/|$)/.test(t)) &&
    !anySet(facts, ['RABBITMQ_DEFAULT_USER', 'RABBITMQ_DEFAULT_PASS'])
  )
    out.push({ row: row('rabbitmq-guest'), at: facts.image.at, text: 'the default `guest`/`guest` user' });

  // Grafana
  const anonymous = env.get('GF_AUTH_ANONYMOUS_ENABLED');
  const role = value('GF_AUTH_ANONYMOUS_ORG_ROLE')?.trim() ?? null;
  if (anonymous && isTrueText(anonymous.value) && role !== null && /^(admin|editor)$/i.test(role))
    out.push({
      row: row('grafana-anonymous-admin'),
      at: anonymous.at,
      text: `${anonymous.name}=${anonymous.value} with GF_AUTH_ANONYMOUS_ORG_ROLE=${role}`,
      removeEnv: anonymous,
    });
  else {
    const noForm = env.get('GF_AUTH_DISABLE_LOGIN_FORM');
    const otherSignIn = [...env.values()].some(
      (v) =>
        /^GF_AUTH_\w+_ENABLED$/.test(v.name) &&
        !/^GF_AUTH_(ANONYMOUS|BASIC)_ENABLED$/.test(v.name) &&
        v.value !== null &&
        !/^false$/i.test(v.value.trim()),
    );
    if (
      noForm &&
      isTrueText(noForm.value) &&
      anonymous &&
      isTrueText(anonymous.value) &&
      !otherSignIn &&
      !facts.envMayHaveMore
    )
      envSwitch('grafana-no-login-form', noForm);
  }

  // Jupyter: an empty token and no password. Every empty token switch is one problem: the fix removes them all (a
  // notebook started with both --IdentityProvider.token='' and the older --NotebookApp.token='' is open either way)
  const tokens = all.filter(
    (w) =>
      /^--(NotebookApp|ServerApp|IdentityProvider)\.token=/.test(w.text) &&
      EMPTY_QUOTED.test(w.text.slice(w.text.indexOf('=') + 1)),
  );
  if (
    tokens.length &&
    !hasWord(
      all,
      (w) =>
        /^--(NotebookApp\.password|ServerApp\.password|PasswordIdentityProvider\.hashed_password)=./.test(w) &&
        !/=(''|"")$/.test(w),
    )
  )
    out.push({ row: row('jupyter-empty-token'), at: tokens[0].at, text: tokens[0].text, removeWords: tokens });

  // docker:dind: with DOCKER_TLS_CERTDIR empty and no arguments (or a first one that is an option) the entrypoint starts
  // `dockerd --host=tcp://0.0.0.0:2375` (docker-library/docker dockerd-entrypoint.sh, "TLS disabled")
  const certDir = env.get('DOCKER_TLS_CERTDIR');
  const first = facts.command?.[0]?.text;
  if (
    certDir &&
    !facts.entrypoint &&
    (first === undefined || first.startsWith('-')) &&
    certDir.value !== null &&
    EMPTY_QUOTED.test(certDir.value.trim()) &&
    (facts.privileged || (/(^|\/)docker$/.test(repository ?? '') && /dind/.test(facts.image?.tag ?? '')))
  )
    envSwitch('dind-no-tls', certDir);

  return out;
}

/** The command runs mongod: its first word is a flag (the entrypoint prepends mongod) or mongod itself. */
function mongodCommand<R>(command: readonly ArgWord<R>[]): boolean {
  const first = command[0]?.text;
  return first === undefined || first.startsWith('-') || first === 'mongod';
}

/** The password file variable of Bitnami's images, by datastore. */
const BITNAMI_FILE: Readonly<Record<string, string>> = {
  redis: 'REDIS_PASSWORD_FILE',
  valkey: 'VALKEY_PASSWORD_FILE',
  postgres: 'POSTGRESQL_PASSWORD_FILE',
  mariadb: 'MARIADB_ROOT_PASSWORD_FILE',
  mysql: 'MYSQL_ROOT_PASSWORD_FILE',
  mongo: 'MONGODB_ROOT_PASSWORD_FILE',
};

/**
 * Split a command string into words as Compose does (shell-like: blanks separate, quotes group and are removed), with
 * each word's offsets in the string. A loop over the characters: linear.
 */
export function commandWords(text: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    let word = '';
    while (i < text.length && !/\s/.test(text[i])) {
      const c = text[i];
      if (c === '"' || c === "'") {
        const close = text.indexOf(c, i + 1);
        const end = close < 0 ? text.length : close;
        word += text.slice(i + 1, end);
        i = close < 0 ? text.length : close + 1;
      } else if (c === '\\' && i + 1 < text.length) {
        word += text[i + 1];
        i += 2;
      } else {
        word += c;
        i++;
      }
    }
    out.push({ text: word, start, end: i });
  }
  return out;
}

/** How far the service is reachable: a port published on every host interface, on this host only, or not at all. */
export interface Exposure {
  kind: 'all' | 'loopback' | 'none' | 'image';
  /** The port as written (`` `5432:5432` ``) or `` `network_mode: host` ``. */
  text?: string;
}

/**
 * The message: who sets which switch, what it does, who can get in (by exposure), what an attacker can then do and
 * what to do. `who` is `` Service `db` `` or `` The image ``; `via` says where an inherited value is written.
 */
export function authMessage<R>(
  f: AuthFinding<R>,
  who: string,
  via: string,
  exposure: Exposure,
  fileSentence: (variable: string) => string = (v) =>
    ` Read it from a file: \`${v}: /run/secrets/<name>\` with a Compose secret.`,
): string {
  const { row } = f;
  const absence = ABSENCE.has(row.id);
  const starts = absence
    ? `${who} runs ${f.product ?? row.product} with ${f.text}${via}, so it asks for no login`
    : `${who} starts ${f.product ?? row.product} with \`${f.text}\`${via}, which turns its authentication off`;
  const anyValue =
    row.id === 'mysql-empty-root' && !/^(yes|true|1)$/i.test(f.text.slice(f.text.indexOf('=') + 1).trim())
      ? ' (the image turns it on for any value that is not empty, this one too)'
      : '';
  const reach =
    exposure.kind === 'all'
      ? `its port is published on every host interface (${exposure.text}), so anyone who can reach this host`
      : exposure.kind === 'loopback'
        ? `its port is published on this host only (${exposure.text}), but any process on this host or container on its networks`
        : exposure.kind === 'none'
          ? 'any container on its networks (one taken over through an SSRF is enough)'
          : 'whoever reaches a container started from this image, on any network it joins,';
  const file = f.fileVariable ? fileSentence(f.fileVariable) : '';
  return `${starts}${anyValue}: ${reach} ${row.attack}. ${capitalise(row.remedy)}.${file}`;
}

/** Rows about a login that is missing rather than a switch that is written. */
const ABSENCE = new Set(['memcached-published', 'mongo-no-root', 'rabbitmq-guest']);

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The hover on an environment variable (or flag) that switches a service's login: what it does and the safe way,
 * from the table; undefined for other names.
 */
export function authSwitchHover(name: string): string | undefined {
  const rows = authSwitchesFor(name);
  if (!rows.length) return undefined;
  return rows
    .map((r) => `**\`${name}\`** (${r.product}, security)\n\n${r.hover}\n\n**Safe:** ${capitalise(r.remedy)}.`)
    .join('\n\n');
}
