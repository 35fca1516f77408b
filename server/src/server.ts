import {
  createConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { startServer } from './lsp';
import { describeError } from './service/lint';

/**
 * The transport (--node-ipc from the VS Code client, --stdio from Neovim and others) comes from the command line;
 * without one (`bulkhead-language-server`, `bulkhead lsp`) it is stdio. Over stdio the server reads the framing
 * itself, so that a malformed header (`Content-Length: abc`) ends the server with a clear message instead of leaving
 * it alive but deaf: the stream cannot be resynchronised, and the client restarts a server that exits.
 */
function connect() {
  const otherTransport = process.argv.some((a) => /^--(node-ipc|socket|pipe)(=|$)/.test(a));
  if (otherTransport && !process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const reader = new StreamMessageReader(process.stdin);
  reader.onError((e) => {
    process.stderr.write(
      `bulkhead: the client sent a malformed message (${e.message.split('\n')[0]}); the server stops so the client can restart it\n`,
    );
    process.exit(1);
  });
  return createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
}

const connection = connect();

// Last resort: a bug that escapes every handler is logged (type and top frame, never a message that could quote a
// document) and the server keeps serving the other documents.
process.on('uncaughtException', (e) => connection.console.error(`internal error: ${describeError(e)}`));
process.on('unhandledRejection', (e) => connection.console.error(`internal error: ${describeError(e)}`));

startServer(connection);
