import type { RenderedFile, RuntimeId } from './types';

/** What every build context keeps out: history, secrets and keys, local tooling. */
const COMMON = [
  '# Keep the build context small and free of secrets: nothing below reaches `docker build` or the image.',
  '',
  '# Version control history (old secrets live on in it) and local tooling',
  '.git',
  '.gitignore',
  '.hg',
  '.svn',
  '.vscode',
  '.idea',
  '*.swp',
  '.DS_Store',
  '',
  '# Secrets, keys and credentials: pass what a build needs with `RUN --mount=type=secret`',
  '.env',
  '.env.*',
  '!.env.example',
  'secrets',
  '**/*.pem',
  '**/*.key',
  '**/*.p12',
  '**/*.pfx',
  '**/*.jks',
  '**/id_rsa*',
  '**/id_ecdsa*',
  '**/id_ed25519*',
  '**/.ssh',
  '**/.aws',
  '**/.docker',
  '**/.kube',
  '**/kubeconfig',
  '**/credentials.json',
  '**/.npmrc',
  '**/.pypirc',
  '**/.netrc',
  '**/.git-credentials',
  '**/*.tfstate*',
  '',
  '# Container files themselves (BuildKit reads the Dockerfile and this file anyway)',
  'Dockerfile*',
  '.dockerignore',
  'compose*.yaml',
  'compose*.yml',
  'docker-compose*.yaml',
  'docker-compose*.yml',
  '',
  '# Logs and test output',
  '**/*.log',
  'coverage',
];

/** Dependencies and build output the image builds itself, per runtime. */
const BY_RUNTIME: Record<RuntimeId, { title: string; lines: string[] }> = {
  node: {
    title: 'Node.js: dependencies are installed by npm ci in the image',
    lines: ['**/node_modules', '.npm', '.nyc_output'],
  },
  python: {
    title: 'Python: the virtual environment is built in the image',
    lines: [
      '**/__pycache__',
      '**/*.py[cod]',
      '.venv',
      'venv',
      '.pytest_cache',
      '.mypy_cache',
      '.ruff_cache',
      '.tox',
      '*.egg-info',
      'build',
      'dist',
      '.coverage',
      'htmlcov',
    ],
  },
  go: { title: 'Go: the binary is built in the image', lines: ['bin', '*.test', '*.out'] },
  'java-maven': {
    title: 'Java: Maven builds target/ in the image',
    lines: ['target', '.mvn/wrapper/maven-wrapper.jar', '*.class'],
  },
  dotnet: {
    title: '.NET: restore and publish run in the image',
    lines: ['**/bin', '**/obj', '.vs', '*.user', 'TestResults'],
  },
  rust: { title: 'Rust: cargo builds target/ in the image', lines: ['target'] },
  'static-nginx': { title: 'Static site: only the built site is copied', lines: ['**/node_modules', '.cache'] },
  alpine: { title: 'Generic image: only the program is copied', lines: [] },
  'ubi-minimal': { title: 'Generic image: only the program is copied', lines: [] },
};

/** A `.dockerignore` for the runtime's build context (or a generic one). */
export function renderDockerignore(o: { runtime?: RuntimeId } = {}): RenderedFile {
  const lines = [...COMMON];
  const specific = o.runtime ? BY_RUNTIME[o.runtime] : undefined;
  if (o.runtime && !specific) throw new RangeError(`unknown runtime "${String(o.runtime)}"`);
  if (specific?.lines.length) lines.push('', `# ${specific.title}`, ...specific.lines);
  return {
    fileName: '.dockerignore',
    text: lines.join('\n') + '\n',
    placeholders: [],
    note: [
      '**.dockerignore**: keeps VCS history, `.env` files, keys and credentials out of the build context, so `COPY . .` cannot put them in a layer.',
      '',
      '- A file the build needs that matches a line here is invisible to `docker build`: add a `!path` line after it.',
      '- Secrets a build needs go in with `RUN --mount=type=secret,id=<name>` and `docker build --secret id=<name>,src=<file>`.',
    ].join('\n'),
  };
}
