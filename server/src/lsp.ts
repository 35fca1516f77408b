import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  Connection,
  TextDocuments,
  TextDocumentSyncKind,
  CodeActionKind,
  DocumentDiagnosticReportKind,
  InitializeParams,
  InitializeResult,
  Diagnostic,
  DiagnosticSeverity,
  ResponseError,
  LSPErrorCodes,
  ErrorCodes,
  CancellationToken,
  WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DaemonEnvironment } from './rules/context';
import { describeError, stoppedDiagnostic } from './service/lint';
import type { LintSetup } from './rules/language';
import {
  documentKind,
  lintDocument,
  mayBeNamedBySettings,
  DocumentLint,
  FilesSettings,
  LintedKind,
} from './service/languages';
import { EDITOR_LINT_BUDGET_MS, withinBudget } from './common/budget';
import { FIX_ALL_KIND } from './rules/codeActions';
import { SECURE_BASELINE_KIND } from './daemon/service/features';
import { settingGlobs } from './common/documents';
import { mergeConfig } from './service/config';
import type { EffectiveConfig, LintEnvironment } from './rules/context';
import { findConfigFiles, readDockerignore } from './config/files';
import { inspectInput, MAX_LINT_BYTES, tooLargeMessage } from './service/input';
import { DEFAULT_DOCS_BASE } from './common/docsBase';
import {
  scanFiles,
  countBySeverity,
  SCAN_WORKSPACE_METHOD,
  ScanFile,
  ScanWorkspaceParams,
  ScanWorkspaceSummary,
} from './service/scan';
import { collectTargets, describeFsError } from './service/walk';

interface BulkheadSettings {
  rules?: Record<string, unknown>;
  trustedRegistries?: unknown;
  daemon?: { engineVersion?: unknown; platform?: unknown; files?: unknown };
  compose?: { files?: unknown };
}

interface DocumentSetup {
  config: EffectiveConfig;
  env: LintEnvironment;
  daemon: DaemonEnvironment;
  /** `bulkhead.daemon.files`, `bulkhead.compose.files`: more globs of daemon.json and Compose files. */
  files: FilesSettings;
}

/** What the client says about itself (`initializationOptions`). */
interface ClientOptions {
  settings?: BulkheadSettings;
  /**
   * The editor validates JSON syntax and shows the contributed daemon.json schema's key descriptions (VS Code's JSON
   * language features): the server then leaves structural JSON errors and key cards to it, so nothing shows twice.
   */
  editorJsonFeatures?: boolean;
}

/** A lint, or the one diagnostic that says it was stopped at its deadline (nothing else of it is kept). */
type LintResult = { kind: 'linted'; lint: DocumentLint } | { kind: 'stopped'; diagnostics: Diagnostic[] };

/** How the server lints: the service's dispatch, within a deadline. Both injectable (tests give a rule that hangs). */
export interface ServerOptions {
  /** Milliseconds one lint may take before it is stopped and reported (default EDITOR_LINT_BUDGET_MS). */
  lintBudgetMs?: number;
  /** The lint itself (default: the pure service's `lintDocument`). */
  lint?: typeof lintDocument;
}

