import type { Sourced } from './types';

/**
 * The switches with which well-known images are told to accept anyone: an environment variable or a command-line
 * flag that turns the service's own authentication off. `service-auth-disabled` (Dockerfile ENV) and
 * `compose-service-auth-disabled` (Compose `environment:`, `command:`, `entrypoint:`) read this table through
 * rules/authSwitches.ts, and the hovers on these environment keys show `hover`.
 *
 * Each row says how the image reads the switch (the vendor's page or its entrypoint), what someone who reaches the
 * port can then do (`attack`) and how to keep a login (`remedy`). `fileVariable`: the `*_FILE` variable the image
 * reads a password from, for the fix and the message.
 */
export interface AuthSwitch extends Sourced {
  id: string;
  product: string;
  /** The environment variables (or flags) this row reads, for the hovers and the docs. */
  keys: readonly string[];
  /** What the switch does, for the hover on its key. */
  hover: string;
  /** What an attacker who reaches the service can do (a verb phrase: "anyone who can reach this host …"). */
  attack: string;
  /** What to do instead. */
  remedy: string;
  fileVariable?: string;
}

const CHECKED = '2026-12-06';

export const AUTH_SWITCHES: readonly AuthSwitch[] = [
  {
    id: 'postgres-trust',
    product: 'PostgreSQL',
    keys: ['POSTGRES_HOST_AUTH_METHOD'],
    hover:
      'The method the image writes into `pg_hba.conf` for every host (`host all all all <method>`). `trust` lets any client connect as any role, `postgres` included, without a password.',
    attack: 'connects as the `postgres` superuser without a password',
    remedy: 'leave it out (the image then asks for a password: `scram-sha-256`) and give the password',
    fileVariable: 'POSTGRES_PASSWORD_FILE',
    source:
      'https://hub.docker.com/_/postgres (POSTGRES_HOST_AUTH_METHOD); docker-library/postgres docker-entrypoint.sh pg_setup_hba_conf',
    checked: CHECKED,
  },
  {
    id: 'mysql-empty-root',
    product: 'MySQL/MariaDB',
    keys: ['MYSQL_ALLOW_EMPTY_PASSWORD', 'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD'],
    hover:
      "Lets the image initialise the database with an empty password for `root`, which it creates for every host (`MYSQL_ROOT_HOST` defaults to `%`). The entrypoint tests the variable for being non-empty, so any value, even `no` or `false`, turns it on (MariaDB's image takes `MYSQL_ALLOW_EMPTY_PASSWORD` as `MARIADB_ALLOW_EMPTY_ROOT_PASSWORD`).",
    attack: 'logs in as `root` with an empty password and owns every database',
    remedy: 'leave it out and give the root password (or set `MYSQL_RANDOM_ROOT_PASSWORD`)',
    fileVariable: 'MYSQL_ROOT_PASSWORD_FILE',
    source:
      'https://hub.docker.com/_/mysql; https://hub.docker.com/_/mariadb; docker-library/mysql 8.4/docker-entrypoint.sh docker_verify_minimum_env; MariaDB/mariadb-docker 11.4/docker-entrypoint.sh docker_setup_env',
    checked: CHECKED,
  },
  {
    id: 'bitnami-empty-password',
    product: 'Bitnami',
    keys: ['ALLOW_EMPTY_PASSWORD'],
    hover:
      'Bitnami images refuse to start without a password unless this is `yes` (also `true` or `1`, in any case): the service then starts with no password at all. A password variable set beside it still wins.',
    attack: 'uses the service without a password',
    remedy: "leave it out and give the password (the image's `*_PASSWORD_FILE` variable reads it from a file)",
    source:
      'https://hub.docker.com/r/bitnami/redis (ALLOW_EMPTY_PASSWORD); https://github.com/bitnami/containers libvalidations.sh is_boolean_yes',
    checked: CHECKED,
  },
  {
    id: 'redis-protected-mode',
    product: 'Redis',
    keys: ['--protected-mode'],
    hover:
      'Protected mode makes a Redis without a password answer only on the loopback interface. `--protected-mode no` without `--requirepass` or an ACL file answers everyone, with every command (`CONFIG SET`, `MODULE LOAD`, `SLAVEOF`).',
    attack:
      'reads and writes every key and can use `CONFIG SET`/`MODULE LOAD` to write files or run code in the container',
    remedy: 'keep protected mode, or set a password (`--requirepass` from a secret file, or `--aclfile`)',
    source: 'https://redis.io/docs/latest/operate/oss_and_stack/management/security/ (Protected mode)',
    checked: CHECKED,
  },
  {
    id: 'memcached-published',
    product: 'Memcached',
    keys: [],
    hover: 'Memcached has no login unless it is started with SASL (`-S`).',
    attack: 'reads, changes and flushes every cached entry (sessions, tokens, pages)',
    remedy:
      'do not publish it (its clients reach it over the Compose network), or start it with SASL (`-S`, or the Bitnami image with `MEMCACHED_PASSWORD_FILE`)',
    source: 'https://hub.docker.com/_/memcached; https://github.com/memcached/memcached/wiki/SASLHowto',
    checked: CHECKED,
  },
  {
    id: 'elasticsearch-security',
    product: 'Elasticsearch',
    keys: ['xpack.security.enabled'],
    hover:
      "`false` turns Elasticsearch's security off: no authentication, no TLS, every index open to whoever reaches the HTTP port.",
    attack: 'reads, changes and deletes every index',
    remedy: 'leave security on and give the `elastic` password',
    fileVariable: 'ELASTIC_PASSWORD_FILE',
    source:
      'https://www.elastic.co/guide/en/elasticsearch/reference/current/security-settings.html (xpack.security.enabled); https://www.elastic.co/guide/en/elasticsearch/reference/current/docker.html',
    checked: CHECKED,
  },
  {
    id: 'opensearch-security',
    product: 'OpenSearch',
    keys: ['DISABLE_SECURITY_PLUGIN', 'plugins.security.disabled'],
    hover:
      "Turns OpenSearch's security plugin off: no authentication, no TLS, every index open to whoever reaches the REST port.",
    attack: 'reads, changes and deletes every index',
    remedy:
      'leave the security plugin on and give the admin password in `OPENSEARCH_INITIAL_ADMIN_PASSWORD` from a secret',
    source:
      'https://opensearch.org/docs/latest/install-and-configure/install-opensearch/docker/ (DISABLE_SECURITY_PLUGIN); https://opensearch.org/docs/latest/security/configuration/disable-enable-security/',
    checked: CHECKED,
  },
  {
    id: 'mongo-no-root',
    product: 'MongoDB',
    keys: ['MONGO_INITDB_ROOT_USERNAME', 'MONGO_INITDB_ROOT_PASSWORD'],
    hover:
      'With both set, the image creates this root user and starts `mongod --auth`. Without them (and without `--auth`) MongoDB runs with access control off: every client is an administrator.',
    attack: 'reads, changes and drops every database, as an administrator',
    remedy:
      'set `MONGO_INITDB_ROOT_USERNAME` and the password (the image then starts `mongod --auth`), or do not publish the port',
    fileVariable: 'MONGO_INITDB_ROOT_PASSWORD_FILE',
    source:
      'https://hub.docker.com/_/mongo (MONGO_INITDB_ROOT_USERNAME, MONGO_INITDB_ROOT_PASSWORD); docker-library/mongo docker-entrypoint.sh',
    checked: CHECKED,
  },
  {
    id: 'rabbitmq-guest',
    product: 'RabbitMQ',
    keys: ['RABBITMQ_DEFAULT_USER', 'RABBITMQ_DEFAULT_PASS'],
    hover:
      'The user RabbitMQ creates on first start. Without them it is `guest`/`guest`, and the official image lets `guest` log in from other hosts (it writes `loopback_users.guest = false`).',
    attack: 'logs in as `guest`/`guest`, an administrator, and reads or publishes every message',
    remedy: 'set `RABBITMQ_DEFAULT_USER` and the password, or do not publish the port',
    fileVariable: 'RABBITMQ_DEFAULT_PASS_FILE',
    source:
      'https://hub.docker.com/_/rabbitmq (loopback_users.guest = false in conf.d/10-defaults.conf); https://www.rabbitmq.com/docs/access-control#loopback-users',
    checked: CHECKED,
  },
  {
    id: 'grafana-anonymous-admin',
    product: 'Grafana',
    keys: ['GF_AUTH_ANONYMOUS_ENABLED', 'GF_AUTH_ANONYMOUS_ORG_ROLE'],
    hover:
      'Anonymous access lets visitors in without logging in, with the role `GF_AUTH_ANONYMOUS_ORG_ROLE` gives them (`Viewer` by default). With `Editor` or `Admin` every visitor can change dashboards, and query (or, as `Admin`, change) the data sources.',
    attack:
      'is an organisation Admin or Editor without logging in: queries every data source and changes dashboards (as Admin, data sources and users too)',
    remedy: 'leave anonymous access off, or keep its role `Viewer`',
    source:
      'https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/grafana/#anonymous-authentication',
    checked: CHECKED,
  },
  {
    id: 'grafana-no-login-form',
    product: 'Grafana',
    keys: ['GF_AUTH_DISABLE_LOGIN_FORM'],
    hover:
      'Hides the login form. With anonymous access on and no other sign-in (auth proxy, OAuth), everyone is the anonymous user and nobody can log in.',
    attack: 'gets in as the anonymous user, and nobody can log in to tell users apart',
    remedy: 'keep the login form, or put an authenticating proxy in front (`GF_AUTH_PROXY_ENABLED`)',
    source:
      'https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/grafana/#disable-login-form',
    checked: CHECKED,
  },
  {
    id: 'jupyter-empty-token',
    product: 'Jupyter',
    keys: ['--NotebookApp.token', '--ServerApp.token', '--IdentityProvider.token'],
    hover: "An empty token (`''`) with no password turns Jupyter's authentication off.",
    attack: 'runs code in the container through a notebook or a terminal',
    remedy:
      'leave the token out (Jupyter makes one), or give it from a secret (`JUPYTER_TOKEN`), or set a hashed password',
    source:
      'https://jupyter-server.readthedocs.io/en/latest/operators/security.html; https://jupyter-notebook.readthedocs.io/en/5.7.4/security.html',
    checked: CHECKED,
  },
  {
    id: 'dind-no-tls',
    product: 'Docker in Docker',
    keys: ['DOCKER_TLS_CERTDIR'],
    hover:
      'Where `docker:dind` writes the TLS certificates it makes. Empty, the engine listens on plain TCP 2375 with no TLS and no authentication.',
    attack:
      'drives the Docker engine on plain TCP 2375 (no TLS, no login), which runs privileged: root in that container and a way to the host',
    remedy: 'keep `DOCKER_TLS_CERTDIR=/certs` (the default) and share the client certificates with the clients',
    source: 'https://hub.docker.com/_/docker (TLS); docker-library/docker dockerd-entrypoint.sh',
    checked: CHECKED,
  },
];

export const AUTH_SWITCH_BY_ID: ReadonlyMap<string, AuthSwitch> = new Map(AUTH_SWITCHES.map((s) => [s.id, s]));

/** The rows that explain an environment variable or a flag (for hovers), by its name. */
export function authSwitchesFor(key: string): AuthSwitch[] {
  return AUTH_SWITCHES.filter((s) => s.keys.includes(key));
}
