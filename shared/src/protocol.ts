/**
 * The custom requests between the client and the language server: both sides import these, so the method names and
 * payload shapes cannot drift apart. Types and constants only (no `vscode`, nothing from client/ or server/).
 */

/** The `bulkhead/scanWorkspace` request: the client and the server agree on these. */
export const SCAN_WORKSPACE_METHOD = 'bulkhead/scanWorkspace';

export interface ScanWorkspaceParams {
  /** Folders to scan (file URIs or absolute paths); default the workspace folders. */
  folders?: string[];
  workDoneToken?: string | number;
}

/** Findings per severity, for the summary. */
export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
  hint: number;
}

export interface ScanWorkspaceSummary {
  /** Files found. */
  total: number;
  /** Files linted. */
  files: number;
  findings: SeverityCounts;
  cancelled: boolean;
  skipped: { path: string; reason: string }[];
}
