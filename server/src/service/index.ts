/**
 * The pure language service as a bundle of its own (dist/service.js): text in, LSP types out; no file system, no
 * connection. The CLI and the language server import the modules they need and so do the TypeScript tests: this is
 * what the scripts (`generate`, `corpus-report`), the benchmarks (test/bench) and the tests still written against the
 * bundle (test/unit/*.mjs) use.
 */
export { lintDocument } from './languages';
export type { DocumentLint, LintedKind } from './languages';
export { lintDockerfile } from '../dockerfile/service/lint';
export type { DockerfileLintResult, LintOptions } from '../dockerfile/service/lint';
export { lintDaemon } from '../daemon/service/lint';
export type { DaemonLintResult, DaemonEnvironment } from '../daemon/service/lint';
export { lintCompose } from '../compose/service/lint';
export type { ComposeLintResult } from '../compose/service/lint';
export { DEFAULT_CONFIG } from '../rules/context';
export type { EffectiveConfig, LintEnvironment } from '../rules/context';
export { allRules } from './registry';
export { daemonSchema } from '../daemon/schema';
export { MAX_GLOB_LENGTH, MAX_GLOBS } from '../text/glob';
