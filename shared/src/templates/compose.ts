import type { ComposeOptions, Placeholder, RenderedFile } from './types';
import { checkPort } from './dockerfile';
import { DEFAULT_UID } from './dockerfileParts';
import { SERVICE_LIMITS } from '../limits';

/** Compose service names: lowercase letters, digits, `-`, `_`, `.`. */
const SERVICE_NAME = /^[a-z0-9][a-z0-9_.-]*$/;

interface Datastore {
  service: string;
  image: string;
  /** The image's own unprivileged user (uid:gid), so that its entrypoint needs no capability to switch users. */
  user: string;
  secret: string;
  /** Lines of the service after the common hardening (environment, command, volumes, healthcheck). */
  body: string[];
  /** Writable paths besides /tmp. */
  tmpfs: string[];
  limits: { cpus: string; memory: string; pids: number };
  /** What the app service is told (environment). */
  appEnvironment: string[];
  volume: string;
  notes: string[];
}

const POSTGRES: Datastore = {
  service: 'db',
  // PostgreSQL 17 is supported until November 2029; the alpine image's postgres user is 70:70
  image: 'postgres:17-alpine',
  user: '70:70',
  secret: 'db_password',
  tmpfs: ['/var/run/postgresql'],
  limits: { cpus: '1.0', memory: '1G', pids: 200 },
  volume: 'db-data',
  body: [
    '    environment:',
    '      POSTGRES_USER: app',
    '      POSTGRES_DB: app',
    '      # The entrypoint reads the password from the secret file: it never appears in `docker inspect`',
    '      POSTGRES_PASSWORD_FILE: /run/secrets/db_password',
    '    volumes:',
    '      - db-data:/var/lib/postgresql/data',
    '    healthcheck:',
    '      test: ["CMD", "pg_isready", "--username=app", "--dbname=app"]',
    '      interval: 10s',
    '      timeout: 5s',
    '      retries: 5',
    '      start_period: 30s',
  ],
  appEnvironment: [
    'DATABASE_HOST: db',
    'DATABASE_NAME: app',
    'DATABASE_USER: app',
    'DATABASE_PASSWORD_FILE: /run/secrets/db_password',
  ],
  notes: ['The application reads the database password from the file named by `DATABASE_PASSWORD_FILE`.'],
};

const REDIS: Datastore = {
  service: 'cache',
  // Redis 8.6 is the current release line; the alpine image's redis user is 999:1000
  image: 'redis:8.6-alpine',
  user: '999:1000',
  secret: 'redis_password',
  tmpfs: [],
  limits: { cpus: '0.5', memory: '256M', pids: 100 },
  volume: 'cache-data',
  body: [
    '    # The password goes in through the configuration on standard input: never on the command line (visible in',
    '    # `ps` on the host) or in the environment (visible in `docker inspect`). $$ is a literal $ for Compose.',
    '    command:',
    '      - sh',
    '      - -c',
    '      - |',
    '        exec redis-server - <<EOF',
    '        requirepass $$(cat /run/secrets/redis_password)',
    '        EOF',
    '    volumes:',
    '      - cache-data:/data',
    '    healthcheck:',
    '      # REDISCLI_AUTH keeps the password off the command line',
    '      test: ["CMD-SHELL", "REDISCLI_AUTH=\\"$$(cat /run/secrets/redis_password)\\" redis-cli ping | grep -q PONG"]',
    '      interval: 10s',
    '      timeout: 5s',
    '      retries: 5',
    '      start_period: 10s',
  ],
  appEnvironment: ['REDIS_HOST: cache', 'REDIS_PASSWORD_FILE: /run/secrets/redis_password'],
  notes: ['The application reads the Redis password from the file named by `REDIS_PASSWORD_FILE`.'],
};

/** The isolation every service gets: what `docker run` would need flags for. */
function hardening(user: string, tmpfs: readonly string[], limits: Datastore['limits']): string[] {
  return [
    '    # Numeric non-root user: a process that escapes the container is not root on the host',
    `    user: "${user}"`,
    '    # Read-only root file system: an intruder cannot drop tools or change the application; only these are',
    '    # writable, in memory, and nothing in them can be executed (remove noexec if your runtime extracts native',
    '    # libraries to /tmp, as JNA or netty do)',
    '    read_only: true',
    '    tmpfs:',
    ...['/tmp', ...tmpfs].map((p) => `      - ${p}:rw,noexec,nosuid,nodev,size=64m`),
    '    # No Linux capabilities: none of these services needs one',
    '    cap_drop: [ALL]',
    '    # setuid binaries cannot raise privileges inside the container',
    '    security_opt: ["no-new-privileges:true"]',
    '    # Limits in the Compose Specification form (docker compose applies them without Swarm; do not mix them with',
    '    # the older mem_limit / cpus keys): a runaway or attacked container cannot starve the host',
    '    deploy:',
    '      resources:',
    '        limits:',
    `          cpus: "${limits.cpus}"`,
    `          memory: ${limits.memory}`,
    `          pids: ${limits.pids}`,
    '    restart: unless-stopped',
  ];
}

/**
 * compose.yaml for one hardened service, optionally with a datastore on an internal network whose password is a
 * file-based secret. Throws RangeError on an invalid service name, image or port.
 */
