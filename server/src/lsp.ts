import path = require('node:path');
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
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describeError } from './service/lint';
import type { LintSetup } from './rules/language';
import { documentKind, lintDocument, mayBeNamedBySettings, LintedKind } from './service/languages';
import { ReferrerFiles, mayReferToFiles, realpathOr, referencesOf } from './service/walk';
import { EDITOR_LINT_BUDGET_MS } from './common/budget';
import { runWithDeadline } from './common/watchdog';
import { FIX_ALL_KIND } from './rules/codeActions';
import { SECURE_BASELINE_KIND } from './daemon/service/features';
import { inspectInput } from './service/input';
import { SCAN_WORKSPACE_METHOD, ScanWorkspaceParams } from './service/scan';
import { BulkheadSettings, DocumentSetup, setupFromSettings } from './lsp/setup';
import { DocumentBaseline, markBaselined } from './service/baseline';
import { LintResult, lintWithinBudget } from './lsp/lintRun';
import { scanWorkspace } from './lsp/scanWorkspace';
import { uriToPath } from './lsp/paths';
import { createImageService } from './lsp/images';
import { FactsSource, defaultImageCacheDir, registryFactsSource } from './lsp/imageFetcher';
import {
  CLEAR_IMAGE_CACHE_METHOD,
  PIN_IMAGES_METHOD,
  type PinImagesParams,
  type PinImagesResult,
} from '../../shared/src/protocol';
import { batchEdits } from './rules/codeActions';
import { PIN_BATCH } from './registry/pins';
import { rangeContains } from './rules/hover';
import { proxySettings } from './registry/proxy';

/** What the client says about itself (`initializationOptions`). */
interface ClientOptions {
  settings?: BulkheadSettings;
  /**
   * The editor validates JSON syntax and shows the contributed daemon.json schema's key descriptions (VS Code's JSON
   * language features): the server then leaves structural JSON errors and key cards to it, so nothing shows twice.
   */
  editorJsonFeatures?: boolean;
  /**
   * The editor's hover shows the diagnostics under the cursor with their messages (VS Code's problem hover): the
   * server's hover then explains each finding without repeating its message.
   */
  editorHoverShowsDiagnostics?: boolean;
  /** The client has the command that confirms the daemon.json secure baseline with its caveats on screen. */
  secureBaselineCommand?: boolean;
  /** Where image facts fetched from registries are kept (VS Code's global storage); else the user's cache folder. */
  imageCacheDir?: string;
}

/** How the server lints: the service's dispatch, within a deadline. Both injectable (tests give a rule that hangs). */
export interface ServerOptions {
  /** Milliseconds one lint may take before it is stopped and reported (default EDITOR_LINT_BUDGET_MS). */
  lintBudgetMs?: number;
  /** The lint itself (default: the pure service's `lintDocument`). */
  lint?: typeof lintDocument;
  /** Where image facts come from when `bulkhead.registry.enabled` is on (default: the registries). */
  facts?: FactsSource;
}

