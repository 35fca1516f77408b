// Benchmark inputs: the shared corpus (read from disk) and two synthetic documents for the per-edit latency.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';

/** Every file under `dir`, recursively, sorted (stable order between runs); null when the directory is absent. */
export function loadCorpus(dir) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return null;
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) files.push({ path: p, text: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text, 'utf8'), 0);
  return { files, bytes };
}

/** A typical 40-line, two-stage Dockerfile (a Node service). */
export const TYPICAL_40 = `# syntax=docker/dockerfile:1
ARG NODE_VERSION=20.11.1

FROM node:\${NODE_VERSION}-bookworm AS build
WORKDIR /src
ENV NODE_ENV=development \\
    NPM_CONFIG_LOGLEVEL=warn
RUN apt-get update && apt-get install -y --no-install-recommends \\
      python3 make g++ \\
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:\${NODE_VERSION}-bookworm-slim
LABEL org.opencontainers.image.title="orders-api" \\
      org.opencontainers.image.source="https://example.com/orders-api"
ENV NODE_ENV=production \\
    PORT=8080
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends \\
      tini ca-certificates curl \\
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 app \\
    && useradd --system --uid 10001 --gid app --no-create-home app
COPY --from=build --chown=10001:10001 /src/node_modules ./node_modules
COPY --from=build --chown=10001:10001 /src/dist ./dist
COPY --chown=10001:10001 package.json ./
RUN chmod 755 /app/dist
EXPOSE 8080
VOLUME ["/app/data"]
HEALTHCHECK --interval=30s --timeout=3s \\
  CMD curl -fsS http://localhost:8080/healthz || exit 1
USER 10001:10001
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/server.js"]
# end
`;

/** A Dockerfile of exactly `n` instructions: several stages, a realistic mix of instruction kinds. */
export function largeDockerfile(n = 1000) {
  const out = [];
  let count = 0;
  const push = (line) => {
    out.push(line);
    count++;
  };
  let stage = 0;
  while (count < n) {
    const left = n - count;
    if (count % 100 === 0 && left > 1) {
      push(`FROM debian:bookworm-slim AS stage${stage}`);
      stage++;
      continue;
    }
    switch (count % 10) {
      case 0:
        push(`ARG VERSION_${count}=1.${count}.0`);
        break;
      case 1:
        push(`ENV APP_HOME_${count}=/opt/app${count} PATH=/opt/app${count}/bin:$PATH`);
        break;
      case 2:
        out.push(
          `RUN apt-get update && apt-get install -y --no-install-recommends \\\n      curl=7.88.1-10+deb12u${count % 9} ca-certificates \\\n    && rm -rf /var/lib/apt/lists/*`,
        );
        count++;
        break;
      case 3:
        push(`WORKDIR /opt/app${count}`);
        break;
      case 4:
        push(`COPY --chown=10001:10001 src/module${count} /opt/app${count}/`);
        break;
      case 5:
        push(
          `RUN set -eux; curl -fsSLo /tmp/pkg${count}.tgz https://example.com/pkg${count}.tgz && tar -xzf /tmp/pkg${count}.tgz -C /opt && rm /tmp/pkg${count}.tgz`,
        );
        break;
      case 6:
        push(`LABEL com.example.part${count}="module ${count}"`);
        break;
      case 7:
        push(`RUN chmod 755 /opt/app${count} && chown -R 10001:10001 /opt/app${count}`);
        break;
      case 8:
        push(`EXPOSE ${8000 + (count % 1000)}`);
        break;
      default:
        push(`USER 10001:10001`);
    }
  }
  return out.join('\n') + '\n';
}
