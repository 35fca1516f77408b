// A client that asks for quick fixes in the moment after an edit, before it holds the document's new findings, sends
// no diagnostics with the request (VS Code clears them until the next pull answers; an e2e soak run met this as "No
// code actions available" on a finding the Problems panel listed). The server answers from its current lint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type PulledReport } from './helpers';
import type { CodeAction } from 'vscode-languageserver-protocol';

const TEXT = 'FROM node:20\nWORKDIR /app\nADD server.js /app/\nEXPOSE 22 8080\nCMD ["node", "server.js"]\n';

test('quick fixes asked with no diagnostics, right after an edit, are the fixes of the finding at the cursor', async () => {
  const lsp = startPair({ pull: true });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    const uri = 'file:///nonexistent-bulkhead-test/race/Dockerfile';
    await lsp.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: TEXT },
    });
    const before = await lsp.client.sendRequest<PulledReport>('textDocument/diagnostic', {
      textDocument: { uri },
    });
    assert.ok(before.items.some((d) => d.code === 'ssh-port-exposed'));
    // the ADD -> COPY fix, applied as the editor applies it
    const change = { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } }, text: 'COPY' };
    await lsp.client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [change],
    });
    const cursor = { start: { line: 3, character: 8 }, end: { line: 3, character: 8 } };
    const actions = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: cursor,
      context: { diagnostics: [], only: ['quickfix'] },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        'Remove port 22 from EXPOSE',
        'Ignore ssh-port-exposed for this instruction',
        'Ignore ssh-port-exposed in this file',
      ],
    );
    // where the current lint has no finding, nothing is offered; source actions are unchanged
    const elsewhere = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } },
      context: { diagnostics: [], only: ['quickfix'] },
    });
    assert.deepEqual(elsewhere, []);
  } finally {
    lsp.dispose();
  }
});