/**
 * Thin LSP wiring: connection, documents, per-document settings, and the pure service. No rule lives here.
 *
 * Caches are keyed by a generation: it moves on every configuration or watched-file change and, per document, on
 * close and when an open document that names it (a devcontainer.json's `build.dockerfile` or `dockerComposeFile`)
 * changes what it says of it. A lint that was already waiting for settings when the generation moved never stores its
 * result, so a stale configuration or a closed document's text can not come back.
 */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const lintBudgetMs = options.lintBudgetMs ?? EDITOR_LINT_BUDGET_MS;
  const lintEngine = options.lint ?? lintDocument;
  let imageCacheDir: string | undefined;
  const factsSource =
    options.facts ??
    registryFactsSource(
      () => imageCacheDir ?? defaultImageCacheDir(),
      (line) => connection.console.warn(line),
    );

  let pullDiagnostics = false;
  let configurationCapability = false;
  let workspaceRoots: string[] = [];
  let globalSettings: BulkheadSettings = {};
  let editorJsonFeatures = false;
  let editorHoverShowsDiagnostics = false;
  let secureBaselineCommand = false;
  let workDoneProgressCapability = false;

  let configGeneration = 0;
  // per document: moves on close, and when a document that names it changes what it says of it
  const epochs = new Map<string, number>();
  const generationOf = (uri: string) => `${configGeneration}:${epochs.get(uri) ?? 0}`;
  const setups = new Map<string, { generation: string; setup: Promise<DocumentSetup> }>();
  // keyed by the text itself, not the client's version number: a client that repeats a version must not get the
  // previous text's findings (comparing is cheap: an unchanged document hands back the same string). A lint under way
  // is shared by every request that needs it.
  const results = new Map<string, { generation: string; text: string; result: Promise<LintResult> }>();

  // Image facts (bulkhead.registry.enabled): fetched after a lint asked for them, never waited for by one. When facts
  // arrive, the documents whose last lint asked for them are linted again.
  const askedBy = new Map<string, Set<string>>();
  let refreshQueued = false;
  const images = createImageService({
    fetchFacts: (key, settings) => factsSource.fetch(key, settings),
    log: (line) => connection.console.log(line),
    onSettled(keys) {
      const stale = [...askedBy].filter(([, asked]) => keys.some((k) => asked.has(k))).map(([uri]) => uri);
      for (const uri of stale) results.delete(uri);
      if (!stale.length || shutDown) return;
      if (!pullDiagnostics) for (const uri of stale) schedulePush(uri, 0);
      else queueRefresh();
    },
  });

  /** A pull client asks again for the diagnostics it shows; what goes stale together brings one refresh. */
  function queueRefresh(): void {
    if (refreshQueued || shutDown) return;
    refreshQueued = true;
    setImmediate(() => {
      refreshQueued = false;
      connection.languages.diagnostics.refresh().catch(() => undefined);
    });
  }

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
    editorHoverShowsDiagnostics = init?.editorHoverShowsDiagnostics === true;
    secureBaselineCommand = init?.secureBaselineCommand === true;
    if (typeof init?.imageCacheDir === 'string' && path.isAbsolute(init.imageCacheDir))
      imageCacheDir = path.join(init.imageCacheDir, 'images');
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

  // the devcontainer.json files on disk that may name an open file, and the folders listed to find them: read once,
  // until a watched file changes
  const referrerFiles = new ReferrerFiles();

  /** The open documents that may name others (devcontainer.json), by path, with their text as the editor has it. */
  function openReferrers(): Map<string, string> {
    const out = new Map<string, string>();
    for (const doc of documents.all()) {
      const file = uriToPath(doc.uri);
      if (file && mayReferToFiles(file)) out.set(file, doc.getText());
    }
    return out;
  }

  async function loadSetup(uri: string): Promise<DocumentSetup> {
    const file = uriToPath(uri);
    const warn = (line: string) => connection.console.warn(line);
    const settings = await settingsFor(uri);
    // read after the settings came: a devcontainer.json edited meanwhile is read as it is now
    const setup = setupFromSettings(settings, file, {
      root: file && workspaceRootFor(file),
      warn,
      open: openReferrers(),
      disk: referrerFiles,
    });
    // the editor's proxy (VS Code's `http.proxy`, `http.noProxy`) for registries, over the environment's
    if (setup.registry.enabled && configurationCapability) {
      const editor = await connection.workspace.getConfiguration({ section: 'http' }).catch(() => undefined);
      setup.registry.proxy = proxySettings(editor && typeof editor === 'object' ? editor : undefined, process.env);
    }
    return setup;
  }

  function setupFor(uri: string, generation: string): Promise<DocumentSetup> {
    const known = setups.get(uri);
    if (known && known.generation === generation) return known.setup;
    const setup = loadSetup(uri);
    setups.set(uri, { generation, setup });
    return setup;
  }

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
      const { config, env, daemon, registry } = await setupFor(uri, generation);
      if (token?.isCancellationRequested)
        throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled: the document changed');
      if (generationOf(uri) !== generation) continue; // settings or files changed while we waited: start over
      const current = documents.get(uri);
      if (!current) return null;
      const text = current.getText();
      const { images: lookup, asked } = images.lookupFor(registry);
      const result = lintOnce(kind, text, uri, {
        config,
        env: { ...env, today: new Date(), ...(lookup ? { images: lookup } : {}) },
        daemon,
      });
      results.set(uri, { generation, text, result });
      if (lookup)
        void result.then(() => {
          // the rules asked while the lint ran; what is not known yet is fetched now, in the background
          if (results.get(uri)?.result !== result) return;
          askedBy.set(uri, asked);
          images.fetchMissing(asked, registry);
        });
      return result;
    }
    return null;
  }

  const lintOnce = (kind: LintedKind, text: string, uri: string, setup: LintSetup) =>
    lintWithinBudget(lintEngine, lintBudgetMs, connection.console, kind, text, uri, setup);

  /** The diagnostics to publish: in VS Code the JSON language service already reports structural JSON errors. */
  function published(lint: LintResult, baseline: DocumentBaseline | undefined): Diagnostic[] {
    if (lint.kind === 'stopped') return lint.diagnostics;
    const shown = lint.lint.published({ editorFeatures: editorJsonFeatures });
    // the findings of record (the workspace's baseline file) at hint: there, but not news
    return baseline ? markBaselined(shown, lint.lint.text, baseline) : shown;
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
    return result ? published(result, (await setupFor(uri, generationOf(uri))).baseline) : [];
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

  // ---- Documents that name others (a devcontainer.json's Dockerfile with its build context, its Compose files and the
  // service it attaches to): what they say is part of the named documents' setup, so when it changes, the open
  // documents it named before or names now are linted again ----

  /** What each open referring document says, by URI: the named files' real paths and a key of all it says of them. */
  const referrals = new Map<string, { named: Set<string>; key: string }>();

  function referrerChanged(uri: string): void {
    const file = uriToPath(uri);
    if (!file || !mayReferToFiles(file)) return;
    const doc = documents.get(uri);
    const root = workspaceRootFor(file);
    const refs = doc && root ? referencesOf(file, realpathOr(root), doc.getText()) : [];
    const now = { named: new Set(refs.map((r) => r.real)), key: JSON.stringify(refs) };
    const before = referrals.get(uri);
    if (doc) referrals.set(uri, now);
    else referrals.delete(uri);
    if ((before?.key ?? '[]') === now.key) return; // an edit elsewhere in the file: the named documents are as they were
    const affected = new Set([...(before?.named ?? []), ...now.named]);
    let stale = false;
    for (const other of documents.all()) {
      const otherFile = other.uri === uri ? undefined : uriToPath(other.uri);
      if (!otherFile || !affected.has(realpathOr(otherFile))) continue;
      epochs.set(other.uri, (epochs.get(other.uri) ?? 0) + 1);
      setups.delete(other.uri);
      results.delete(other.uri);
      stale = true;
      if (!pullDiagnostics) schedulePush(other.uri, 0);
    }
    if (stale && pullDiagnostics) queueRefresh();
  }

  documents.onDidOpen((e) => schedulePush(e.document.uri, 0));
  documents.onDidChangeContent((e) => {
    schedulePush(e.document.uri);
    referrerChanged(e.document.uri);
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    // its text no longer stands for the file's: what the named documents see is the disk's again
    referrerChanged(uri);
    clearTimeout(pending.get(uri));
    pending.delete(uri);
    epochs.set(uri, (epochs.get(uri) ?? 0) + 1);
    setups.delete(uri);
    results.delete(uri);
    askedBy.delete(uri);
    if (!pullDiagnostics) connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on(async (params, token) => {
    refuseAfterShutdown();
    return { kind: DocumentDiagnosticReportKind.Full, items: await diagnosticsFor(params.textDocument.uri, token) };
  });

  connection.onHover(async (params) => {
    refuseAfterShutdown();
    const uri = params.textDocument.uri;
    const lint_ = await lint(uri);
    if (!lint_ || lint_.kind === 'stopped') return null;
    const { registry } = await setupFor(uri, generationOf(uri));
    return lint_.lint.hover(params.position, {
      editorKeyCards: editorJsonFeatures,
      editorShowsMessages: editorHoverShowsDiagnostics,
      images: images.lookupFor(registry).images,
    });
  });

  connection.onCodeAction(async (params) => {
    refuseAfterShutdown();
    const lint_ = await lint(params.textDocument.uri);
    const doc = documents.get(params.textDocument.uri);
    if (!lint_ || lint_.kind === 'stopped' || !doc) return [];
    // Fix All lints the document again after each round of fixes: the same deadline as a lint applies
    const ref = { uri: doc.uri, version: doc.version };
    const outcome = await runWithDeadline(
      () =>
        lint_.lint.codeActions(ref, params.range, params.context.diagnostics, params.context.only, {
          secureBaselineCommand,
        }),
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

  // .bulkhead.json, .hadolint.yaml, .dockerignore and devcontainer.json changes on disk (the client watches them)
  connection.onDidChangeWatchedFiles(() => {
    referrerFiles.clear();
    relintAll();
  });

  // ---- Pin images (bulkhead/pinImages) and Clear image cache (bulkhead/clearImageCache) ----

  connection.onRequest(PIN_IMAGES_METHOD, async (params: PinImagesParams): Promise<PinImagesResult> => {
    refuseAfterShutdown();
    const uri = params?.uri;
    const doc = typeof uri === 'string' ? documents.get(uri) : undefined;
    const answer = (more: Partial<PinImagesResult>): PinImagesResult => ({
      edits: [],
      version: doc?.version ?? null,
      pinned: 0,
      problems: [],
      disabled: false,
      ...more,
    });
    if (!doc) return answer({ problems: ['the document is not open in the editor'] });
    const { registry } = await setupFor(uri, generationOf(uri));
    if (!registry.enabled) return answer({ disabled: true });
    // a command may wait for the registries, unlike a lint: ask for everything the document names, then lint again
    const first = await lint(uri);
    if (!first || first.kind === 'stopped') return answer({ problems: ['Bulkhead could not check this file'] });
    const asked = askedBy.get(uri) ?? new Set<string>();
    await images.settle(asked, registry);
    results.delete(uri);
    const after = await lint(uri);
    if (!after || after.kind === 'stopped') return answer({ problems: ['Bulkhead could not check this file'] });
    const current = documents.get(uri);
    // the reference at the position, or every one in the file when the position is on none
    const all = after.lint.result.diagnostics;
    const here = params.position ? all.filter((d) => rangeContains(d.range, params.position!)) : [];
    const atPosition = batchEdits(here, PIN_BATCH.id).edits;
    const edits = atPosition.length ? atPosition : batchEdits(all, PIN_BATCH.id).edits;
    const lookup = images.lookupFor(registry).images;
    const problems = [...asked].flatMap((key) => {
      const k = lookup?.(key);
      return k?.state === 'failed' ? [`${key}: ${k.message}`] : [];
    });
    return answer({
      edits,
      version: current?.version ?? null,
      pinned: edits.length,
      problems,
    });
  });

  connection.onRequest(CLEAR_IMAGE_CACHE_METHOD, () => {
    refuseAfterShutdown();
    images.clear();
    factsSource.clear();
    askedBy.clear();
    relintAll();
    return null;
  });

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

  connection.onRequest(SCAN_WORKSPACE_METHOD, (params: ScanWorkspaceParams | undefined, token) => {
    refuseAfterShutdown();
    const host = {
      connection,
      documents,
      workspaceRoots,
      globalSettings,
      workDoneProgress: workDoneProgressCapability,
      settingsFor,
      lint: lintOnce,
      published: scanPublished,
    };
    return scanWorkspace(host, params, token);
  });

  documents.listen(connection);
  connection.listen();
}

// For the benchmark's in-memory client, which drives the bundle (dist/lsp.js): the library instance the server uses.
export { createConnection } from 'vscode-languageserver/node';
