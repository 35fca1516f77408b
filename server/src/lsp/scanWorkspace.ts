import fs = require('node:fs');
import path = require('node:path');
import { pathToFileURL } from 'node:url';
import type {
  CancellationToken,
  Connection,
  TextDocuments,
  WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { decodeUtf8 } from '../common/documents';
import type { LintSetup } from '../rules/language';
import { documentKind, LintedKind } from '../service/languages';
import { MAX_LINT_BYTES, tooLargeMessage } from '../service/input';
import { scanFiles, countBySeverity, ScanFile, ScanWorkspaceParams, ScanWorkspaceSummary } from '../service/scan';
import { collectTargets, describePathError, type Referral } from '../service/walk';
import type { LintResult } from './lintRun';
import { BulkheadSettings, setupFromSettings } from './setup';
import { markBaselined } from '../service/baseline';
import { uriToPath } from './paths';

/** What Scan Workspace needs of the server it runs in. */
export interface ScanHost {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  workspaceRoots: readonly string[];
  globalSettings: BulkheadSettings;
  /** The client shows progress the server creates (`window.workDoneProgress`). */
  workDoneProgress: boolean;
  settingsFor(uri: string): Promise<BulkheadSettings>;
  lint(kind: LintedKind, text: string, uri: string, setup: LintSetup): Promise<LintResult>;
  /** Files (by path) whose diagnostics a scan published, with the URI they went out under. */
  published: Map<string, string>;
}

/**
 * Find Dockerfiles, daemon.json and Compose files under the folders (the CLI's walk: no dependency or VCS folders),
 * lint each with its folder's settings and the config files beside it, publish diagnostics for files not open in the
 * editor (open ones have live diagnostics), and return a summary. Reports "n/total" progress and stops when cancelled.
 */
export async function scanWorkspace(
  host: ScanHost,
  params: ScanWorkspaceParams | undefined,
  token: CancellationToken,
): Promise<ScanWorkspaceSummary> {
  const { connection, documents } = host;
  const requested = (params?.folders ?? []).map((f) => (f.startsWith('file:') ? uriToPath(f) : path.resolve(f)));
  const folders = (requested.length ? requested : host.workspaceRoots).filter((f): f is string => !!f);
  // No token from the client: show our own progress where the client can (it carries its own cancel button).
  const own =
    !params?.workDoneToken && host.workDoneProgress ? await connection.window.createWorkDoneProgress() : undefined;
  const progress: WorkDoneProgressReporter = own ?? connection.window.attachWorkDoneProgress(params?.workDoneToken);
  const cancelled = () => token.isCancellationRequested || !!own?.token.isCancellationRequested;
  progress.begin(
    'Bulkhead: scanning',
    0,
    'looking for Dockerfiles, daemon.json, Compose and devcontainer.json files',
    true,
  );

  const settingsOf = new Map<string, BulkheadSettings>();
  for (const folder of folders) settingsOf.set(folder, await host.settingsFor(pathToFileURL(folder).href));
  // each configuration problem is said once per scan
  const warned = new Set<string>();
  const warn = (line: string) => {
    if (warned.has(line)) return;
    warned.add(line);
    connection.console.warn(line);
  };
  const files: ScanFile[] = [];
  const folderOf = new Map<string, string>();
  // what the devcontainer.json that names a file says of it: a Dockerfile's build context, a Compose file's service
  const referralOf = new Map<string, Referral>();
  const skipped: ScanWorkspaceSummary['skipped'] = [];
  for (const folder of folders) {
    // the folder's daemon.json and Compose globs name more files than the names every walk finds
    const settings = settingsOf.get(folder) ?? host.globalSettings;
    const { files: globs } = setupFromSettings(settings, undefined, { root: folder, warn });
    const kindOf = (file: string) => documentKind(pathToFileURL(file).href, undefined, globs);
    const { targets, problems } = collectTargets([folder], folder, (file) => kindOf(file) !== null);
    for (const line of problems) {
      const at = line.lastIndexOf(': ');
      skipped.push({ path: path.resolve(folder, line.slice(0, at)), reason: line.slice(at + 2) });
    }
    for (const t of targets) {
      // a file a devcontainer.json names is linted as what it names (`build.dockerfile`, `dockerComposeFile`)
      const kind = (t.kind as LintedKind | undefined) ?? kindOf(t.file);
      if (!kind || folderOf.has(t.file)) continue; // nested workspace folders
      folderOf.set(t.file, folder);
      if (t.context || t.service) referralOf.set(t.file, { context: t.context, service: t.service });
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
        return decodeUtf8(fs.readFileSync(file));
      } catch (e) {
        throw new Error(describePathError(file, e), { cause: e });
      }
    },
    async lint(kind, text, file) {
      const folder = folderOf.get(file);
      const settings = (folder && settingsOf.get(folder)) || host.globalSettings;
      const setup = setupFromSettings(settings, file, { root: folder, warn, referral: referralOf.get(file) });
      const uri = pathToFileURL(file).href;
      // every finding: the editor's JSON service validates open documents only
      const lint = await host.lint(kind, text, uri, { ...setup, env: { ...setup.env, today: new Date() } });
      const shown = lint.kind === 'stopped' ? lint.diagnostics : lint.lint.published();
      // the findings the workspace's baseline records at hint, as in open documents
      const diagnostics =
        lint.kind === 'linted' && setup.baseline ? markBaselined(shown, lint.lint.text, setup.baseline) : shown;
      if (!openDocument(file)) {
        connection.sendDiagnostics({ uri, diagnostics });
        host.published.set(file, uri);
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
    for (const [file, uri] of host.published) {
      if (linted.has(file) || !folders.some((f) => file.startsWith(f + path.sep))) continue;
      host.published.delete(file);
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
