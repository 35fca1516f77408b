import { alpineBase, multiStage } from './dockerfileParts';
import { RECOMMENDED_RELEASES as R } from '../recommended';

// the Node.js line is the recommended one, an LTS line (../recommended.ts, held to server/src/data/baseImageEol.ts)
const IMAGE = `node:${R.node}-alpine`;

/** Node.js: npm ci and the build in one stage, production dependencies only in the final image. */
export const nodeTemplate = multiStage({
  info: {
    id: 'node',
    label: 'Node.js',
    description: `Node.js ${R.node} LTS on Alpine (${IMAGE}): npm ci and build in a build stage, production dependencies only in the image`,
    defaultPort: 3000,
    defaultStartCommand: ['node', 'server.js'],
  },
  buildImage: IMAGE,
  image: IMAGE,
  buildKeeps: 'dev dependencies and build tools',
  build: [
    'WORKDIR /app',
    '# The manifest and lock file first: the dependency layer is rebuilt only when they change',
    'COPY package.json package-lock.json ./',
    '# npm ci installs exactly the versions package-lock.json pins, and fails if it is out of date.',
    '# A private registry token is a build secret, never an ARG, ENV or copied file (those stay in the image):',
    '#   RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
    '#   docker build --secret id=npmrc,src=$HOME/.npmrc .',
    'RUN --mount=type=cache,target=/root/.npm npm ci',
    'COPY . .',
    '# Build (when package.json has a build script), then drop the dev dependencies',
    'RUN npm run build --if-present && npm prune --omit=dev',
  ],
  base: alpineBase,
  final: () => [
    'ENV NODE_ENV=production',
    'WORKDIR /app',
    '# The code stays owned by root: the application can read it but not rewrite itself',
    'COPY --from=build /app ./',
  ],
  // node's own fetch: 2xx is healthy, anything else (or no answer) is not
  check: (port) => [
    'node',
    '-e',
    `fetch('http://127.0.0.1:${port}/').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
  ],
  checkWhy: 'node itself fetches the page (no curl or wget needed)',
  notes: [
    'Expects `package.json` and `package-lock.json` in the build context (`npm ci` refuses to run without the lock file).',
  ],
});