export function renderComposeService(o: ComposeOptions = {}): RenderedFile {
  const name = o.serviceName ?? 'app';
  if (!SERVICE_NAME.test(name))
    throw new RangeError(`a Compose service name is lowercase letters, digits, "-", "_" and "." (got "${name}")`);
  if (o.image !== undefined && (!o.image || /\s/.test(o.image)))
    throw new RangeError(`an image reference is one word (got ${JSON.stringify(o.image)})`);
  const port = checkPort(o.port === undefined ? 8080 : o.port);
  const datastoreId = o.datastore ?? 'postgres';
  if (!['postgres', 'redis', 'none'].includes(datastoreId))
    throw new RangeError(`datastore is postgres, redis or none (got "${String(datastoreId)}")`);
  const store = datastoreId === 'postgres' ? POSTGRES : datastoreId === 'redis' ? REDIS : null;
  if (store && store.service === name)
    throw new RangeError(`the service name "${name}" is taken by the ${datastoreId} service`);

  const app: string[] = [`  ${name}:`];
  if (o.image)
    app.push('    # A version tag (better: a digest), never latest', `    image: ${JSON.stringify(o.image)}`);
  else
    app.push(
      '    # Built from the Dockerfile beside this file (`bulkhead init dockerfile` writes a hardened one)',
      '    build: .',
    );
  app.push(...hardening(`${DEFAULT_UID}:${DEFAULT_UID}`, [], SERVICE_LIMITS));
  if (port !== null) {
    app.push(
      '    # Published on the loopback interface only: put a TLS-terminating proxy in front, or drop "127.0.0.1:"',
      '    # deliberately to listen on every interface of the host',
      '    ports:',
      `      - "127.0.0.1:${port}:${port}"`,
    );
  }
  app.push(
    '    healthcheck:',
    "      # No test: the image's own HEALTHCHECK runs (the Bulkhead Dockerfile templates define one); these set its pace",
    '      interval: 30s',
    '      timeout: 5s',
    '      retries: 3',
    '      start_period: 30s',
  );
  if (store) {
    app.push(
      '    environment:',
      ...store.appEnvironment.map((l) => `      ${l}`),
      '    # The password as a file in /run/secrets, not an environment variable (those leak into logs and inspect)',
      `    secrets: [${store.secret}]`,
      '    networks: [frontend, backend]',
      '    depends_on:',
      `      ${store.service}:`,
      '        condition: service_healthy',
    );
  }

  const lines = [
    `# Hardened Compose file, generated by Bulkhead: each comment gives the security reason for the key(s) below it.`,
    'services:',
    ...app,
  ];
  const placeholders: Placeholder[] = [];
  if (store) {
    lines.push(
      '',
      `  ${store.service}:`,
      '    # Pin the digest: docker buildx imagetools inspect ' + store.image,
      `    image: ${store.image}`,
      ...hardening(store.user, store.tmpfs, store.limits),
      '    # No ports: reachable only from the services on the internal backend network. For local debugging, publish',
      '    # it on the loopback interface only ("127.0.0.1:<port>:<port>"), never on every interface',
      `    secrets: [${store.secret}]`,
      '    networks: [backend]',
      ...store.body,
      '',
      'networks:',
      '  frontend: {}',
      '  # No route to the outside world: the datastore can neither be reached from nor reach the internet',
      '  backend:',
      '    internal: true',
      '',
      'secrets:',
      `  ${store.secret}:`,
      '    # Outside version control and the build context (.dockerignore and .gitignore: secrets/)',
      `    file: ./secrets/${store.secret}.txt`,
      '',
      'volumes:',
      `  ${store.volume}: {}`,
    );
    placeholders.push({
      text: `./secrets/${store.secret}.txt`,
      why: `Create it before \`docker compose up\`: \`mkdir -p secrets && chmod 700 secrets && openssl rand -base64 32 > secrets/${store.secret}.txt && chmod 644 secrets/${store.secret}.txt\` (the folder keeps other host users out; the file must be readable by the containers' users). Never commit it.`,
    });
  }

  const note = [
    `**compose.yaml** for the service \`${name}\`${store ? ` with ${datastoreId === 'postgres' ? 'PostgreSQL' : 'Redis'} (\`${store.service}\`)` : ''}.`,
    '',
    '- Every service: numeric non-root `user`, `read_only` with a small `tmpfs` for /tmp, `cap_drop: [ALL]`, `no-new-privileges`, CPU, memory and process limits (`deploy.resources.limits`), a health check.',
    port === null ? '- No port is published.' : `- Port ${port} is published on 127.0.0.1 only.`,
    `- The \`${name}\` service runs as ${DEFAULT_UID}:${DEFAULT_UID}, the user of the Bulkhead Dockerfile templates: change \`user\` if the image uses another.`,
    ...(store
      ? [
          `- \`${store.service}\` is on the internal \`backend\` network only, publishes no port, and gets its password from a file-based secret.`,
          ...store.notes.map((n) => `- ${n}`),
        ]
      : []),
    ...placeholders.map((p) => `- **Fill in** \`${p.text}\`: ${p.why}`),
    '',
    'Check it with `docker compose config --quiet`, then `docker compose up -d`.',
  ].join('\n');
  return { fileName: 'compose.yaml', text: lines.join('\n') + '\n', placeholders, note };
}
