import fs = require('node:fs');
import path = require('node:path');

/** What the CLI reads from its own package.json: the version it reports and where the project lives on the web. */
export interface ProjectInfo {
  version: string;
  /** The repository's web page (`https://github.com/owner/name`), or undefined when package.json names none. */
  homepage?: string;
}

/**
 * dist/cli.js sits beside the package's package.json, in the repository and in the published package. An unreadable
 * one leaves the version unknown and the project without a web address (reports then carry no help links).
 */
export function readProjectInfo(distDir: string): ProjectInfo {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(distDir, '..', 'package.json'), 'utf8')) as {
      version?: unknown;
      repository?: unknown;
    };
    return {
      version: typeof pkg.version === 'string' ? pkg.version : 'unknown',
      homepage: repositoryWebUrl(pkg.repository),
    };
  } catch {
    return { version: 'unknown' };
  }
}

/**
 * package.json `repository` as a web address: `{ "url": "git+https://github.com/o/n.git" }`, `"https://…"`, or npm's
 * shorthands `github:o/n` and `o/n` (docs.npmjs.com, package.json "repository"). Anything else: undefined.
 */
export function repositoryWebUrl(repository: unknown): string | undefined {
  const raw =
    typeof repository === 'string'
      ? repository
      : repository && typeof repository === 'object' && typeof (repository as { url?: unknown }).url === 'string'
        ? (repository as { url: string }).url
        : undefined;
  if (!raw) return undefined;
  const shorthand = /^(?:github:)?([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/.exec(raw.trim());
  if (shorthand) return `https://github.com/${shorthand[1]}/${shorthand[2].replace(/\.git$/, '')}`;
  const url = raw.trim().replace(/^git\+/, '');
  if (!/^https:\/\/[^\s/]+\/\S+$/.test(url)) return undefined;
  return url.replace(/\.git$/, '').replace(/\/$/, '');
}

/** Where the rule pages are on the web: the default branch's docs/rules/ folder of the repository. */
export function webDocsBase(homepage: string): string {
  return `${homepage}/blob/main/docs/rules`;
}
