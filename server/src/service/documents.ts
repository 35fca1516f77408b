/** Which documents Bulkhead lints, by file name (the language id alone is not enough: `Dockerfile.prod`). */
export type LintedKind = 'dockerfile';

const DOCKERFILE_NAME = /^(dockerfile|containerfile)([.\-_].*)?$|\.(dockerfile|containerfile)$/i;
const NOT_DOCKERFILE = /\.(md|txt|sh|go|py|js|ts|json|ya?ml|toml|rs|java|rb|ps1|bat|cmd|html|xml|dockerignore|orig|rej|bak|swp|sample|template|tmpl|tpl|j2|jinja2?|erb|mustache|in)$/i;

export function basenameOf(uriOrPath: string): string {
  const clean = uriOrPath.replace(/[?#].*$/, '');
  const parts = clean.split(/[\\/]/);
  return decodeURIComponent(parts[parts.length - 1] ?? '');
}

export function isDockerfileName(name: string): boolean {
  return DOCKERFILE_NAME.test(name) && !NOT_DOCKERFILE.test(name);
}

/** The kind of a document, from its language id (editor) or its name (CLI). */
export function documentKind(uri: string, languageId?: string): LintedKind | null {
  if (languageId === 'dockerfile') return 'dockerfile';
  return isDockerfileName(basenameOf(uri)) ? 'dockerfile' : null;
}
