/**
 * Hardened templates as pure functions: options in, file text out. No `vscode` import here or below: the CLI
 * (`bulkhead init`) bundles them, and the VS Code commands call the same functions.
 */
export type {
  RuntimeId,
  RuntimeInfo,
  DockerfileOptions,
  RenderedFile,
  ComposeOptions,
  DevcontainerOptions,
} from './types';
export { RUNTIMES, renderDockerfile } from './dockerfile';
export { renderDockerignore } from './dockerignore';
export { renderDaemonJson } from './daemonJson';
export { renderComposeService } from './compose';
export { renderAuditRules } from './auditRules';
export { renderDevcontainer } from './devcontainer';
