/**
 * The pure language service: text in, LSP types out. No file system, no connection. The server, the CLI,
 * tests and benchmarks all go through here.
 */
export { lintDockerfile } from '../dockerfile/service/lint';
export { DEFAULT_DOCS_BASE } from '../common/docsBase';
export { ruleHoverMarkdown } from '../rules/hover';
export { inspectInput, MAX_LINT_BYTES } from './input';
export { SOURCE, severityName } from '../rules/diagnostics';
export type { DockerfileLintResult, LintOptions } from '../dockerfile/service/lint';
export { hoverDockerfile } from '../dockerfile/service/hover';
export { codeActionsDockerfile } from '../dockerfile/service/codeActions';
export { fixAllEdits, fixAllUntilStable, smallestEdit, MAX_FIX_ALL_ROUNDS } from './fixAll';
export type { DocumentRef } from '../rules/codeActions';
export { isDockerfileName, basenameOf, settingGlobs } from '../common/documents';
export { documentKind, lintDocument, LANGUAGES } from './languages';
export type { DocumentLint, LintedKind } from './languages';
export { MAX_GLOB_LENGTH, MAX_GLOBS } from '../text/glob';
export { mergeConfig } from './config';
export type { ConfigSources, ConfigProblem } from './config';
export { allRules, ruleById } from './registry';
export { parseDockerfile } from '../dockerfile/model/model';
export { tokenizeShell } from '../dockerfile/model/shell';
export { joinLines } from '../dockerfile/model/logical';
export { maskSecret } from '../rules/secrets';
export { DATA_TABLES as dataTables } from '../data/tables';
export { DEFAULT_CONFIG } from '../rules/context';
export type { EffectiveConfig, LintEnvironment } from '../rules/context';
export type { DiagnosticData } from '../rules/diagnostics';
export { lintDaemon, platformOf, engineVersionOf } from '../daemon/service/lint';
export type { DaemonLintResult, DaemonEnvironment } from '../daemon/service/lint';
export { parseDaemonJson } from '../daemon/model';
export { analyzeSyntax } from '../daemon/syntax';
export { daemonSchema } from '../daemon/schema';
export {
  DAEMON_KEYS,
  IGNORED_SPELLINGS,
  REJECTED_FIELDS,
  REMOVED_KEYS,
  CIS_BASELINE,
  validKeys,
  acceptedKeys,
} from '../daemon/keys';
export { keyCardMarkdown } from '../daemon/hover';
export { lintCompose } from '../compose/service/lint';
export { codeActionsCompose, hoverCompose } from '../compose/service/features';
export type { ComposeLintResult } from '../compose/service/lint';
export { parseCompose } from '../compose/model';
export { secureBaselineEdits } from '../daemon/service/baseline';
