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

/** Thin LSP wiring: connection, documents, per-document settings, and the pure service. No rule lives here. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const docsBase = DEFAULT_DOCS_BASE;

  let pullDiagnostics = false;
  let configurationCapability = false;
  let workspaceRoots: string[] = [];
  let globalSettings: BulkheadSettings = {};

  const setups = new Map<string, Promise<DocumentSetup>>();
  const results = new Map<string, { version: number; result: DockerfileLintResult }>();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    configurationCapability = !!caps.workspace?.configuration;
    workspaceRoots = (params.workspaceFolders ?? [])
      .map((f) => uriToPath(f.uri))
      .filter((p): p is string => !!p);
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

function setupFor(uri: string): Promise<DocumentSetup> {
  let pending = setups.get(uri);
  if (!pending) {
    pending = (async () => {
      const settings = await settingsFor(uri);
      const file = uriToPath(uri);
      const files = file ? findConfigFiles(file, workspaceRootFor(file)) : {};
      const { config, problems } = mergeConfig({ settings, ...files });
      for (const p of problems) connection.console.warn(`${p.path}: ${p.message}`);
      const ignore = file ? readDockerignore(file) : undefined;
      const env: LintEnvironment = { dockerignore: ignore === undefined ? undefined : ignore?.text ?? null };
      return { config, env };
    })();
    setups.set(uri, pending);
  }
  return pending;
}

async function lint(doc: TextDocument): Promise<DockerfileLintResult | null> {
  if (!documentKind(doc.uri, doc.languageId)) return null;
  const cached = results.get(doc.uri);
  if (cached && cached.version === doc.version) return cached.result;
  const { config, env } = await setupFor(doc.uri);
  const text = doc.getText();
  const result = lintDockerfile(text, doc.uri, config, { ...env, today: new Date() }, { docsBase });
  for (const f of result.failures) connection.console.error(`rule ${f.rule} failed on ${doc.uri}: ${f.error}`);
  results.set(doc.uri, { version: doc.version, result });
  return result;
}

async function diagnosticsFor(doc: TextDocument): Promise<Diagnostic[]> {
  const input = inspectInput(doc.getText());
  if (input) return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: 'bulkhead', message: input }];
  return (await lint(doc))?.diagnostics ?? [];
}

// Push mode (clients without pull diagnostics): lint after a short pause; a newer edit supersedes a pending lint.
const pending = new Map<string, NodeJS.Timeout>();
function schedulePush(doc: TextDocument, delay = 100): void {
  if (pullDiagnostics) return;
  clearTimeout(pending.get(doc.uri));
  pending.set(
    doc.uri,
    setTimeout(async () => {
      pending.delete(doc.uri);
      const current = documents.get(doc.uri);
      if (!current || current.version !== doc.version) return;
      const diagnostics = await diagnosticsFor(current);
      if (documents.get(doc.uri)?.version !== doc.version) return;
      connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    }, delay),
  );
}

documents.onDidOpen((e) => schedulePush(e.document, 0));
documents.onDidChangeContent((e) => schedulePush(e.document));
documents.onDidClose((e) => {
  clearTimeout(pending.get(e.document.uri));
  setups.delete(e.document.uri);
  results.delete(e.document.uri);
  if (!pullDiagnostics) connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.languages.diagnostics.on(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  return { kind: DocumentDiagnosticReportKind.Full, items: doc ? await diagnosticsFor(doc) : [] };
});

connection.onHover(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc || inspectInput(doc.getText())) return null;
  const result = await lint(doc);
  return result ? hoverDockerfile(result, params.position) : null;
});

connection.onCodeAction(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc || inspectInput(doc.getText())) return [];
  const result = await lint(doc);
  if (!result) return [];
  return codeActionsDockerfile(result, { uri: doc.uri, version: doc.version }, params.range, params.context.diagnostics, params.context.only);
});

function relintAll(): void {
  setups.clear();
  results.clear();
  if (pullDiagnostics) connection.languages.diagnostics.refresh().catch(() => undefined);
  else for (const doc of documents.all()) schedulePush(doc, 0);
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

interface BulkheadSettings {
  rules?: Record<string, unknown>;
  trustedRegistries?: unknown;
}

interface DocumentSetup {
  config: EffectiveConfig;
  env: LintEnvironment;
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
