/**
 * The one list of Dockerfile names. The CLI's folder walk and Scan Workspace (isDockerfileName, through the Dockerfile
 * kind's descriptor), the editor's document selector (client/src/documentSelector.ts) and the `dockerfile` language's
 * `filenames`/`filenamePatterns` in package.json (written by scripts/generate.mjs) all read it, so a file is a
 * Dockerfile to all of them or to none. Names compare in any case, as VS Code compares file name patterns.
 */

/** Exact names. */
export const DOCKERFILE_FILENAMES: readonly string[] = ['Dockerfile', 'Containerfile'];

/**
 * Patterns, each a literal with one `*` at its start or its end: `Dockerfile.prod`, `Dockerfile-dev`,
 * `Dockerfile_prod`, `api.Dockerfile`, and the same for Containerfile (Podman's name).
 */
export const DOCKERFILE_FILENAME_PATTERNS: readonly string[] = [
  'Dockerfile.*',
  'Dockerfile-*',
  'Dockerfile_*',
  '*.Dockerfile',
  '*.dockerfile',
  'Containerfile.*',
  'Containerfile-*',
  'Containerfile_*',
  '*.Containerfile',
  '*.containerfile',
];

/**
 * Extensions that make a Dockerfile-like name something else: documentation, scripts, data, editor and patch
 * leftovers, and templates. A template (`Dockerfile.template`, `Dockerfile-alpine.template`, as the official-image
 * repositories keep them) is the input of a generator (jq, Go templates, Jinja, ERB) whose output is the Dockerfile
 * committed beside it: its `{{ … }}` lines are not instructions, so linting it would report the template language,
 * and the Dockerfiles generated from it are linted instead. A template named on the command line is still checked.
 */
export const NOT_DOCKERFILE_EXTENSIONS: readonly string[] = [
  'md',
  'txt',
  'sh',
  'go',
  'py',
  'js',
  'ts',
  'json',
  'yml',
  'yaml',
  'toml',
  'rs',
  'java',
  'rb',
  'ps1',
  'bat',
  'cmd',
  'html',
  'xml',
  'dockerignore',
  'orig',
  'rej',
  'bak',
  'swp',
  'sample',
  'template',
  'tmpl',
  'tpl',
  'j2',
  'jinja',
  'jinja2',
  'erb',
  'mustache',
  'in',
];

const EXACT = new Set(DOCKERFILE_FILENAMES.map((n) => n.toLowerCase()));
const PREFIXES = DOCKERFILE_FILENAME_PATTERNS.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1).toLowerCase());
const SUFFIXES = DOCKERFILE_FILENAME_PATTERNS.filter((p) => p.startsWith('*')).map((p) => p.slice(1).toLowerCase());
const EXCLUDED = new Set(NOT_DOCKERFILE_EXTENSIONS);

/** The name matches an entry of the list (any case), whatever its extension. */
export function matchesDockerfilePattern(name: string): boolean {
  const lower = name.toLowerCase();
  return EXACT.has(lower) || PREFIXES.some((p) => lower.startsWith(p)) || SUFFIXES.some((s) => lower.endsWith(s));
}

/** A Dockerfile by its name: it matches the list and does not end in one of NOT_DOCKERFILE_EXTENSIONS. */
export function isDockerfileName(name: string): boolean {
  if (!matchesDockerfilePattern(name)) return false;
  const dot = name.lastIndexOf('.');
  return dot < 0 || !EXCLUDED.has(name.slice(dot + 1).toLowerCase());
}

/** The list as one glob for a document selector: `**\/{Dockerfile,Containerfile,Dockerfile.*,…}`. */
export function dockerfileGlob(): string {
  return `**/{${[...DOCKERFILE_FILENAMES, ...DOCKERFILE_FILENAME_PATTERNS].join(',')}}`;
}
