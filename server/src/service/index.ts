/**
 * The pure language service as a bundle of its own (dist/service.js): text in, LSP types out; no file system, no
 * connection. The CLI, the language server and the tests import the modules they need; this is what the scripts and
 * the benchmarks read from the bundle: `scripts/generate.mjs` (allRules, LANGUAGES (each kind's name and suppression
 * text, for the rule pages' headers), daemonSchema, the glob and build-argument limits, the Dockerfile names),
 * `scripts/corpus-report.mjs` (lintDockerfile, allRules, DEFAULT_CONFIG) and test/bench (lintDockerfile, lintDaemon).
 */
export { lintDockerfile } from '../dockerfile/service/lint';
export { lintDaemon } from '../daemon/service/lint';
export { DEFAULT_CONFIG } from '../rules/context';
export { allRules } from './registry';
export { LANGUAGES } from './languages';
export { daemonSchema } from '../daemon/schema';
export { MAX_GLOB_LENGTH, MAX_GLOBS } from '../text/glob';
export { MAX_BUILD_ARG_NAME, MAX_BUILD_ARG_VALUE, MAX_BUILD_ARGS } from './config';
export { DOCKERFILE_FILENAMES, DOCKERFILE_FILENAME_PATTERNS } from '../../../shared/src/dockerfileNames';
