import { debianBase, multiStage } from './dockerfileParts';
import { RECOMMENDED_RELEASES as R } from '../recommended';

// the Python line is the recommended one (../recommended.ts, held to server/src/data/baseImageEol.ts); slim is the minimal Debian variant
const IMAGE = `python:${R.python}-slim`;

/** Python: dependencies in a virtual environment built in its own stage, copied into a slim image. */
export const pythonTemplate = multiStage({
  info: {
    id: 'python',
    label: 'Python',
    description: `Python ${R.python} slim (${IMAGE}): dependencies installed into a virtual environment in a build stage`,
    defaultPort: 8000,
    defaultStartCommand: ['python', 'app.py'],
  },
  buildImage: IMAGE,
  image: IMAGE,
  buildKeeps: 'compilers, pip caches and build files',
  build: [
    'ENV PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1',
    '# A virtual environment: one folder to copy into the final stage',
    'RUN python -m venv /opt/venv',
    'ENV PATH=/opt/venv/bin:$PATH',
    'WORKDIR /app',
    'COPY requirements.txt ./',
    '# Pin every version with its hash in requirements.txt (pip-compile --generate-hashes) and add --require-hashes.',
    '# A private index token is a build secret, never an ARG, ENV or copied file (those stay in the image):',
    '#   RUN --mount=type=secret,id=pip_index_url,env=PIP_INDEX_URL pip install --no-cache-dir -r requirements.txt',
    'RUN pip install --no-cache-dir -r requirements.txt',
  ],
  base: debianBase,
  final: () => [
    'ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1',
    'WORKDIR /app',
    '# Dependencies and code stay owned by root: the application can read them but not rewrite itself',
    'COPY --from=build /opt/venv /opt/venv',
    'COPY . .',
  ],
  // urllib raises on an HTTP error status or no answer: exit code 1
  check: (port) => [
    'python',
    '-c',
    `import urllib.request; urllib.request.urlopen('http://127.0.0.1:${port}/', timeout=4)`,
  ],
  checkWhy: 'Python itself requests the page (no curl or wget needed)',
  notes: ['Expects `requirements.txt` in the build context.'],
});
