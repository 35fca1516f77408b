import { dockerfileGlob } from '../../shared/src/dockerfileNames';

/**
 * The documents the editor hands the language server: each kind's names, as its descriptor's `recognise` knows them
 * (the server's descriptors cannot be imported here, so test/unit/languages.test.ts checks that every kind's names are
 * matched). No `vscode` import: the tests read it.
 */
export const DOCUMENT_SELECTOR = [
  { language: 'dockerfile' },
  // the names the CLI's walk finds too (shared/src/dockerfileNames.ts); the server leaves out templates and docs
  { scheme: 'file', pattern: dockerfileGlob() },
  { pattern: '**/daemon.json' },
  { pattern: '**/{compose,docker-compose}.{yaml,yml}' },
  { pattern: '**/{compose,docker-compose}.*.{yaml,yml}' },
  { pattern: '**/{devcontainer.json,.devcontainer.json}' },
];

/**
 * The `bulkhead.<filesSetting>.files` settings (the descriptors' `recognise.filesSetting`), whose globs name more files
 * of a kind: the selector takes them in too.
 */
export const FILES_SETTINGS: readonly string[] = ['daemon.files', 'compose.files'];

/** The selector plus the files settings' globs (a pattern without a folder matches the name anywhere). */
export function selectorWithGlobs(globs: readonly string[]) {
  return [...DOCUMENT_SELECTOR, ...globs.map((g) => ({ pattern: g.includes('/') ? g : `**/${g}` }))];
}
