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

/**
 * The client command that confirms the daemon.json secure baseline with its caveats on screen and then applies it:
 * a client that has it says so in `initializationOptions.secureBaselineCommand`, and the server's "Apply secure
 * baseline" action carries the command with these arguments instead of an annotated edit.
 */
export const SECURE_BASELINE_COMMAND = 'bulkhead.applySecureBaseline';

export interface SecureBaselineArguments {
  uri: string;
  /** The document version the edits are for (null: not versioned). */
  version: number | null;
  edits: { range: { start: Position; end: Position }; newText: string }[];
  /** The keys the baseline sets, for the confirmation's question. */
  changes: string[];
  /** What the baseline may break or leaves alone, one line each. */
  caveats: string[];
}

interface Position {
  line: number;
  character: number;
}

/**
 * The `bulkhead/pinImages` request: the server asks the registries the document names (waiting for them, unlike a
 * lint) and answers the edits that pin each tagged image reference to the digest its tag gives now. With `position`,
 * only the reference there. Needs `bulkhead.registry.enabled`: the answer says so otherwise.
 */
export const PIN_IMAGES_METHOD = 'bulkhead/pinImages';

export interface PinImagesParams {
  uri: string;
  position?: { line: number; character: number };
}

export interface PinImagesResult {
  /** The text edits to the document (LSP TextEdit shape), empty when nothing could be pinned. */
  edits: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }[];
  /** The document's version the edits are for. */
  version: number | null;
  /** How many references the edits pin. */
  pinned: number;
  /** Why a reference was not pinned (`app:1.0: unauthorized: …`), and why nothing was asked (registry off). */
  problems: string[];
  /** The registry is off (`bulkhead.registry.enabled`): nothing was asked. */
  disabled: boolean;
}

/** The `bulkhead/clearImageCache` request: the server forgets every image fact it fetched (memory and disk). */
export const CLEAR_IMAGE_CACHE_METHOD = 'bulkhead/clearImageCache';
