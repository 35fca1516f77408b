// An in-memory LSP client wired to the built server (dist/lsp.js) over PassThrough streams: the bench measures the
// bundle. (The LSP tests' own pair, test/lsp/helpers.ts, drives server/src/lsp.ts.)
import { PassThrough } from 'node:stream';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const server = require(path.join(root, 'dist/lsp.js'));
const rpc = require('vscode-languageserver-protocol/node');

/**
 * Start a server and a client connection. `settings(uri)` answers workspace/configuration; `pull` says whether the
 * client supports pull diagnostics; `serverOptions` go to startServer (a lint deadline, an injected lint). Returns the client connection plus an event log to wait on.
 */
export function startPair({
  pull = true,
  settings = () => ({}),
  rootUri = null,
  workspaceFolders = null,
  serverOptions = undefined,
} = {}) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = server.createConnection(
    new rpc.StreamMessageReader(toServer),
    new rpc.StreamMessageWriter(toClient),
  );
  server.startServer(serverConnection, serverOptions);
  const client = rpc.createProtocolConnection(
    new rpc.StreamMessageReader(toClient),
    new rpc.StreamMessageWriter(toServer),
  );
  const waiters = [];
  const events = [];
  const emit = (type, payload) => {
    events.push({ type, payload });
    for (const w of [...waiters]) {
      if (w.type === type && w.predicate(payload)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(payload);
      }
    }
  };
  client.onNotification('textDocument/publishDiagnostics', (p) => emit('diagnostics', p));
  client.onNotification('window/logMessage', (p) => emit('log', p));
  client.onRequest('workspace/configuration', (p) =>
    Promise.all(p.items.map(async (i) => (i.section === 'bulkhead' ? settings(i.scopeUri) : null))),
  );
  client.onRequest('workspace/diagnostic/refresh', () => {
    emit('refresh', {});
    return null;
  });
  client.onRequest('client/registerCapability', () => null);
  client.listen();
  /** Wait for an event (that may already have happened since `since`). */
  const waitFor = (type, predicate = () => true, { since = 0 } = {}) => {
    const seen = events.slice(since).find((e) => e.type === type && predicate(e.payload));
    if (seen) return Promise.resolve(seen.payload);
    // no timer here: an event that never comes leaves the test to node --test's --test-timeout, which names the test
    return new Promise((resolve) => waiters.push({ type, predicate, resolve }));
  };
  const initialize = (initializationOptions = undefined) =>
    client.sendRequest('initialize', {
      initializationOptions,
      // null: a processId makes the server poll its "parent" (this test process) and keep it alive
      processId: null,
      rootUri,
      workspaceFolders,
      capabilities: {
        workspace: {
          configuration: true,
          workspaceEdit: { documentChanges: true },
          diagnostics: { refreshSupport: true },
        },
        textDocument: {
          ...(pull ? { diagnostic: { dynamicRegistration: false } } : {}),
          publishDiagnostics: { versionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } },
            isPreferredSupport: true,
            dataSupport: true,
          },
        },
      },
    });
  const dispose = () => {
    client.dispose();
    serverConnection.dispose();
    toServer.destroy();
    toClient.destroy();
  };
  return { client, events, waitFor, initialize, dispose };
}
