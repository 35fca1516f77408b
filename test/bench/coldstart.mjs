// Server cold start: spawn `node dist/server.js --stdio` (or another command line that starts the server: `command` and
// `args`), speak LSP over stdio, and time spawn → initialize result → first diagnostics (a textDocument/diagnostic
// pull right after didOpen).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');

export async function coldStart({
  serverPath,
  command = process.execPath,
  args = [serverPath, '--stdio'],
  uri,
  text,
  timeout = 15000,
}) {
  const t0 = performance.now();
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stderr.resume();
  const conn = rpc.createProtocolConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  conn.onRequest('workspace/configuration', (p) => p.items.map((i) => (i.section === 'bulkhead' ? {} : null)));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  conn.onNotification('window/logMessage', () => undefined);
  conn.listen();
  const timer = setTimeout(() => child.kill(), timeout);
  try {
    await conn.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true, diagnostics: { refreshSupport: true } },
        textDocument: { diagnostic: { dynamicRegistration: false }, publishDiagnostics: { versionSupport: true } },
      },
    });
    const tInit = performance.now();
    conn.sendNotification('initialized', {});
    conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text },
    });
    const report = await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    const tDiag = performance.now();
    await conn.sendRequest('shutdown');
    conn.sendNotification('exit');
    const exitCode = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 2000))]);
    return {
      initMs: tInit - t0,
      firstDiagnosticsMs: tDiag - t0,
      diagnostics: report.items.length,
      codes: report.items.map((d) => d.code),
      exitCode,
    };
  } finally {
    clearTimeout(timer);
    conn.dispose();
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}