/**
 * Thin LSP wiring: connection, documents, per-document settings, and the pure service. No rule lives here.
 *
 * Caches are keyed by a generation: it moves on every configuration or watched-file change and, per document, on
 * close. A lint that was already waiting for settings when the generation moved never stores its result, so a stale
 * configuration or a closed document's text can not come back.
 */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const lintBudgetMs = options.lintBudgetMs ?? EDITOR_LINT_BUDGET_MS;
  const lintEngine = options.lint ?? lintDocument;

  let pullDiagnostics = false;
  let configurationCapability = false;
  let workspaceRoots: string[] = [];
  let globalSettings: BulkheadSettings = {};
  let editorJsonFeatures = false;
  let workDoneProgressCapability = false;

  let configGeneration = 0;
  const closes = new Map<string, number>();
  const generationOf = (uri: string) => `${configGeneration}:${closes.get(uri) ?? 0}`;
  const setups = new Map<string, { generation: string; setup: Promise<DocumentSetup> }>();
  // keyed by the text itself, not the client's version number: a client that repeats a version must not get the
  // previous text's findings (comparing is cheap: an unchanged document hands back the same string)
  const results = new Map<string, { generation: string; text: string; result: LintResult }>();

  // After `shutdown` the protocol allows only `exit`: every other request is refused, none is answered from state the
  // client has already let go of (LSP 3.17, Shutdown Request).
  let shutDown = false;
  connection.onShutdown(() => {
    shutDown = true;
  });
  const refuseAfterShutdown = () => {
    if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'the server is shutting down');
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    configurationCapability = !!caps.workspace?.configuration;
    workDoneProgressCapability = !!caps.window?.workDoneProgress;
    workspaceRoots = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    if (!workspaceRoots.length && params.rootUri) {
      const p = uriToPath(params.rootUri);
      if (p) workspaceRoots.push(p);
    }
    const init = params.initializationOptions as ClientOptions | undefined;
    if (init?.settings) globalSettings = init.settings;
    editorJsonFeatures = init?.editorJsonFeatures === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, SECURE_BASELINE_KIND],
          resolveProvider: false,
        },
        ...(pullDiagnostics
          ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } }
          : {}),
      },
      serverInfo: { name: 'bulkhead', version: '0.1.0' },
    };
  });

  function workspaceRootFor(file: string): string | undefined {
    return workspaceRoots
      .filter((r) => file === r || file.startsWith(r + path.sep))
      .sort((a, b) => b.length - a.length)[0];
  }

  async function settingsFor(uri: string): Promise<BulkheadSettings> {
    if (!configurationCapability) return globalSettings;
    try {
      const s = (await connection.workspace.getConfiguration({
        scopeUri: uri,
        section: 'bulkhead',
      })) as BulkheadSettings | null;
      return s ?? {};
    } catch {
      return globalSettings;
    }
  }

  async function loadSetup(uri: string): Promise<DocumentSetup> {
    return setupFromSettings(await settingsFor(uri), uriToPath(uri));
  }

  /**
   * The setup of a file (undefined: not on disk) under these settings; config files are looked up to `root` (default
   * the file's workspace folder). `warned` says each config problem once.
   */
  function setupFromSettings(
    settings: BulkheadSettings,
    file: string | undefined,
    { root, warned }: { root?: string; warned?: Set<string> } = {},
  ): DocumentSetup {
    const files = file ? findConfigFiles(file, root ?? workspaceRootFor(file)) : {};
    const { config, problems } = mergeConfig({ settings, ...files });
    const warn = (line: string) => {
      if (warned?.has(line)) return;
      warned?.add(line);
      connection.console.warn(line);
    };
    for (const p of problems) warn(`${p.path}: ${p.message}`);
    const d = settings.daemon ?? {};
    const daemon: DaemonEnvironment = {
      engineVersion:
        typeof d.engineVersion === 'string' || typeof d.engineVersion === 'number' ? d.engineVersion : undefined,
      platform: d.platform === 'linux' || d.platform === 'windows' ? d.platform : 'auto',
    };
    const globs: FilesSettings = {
      daemon: settingGlobs(d.files, { setting: 'bulkhead.daemon.files', warn }),
      compose: settingGlobs(settings.compose?.files, { setting: 'bulkhead.compose.files', warn }),
    };
    if (!file) return { config, env: {}, daemon, files: globs };
    const ignore = readDockerignore(file);
    return {
      config,
      env: { dockerignore: ignore?.text ?? null, dockerignorePath: ignore ? path.basename(ignore.path) : undefined },
      daemon,
      files: globs,
    };
  }

  function setupFor(uri: string, generation: string): Promise<DocumentSetup> {
    const known = setups.get(uri);
    if (known && known.generation === generation) return known.setup;
    const setup = loadSetup(uri);
    setups.set(uri, { generation, setup });
    return setup;
  }

  /** Lint the open document's current text (cached per version and generation). */
  /** What the document is, or null when Bulkhead does not lint it. */
  async function kindOf(uri: string, generation: string): Promise<LintedKind | null> {
    const doc = documents.get(uri);
    if (!doc) return null;
    const byName = documentKind(uri, doc.languageId);
    if (byName || !mayBeNamedBySettings(doc.languageId)) return byName;
    // a JSON or YAML file that only the bulkhead.daemon.files / bulkhead.compose.files globs can name
    const setup = await setupFor(uri, generation);
    return documentKind(uri, doc.languageId, setup.files);
  }

  /** Lint the open document's current text (cached per version and generation). */
  async function lint(uri: string, token?: CancellationToken): Promise<LintResult | null> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = documents.get(uri);
      if (!doc || inspectInput(doc.getText())) return null;
      const generation = generationOf(uri);
      const cached = results.get(uri);
      if (cached && cached.text === doc.getText() && cached.generation === generation) return cached.result;
      const kind = await kindOf(uri, generation);
      if (!kind) return null;
      const { config, env, daemon } = await setupFor(uri, generation);
      if (token?.isCancellationRequested)
        throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled: the document changed');
      if (generationOf(uri) !== generation) continue; // settings or files changed while we waited: start over
      const current = documents.get(uri);
      if (!current) return null;
      const text = current.getText();
      const result = lintWithinBudget(kind, text, uri, { config, env: { ...env, today: new Date() }, daemon });
      results.set(uri, { generation, text, result });
      return result;
    }
    return null;
  }

  /**
   * One lint within the deadline. A stopped lint leaves one information diagnostic naming the step that ran over, and
   * the server goes on serving every other document. A lint that throws (a bug outside any rule) is reported the same
   * way rather than losing the document's diagnostics without a word.
   */
  function lintWithinBudget(kind: LintedKind, text: string, uri: string, setup: LintSetup): LintResult {
    try {
      const outcome = withinBudget(
        () => lintEngine(kind, text, uri, setup, { docsBase: DEFAULT_DOCS_BASE }),
        lintBudgetMs,
      );
      if (outcome.done) {
        reportFailures(outcome.value.result.failures, uri);
        return { kind: 'linted', lint: outcome.value };
      }
      connection.console.error(`lint of ${uri} stopped after ${lintBudgetMs} ms: ${outcome.step} did not finish`);
      return { kind: 'stopped', diagnostics: [stoppedDiagnostic(outcome.step, lintBudgetMs)] };
    } catch (e) {
      const reason = describeError(e);
      connection.console.error(`lint of ${uri} failed: ${reason}`);
      return {
        kind: 'stopped',
        diagnostics: [
          {
            ...stoppedDiagnostic('', 0),
            message: `Bulkhead could not check this file (internal error: ${reason}); its findings are missing. Please report this file.`,
          },
        ],
      };
    }
  }

  /** The diagnostics to publish: in VS Code the JSON language service already reports structural JSON errors. */
  function published(lint: LintResult): Diagnostic[] {
    return lint.kind === 'stopped' ? lint.diagnostics : lint.lint.published({ editorFeatures: editorJsonFeatures });
  }

  async function diagnosticsFor(uri: string, token?: CancellationToken): Promise<Diagnostic[]> {
    const doc = documents.get(uri);
    if (!doc) return [];
    const input = inspectInput(doc.getText());
    if (input) {
      const kind = await kindOf(uri, generationOf(uri));
      if (!kind) return [];
      return [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Information,
          source: 'bulkhead',
          message: inspectInput(doc.getText(), kind) ?? input,
        },
      ];
    }
    const result = await lint(uri, token);
    return result ? published(result) : [];
  }

  // Push mode (clients without pull diagnostics): lint after a short pause; a newer edit supersedes a pending lint.
  const pending = new Map<string, NodeJS.Timeout>();
  function schedulePush(uri: string, delay = 100): void {
    if (pullDiagnostics || shutDown) return;
    clearTimeout(pending.get(uri));
    const doc = documents.get(uri);
    const version = doc?.version;
    const text = doc?.getText();
    // the text, not the version, says whether the document moved on (a client may repeat a version number)
    const current = () => documents.get(uri)?.getText() === text;
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri);
        if (!current()) return;
        // nothing may escape a timer callback: it would end the whole server, and every document's diagnostics
        diagnosticsFor(uri).then(
          (diagnostics) => {
            if (current()) connection.sendDiagnostics({ uri, version, diagnostics });
          },
          (e) => connection.console.error(`diagnostics for ${uri} failed: ${describeError(e)}`),
        );
      }, delay),
    );
  }

  documents.onDidOpen((e) => schedulePush(e.document.uri, 0));
  documents.onDidChangeContent((e) => schedulePush(e.document.uri));
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    clearTimeout(pending.get(uri));
    pending.delete(uri);
    closes.set(uri, (closes.get(uri) ?? 0) + 1);
    setups.delete(uri);
    results.delete(uri);
    if (!pullDiagnostics) connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on(async (params, token) => {
    refuseAfterShutdown();
    return { kind: DocumentDiagnosticReportKind.Full, items: await diagnosticsFor(params.textDocument.uri, token) };
  });

  connection.onHover(async (params) => {
    refuseAfterShutdown();
    const lint_ = await lint(params.textDocument.uri);
    if (!lint_ || lint_.kind === 'stopped') return null;
    return lint_.lint.hover(params.position, { editorKeyCards: editorJsonFeatures });
  });

  connection.onCodeAction(async (params) => {
    refuseAfterShutdown();
    const lint_ = await lint(params.textDocument.uri);
    const doc = documents.get(params.textDocument.uri);
    if (!lint_ || lint_.kind === 'stopped' || !doc) return [];
    // Fix All lints the document again after each round of fixes: the same deadline as a lint applies
    const ref = { uri: doc.uri, version: doc.version };
    const outcome = withinBudget(
      () => lint_.lint.codeActions(ref, params.range, params.context.diagnostics, params.context.only),
      lintBudgetMs,
    );
    if (outcome.done) return outcome.value;
    connection.console.error(
      `code actions for ${doc.uri} stopped after ${lintBudgetMs} ms: ${outcome.step} did not finish`,
    );
    return [];
  });

  function relintAll(): void {
    configGeneration++;
    setups.clear();
    results.clear();
    if (pullDiagnostics) connection.languages.diagnostics.refresh().catch(() => undefined);
    else for (const doc of documents.all()) schedulePush(doc.uri, 0);
  }

  connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as { bulkhead?: BulkheadSettings } | undefined)?.bulkhead;
    if (s) globalSettings = s;
    relintAll();
  });

  // .bulkhead.json, .hadolint.yaml and .dockerignore changes (the client watches them)
  connection.onDidChangeWatchedFiles(() => relintAll());

  /** Error type and top frame only: a message could quote the document (secrets included). */
  function reportFailures(failures: readonly { rule: string; error: string }[], uri: string): void {
    for (const f of failures)
      connection.console.error(
        `rule ${f.rule} failed on ${uri}: ${f.error
          .split('\n')
          .slice(0, 2)
          .map((l) => l.replace(/^(\w*Error):.*$/, '$1'))
          .join(' ')}`,
      );
  }

  // ---- Scan Workspace (bulkhead/scanWorkspace): lint the files that are not open and publish their diagnostics ----

  /** Files (by path) whose diagnostics a scan published, with the URI they went out under. */
  const scanPublished = new Map<string, string>();

  // An opened file gets live diagnostics; a pull client keeps pushed ones apart, so the scan's would show twice.
  documents.onDidOpen((e) => {
    const file = uriToPath(e.document.uri);
    const uri = file && scanPublished.get(file);
    if (!file || !uri) return;
    scanPublished.delete(file);
    if (pullDiagnostics) connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  /**
   * Find Dockerfiles and daemon.json under the folders (the CLI's walk: no dependency or VCS folders), lint each with
   * its folder's settings and the config files beside it, publish diagnostics for files not open in the editor (open
   * ones have live diagnostics), and return a summary. Reports "n/total" progress and stops when cancelled.
   */
  async function scanWorkspace(
    params: ScanWorkspaceParams | undefined,
    token: CancellationToken,
  ): Promise<ScanWorkspaceSummary> {
    const requested = (params?.folders ?? []).map((f) => (f.startsWith('file:') ? uriToPath(f) : path.resolve(f)));
    const folders = (requested.length ? requested : workspaceRoots).filter((f): f is string => !!f);
    // No token from the client: show our own progress where the client can (it carries its own cancel button).
    const own =
      !params?.workDoneToken && workDoneProgressCapability
        ? await connection.window.createWorkDoneProgress()
        : undefined;
    const progress: WorkDoneProgressReporter = own ?? connection.window.attachWorkDoneProgress(params?.workDoneToken);
    const cancelled = () => token.isCancellationRequested || !!own?.token.isCancellationRequested;
    progress.begin('Bulkhead: scanning', 0, 'looking for Dockerfiles, daemon.json and Compose files', true);

    const settingsOf = new Map<string, BulkheadSettings>();
    for (const folder of folders) settingsOf.set(folder, await settingsFor(pathToFileURL(folder).href));
    const warned = new Set<string>();
    const files: ScanFile[] = [];
    const folderOf = new Map<string, string>();
    const skipped: ScanWorkspaceSummary['skipped'] = [];
    for (const folder of folders) {
      // the folder's daemon.json and Compose globs name more files than the names every walk finds
      const { files: globs } = setupFromSettings(settingsOf.get(folder) ?? globalSettings, undefined, { warned });
      const kindOf = (file: string) => documentKind(pathToFileURL(file).href, undefined, globs);
      const { targets, problems } = collectTargets([folder], folder, (file) => kindOf(file) !== null);
      for (const line of problems) {
        const at = line.lastIndexOf(': ');
        skipped.push({ path: path.resolve(folder, line.slice(0, at)), reason: line.slice(at + 2) });
      }
      for (const t of targets) {
        const kind = kindOf(t.file);
        if (!kind || folderOf.has(t.file)) continue; // nested workspace folders
        folderOf.set(t.file, folder);
        files.push({ path: t.file, kind });
      }
    }

    // Looked up per file: a file opened during the scan gets live diagnostics from then on.
    const openDocument = (file: string) => documents.all().find((d) => uriToPath(d.uri) === file);
    let lastReport = 0;
    const result = await scanFiles(files, {
      read(file, kind) {
        const doc = openDocument(file);
        if (doc) return doc.getText();
        try {
          if (fs.statSync(file).size > MAX_LINT_BYTES) return { skipped: tooLargeMessage(kind) };
          return new TextDecoder('utf-8').decode(fs.readFileSync(file));
        } catch (e) {
          throw new Error(describeFsError(e), { cause: e });
        }
      },
      lint(kind, text, file) {
        const folder = folderOf.get(file);
        const setup = setupFromSettings((folder && settingsOf.get(folder)) || globalSettings, file, {
          root: folder,
          warned,
        });
        const uri = pathToFileURL(file).href;
        // every finding: the editor's JSON service validates open documents only
        const lint_ = lintWithinBudget(kind, text, uri, { ...setup, env: { ...setup.env, today: new Date() } });
        const diagnostics = lint_.kind === 'stopped' ? lint_.diagnostics : lint_.lint.result.diagnostics;
        if (!openDocument(file)) {
          connection.sendDiagnostics({ uri, diagnostics });
          scanPublished.set(file, uri);
        }
        return diagnostics;
      },
      onProgress(done, total) {
        const now = Date.now();
        if (done !== total && now - lastReport < 100) return;
        lastReport = now;
        progress.report(Math.floor((done / total) * 100), `${done}/${total}`);
      },
      isCancelled: cancelled,
    });

    // Files a complete scan no longer finds (deleted, renamed, now skipped) lose the findings an earlier scan published.
    if (!result.cancelled) {
      const linted = new Set(result.results.map((r) => r.path));
      for (const [file, uri] of scanPublished) {
        if (linted.has(file) || !folders.some((f) => file.startsWith(f + path.sep))) continue;
        scanPublished.delete(file);
        connection.sendDiagnostics({ uri, diagnostics: [] });
      }
    }
    progress.done();
    const findings = countBySeverity(result.results.flatMap((r) => r.diagnostics));
    return {
      total: result.total,
      files: result.results.length,
      findings,
      cancelled: result.cancelled,
      skipped: [...skipped, ...result.skipped],
    };
  }

  connection.onRequest(SCAN_WORKSPACE_METHOD, (params: ScanWorkspaceParams | undefined, token) => {
    refuseAfterShutdown();
    return scanWorkspace(params, token);
  });

  documents.listen(connection);
  connection.listen();
}

function uriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

// For the in-memory LSP tests: the same library instance the server uses.
export { createConnection } from 'vscode-languageserver/node';
// For tests that wrap the server's lint (a lint deadline test injects a rule that never returns).
export { lintDocument } from './service/languages';
