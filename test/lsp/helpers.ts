// An in-memory LSP client wired to the real server (server/src/lsp.ts) over PassThrough streams.
import { PassThrough } from 'node:stream';
import * as rpc from 'vscode-languageserver-protocol/node';
import type {
  ConfigurationParams,
  InitializeResult,
  FullDocumentDiagnosticReport,
  LogMessageParams,
  PublishDiagnosticsParams,
  WorkspaceFolder,
} from 'vscode-languageserver-protocol';
import { createConnection } from 'vscode-languageserver/node';
import { startServer, type ServerOptions } from '../../server/src/lsp';
import type { Finding } from '../unit/helpers';

/** A pulled full report: the server's findings are the engine's, with text messages (Finding). */
export type PulledReport = Omit<FullDocumentDiagnosticReport, 'items'> & { items: Finding[] };
/** Published diagnostics, the same findings. */
export type Published = Omit<PublishDiagnosticsParams, 'diagnostics'> & { diagnostics: Finding[] };

/** What the client receives from the server, by event type. */
export interface PairEvents {
  diagnostics: Published;
  log: LogMessageParams;
  refresh: Record<string, never>;
}
type EventType = keyof PairEvents;
type Event = { [T in EventType]: { type: T; payload: PairEvents[T] } }[EventType];

export interface PairOptions {
  pull?: boolean;
  /** The `bulkhead` section of workspace/configuration for a scope URI. */
  settings?: (scopeUri: string | undefined) => unknown;
  rootUri?: string | null;
  workspaceFolders?: WorkspaceFolder[] | null;
  serverOptions?: ServerOptions;
}

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
}: PairOptions = {}) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(
    new rpc.StreamMessageReader(toServer),
    new rpc.StreamMessageWriter(toClient),
  );
  startServer(serverConnection, serverOptions);
  const client = rpc.createProtocolConnection(
    new rpc.StreamMessageReader(toClient),
    new rpc.StreamMessageWriter(toServer),
  );
  const waiters: { type: EventType; predicate: (payload: never) => boolean; resolve: (payload: never) => void }[] = [];
  const events: Event[] = [];
  const emit = <T extends EventType>(type: T, payload: PairEvents[T]) => {
    events.push({ type, payload } as Event);
    for (const w of [...waiters]) {
      if (w.type === type && w.predicate(payload as never)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(payload as never);
      }
    }
  };
  client.onNotification('textDocument/publishDiagnostics', (p: Published) => emit('diagnostics', p));
  client.onNotification('window/logMessage', (p: LogMessageParams) => emit('log', p));
  client.onRequest('workspace/configuration', (p: ConfigurationParams) =>
    Promise.all(p.items.map(async (i) => (i.section === 'bulkhead' ? settings(i.scopeUri) : null))),
  );
  client.onRequest('workspace/diagnostic/refresh', () => {
    emit('refresh', {});
    return null;
  });
  client.onRequest('client/registerCapability', () => null);
  client.listen();
  /** Wait for an event (that may already have happened since `since`). */
  const waitFor = <T extends EventType>(
    type: T,
    predicate: (payload: PairEvents[T]) => boolean = () => true,
    { since = 0 } = {},
  ): Promise<PairEvents[T]> => {
    const seen = events.slice(since).find((e) => e.type === type && predicate(e.payload as PairEvents[T]));
    if (seen) return Promise.resolve(seen.payload as PairEvents[T]);
    // no timer here: an event that never comes leaves the test to node --test's --test-timeout, which names the test
    return new Promise((resolve) => waiters.push({ type, predicate, resolve }));
  };
  const initialize = (initializationOptions: unknown = undefined) =>
    client.sendRequest<InitializeResult>('initialize', {
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
