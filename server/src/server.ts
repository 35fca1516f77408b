import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp';

// The transport (--node-ipc from the VS Code client, --stdio from Neovim and others) comes from the command line.
startServer(createConnection(ProposedFeatures.all));
