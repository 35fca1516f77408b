import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
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
  CancellationToken,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintDockerfile, DockerfileLintResult } from './service/dockerfile';
import { hoverDockerfile } from './service/hover';
import { codeActionsDockerfile, FIX_ALL_KIND } from './service/codeActions';
import { documentKind } from './service/documents';
import { mergeConfig } from './rules/config';
import type { EffectiveConfig, LintEnvironment } from './rules/context';
import { findConfigFiles, readDockerignore } from './config/files';
import { inspectInput } from './service/input';
import { DEFAULT_DOCS_BASE } from './service/docsBase';

interface BulkheadSettings {
  rules?: Record<string, unknown>;
  trustedRegistries?: unknown;
}

interface DocumentSetup {
  config: EffectiveConfig;
  env: LintEnvironment;
}

/**
 * Thin LSP wiring: connection, documents, per-document settings, and the pure service. No rule lives here.
 *
 * Caches are keyed by a generation: it moves on every configuration or watched-file change and, per document, on
 * close. A lint that was already waiting for settings when the generation moved never stores its result, so a stale
 * configuration or a closed document's text can not come back.
 */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);

  let pullDiagnostics = false;
  let configurationCapability = false;
  let workspaceRoots: string[] = [];
  let globalSettings: BulkheadSettings = {};

  let configGeneration = 0;
  const closes = new Map<string, number>();
  const generationOf = (uri: string) => `${configGeneration}:${closes.get(uri) ?? 0}`;
  const setups = new Map<string, { generation: string; setup: Promise<DocumentSetup> }>();
  const results = new Map<string, { generation: string; version: number; result: DockerfileLintResult }>();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    configurationCapability = !!caps.workspace?.configuration;
    workspaceRoots = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    if (!workspaceRoots.length && params.rootUri) {
      const p = uriToPath(params.rootUri);
      if (p) workspaceRoots.push(p);
    }
    const init = params.initializationOptions as { settings?: BulkheadSettings } | undefined;
    if (init?.settings) globalSettings = init.settings;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'bulkhead', version: '0.1.0' },
    };
  });

  function workspaceRootFor(file: string): string | undefined {
    return workspaceRoots.filter((r) => file === r || file.startsWith(r + path.sep)).sort((a, b) => b.length - a.length)[0];
  }

  async function settingsFor(uri: string): Promise<BulkheadSettings> {
    if (!configurationCapability) return globalSettings;
    try {
      const s = (await connection.workspace.getConfiguration({ scopeUri: uri, section: 'bulkhead' })) as BulkheadSettings | null;
      return s ?? {};
    } catch {
      return globalSettings;
    }
  }

  async function loadSetup(uri: string): Promise<DocumentSetup> {
    const settings = await settingsFor(uri);
    const file = uriToPath(uri);
    const files = file ? findConfigFiles(file, workspaceRootFor(file)) : {};
    const { config, problems } = mergeConfig({ settings, ...files });
    for (const p of problems) connection.console.warn(`${p.path}: ${p.message}`);
    if (!file) return { config, env: {} };
    const ignore = readDockerignore(file);
    return {
      config,
      env: { dockerignore: ignore?.text ?? null, dockerignorePath: ignore ? path.basename(ignore.path) : undefined },
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
  async function lint(uri: string, token?: CancellationToken): Promise<DockerfileLintResult | null> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = documents.get(uri);
      if (!doc || !documentKind(uri, doc.languageId) || inspectInput(doc.getText())) return null;
      const generation = generationOf(uri);
      const cached = results.get(uri);
      if (cached && cached.version === doc.version && cached.generation === generation) return cached.result;
      const { config, env } = await setupFor(uri, generation);
      if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled: the document changed');
      if (generationOf(uri) !== generation) continue; // settings or files changed while we waited: start over
      const current = documents.get(uri);
      if (!current) return null;
      const result = lintDockerfile(current.getText(), uri, config, { ...env, today: new Date() }, { docsBase: DEFAULT_DOCS_BASE });
      // Error type and top frame only: a message could quote the document (secrets included).
      for (const f of result.failures) connection.console.error(`rule ${f.rule} failed on ${uri}: ${f.error.split('\n').slice(0, 2).map((l) => l.replace(/^(\w*Error):.*$/, '$1')).join(' ')}`);
      results.set(uri, { generation, version: current.version, result });
      return result;
    }
    return null;
  }

  async function diagnosticsFor(uri: string, token?: CancellationToken): Promise<Diagnostic[]> {
    const doc = documents.get(uri);
    if (!doc) return [];
    const input = inspectInput(doc.getText());
    if (input) return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: 'bulkhead', message: input }];
    return (await lint(uri, token))?.diagnostics ?? [];
  }

  // Push mode (clients without pull diagnostics): lint after a short pause; a newer edit supersedes a pending lint.
  const pending = new Map<string, NodeJS.Timeout>();
  function schedulePush(uri: string, delay = 100): void {
    if (pullDiagnostics) return;
    clearTimeout(pending.get(uri));
    const version = documents.get(uri)?.version;
    pending.set(
      uri,
      setTimeout(async () => {
        pending.delete(uri);
        if (documents.get(uri)?.version !== version) return;
        const diagnostics = await diagnosticsFor(uri);
        if (documents.get(uri)?.version !== version) return;
        connection.sendDiagnostics({ uri, version, diagnostics });
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

  connection.languages.diagnostics.on(async (params, token) => ({
    kind: DocumentDiagnosticReportKind.Full,
    items: await diagnosticsFor(params.textDocument.uri, token),
  }));

  connection.onHover(async (params) => {
    const result = await lint(params.textDocument.uri);
    return result ? hoverDockerfile(result, params.position) : null;
  });

  connection.onCodeAction(async (params) => {
    const result = await lint(params.textDocument.uri);
    const doc = documents.get(params.textDocument.uri);
    if (!result || !doc) return [];
    return codeActionsDockerfile(result, { uri: doc.uri, version: doc.version }, params.range, params.context.diagnostics, params.context.only);
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
