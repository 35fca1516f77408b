// The server against hostile and unlucky input: a lint that never returns, a configuration file nested 100,000 deep,
// a client that repeats a version number, requests after shutdown, a malformed message header. Every wait is on an
// event (a response, a notification, a process exit); no test sleeps or asserts on elapsed time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { startPair, type PulledReport } from './helpers';
import { ROOT } from '../unit/helpers';
import type { CodeAction, Hover, ResponseError } from 'vscode-languageserver-protocol';
import { lintDocument } from '../../server/src/service/languages';
import { watchdogStarted } from '../../server/src/common/watchdog';

const HANGS = 'FROM alpine:3.21\n# this document makes the injected lint loop forever\n';
const FINE = 'FROM alpine:3.21\nADD app.js /app/\n';

/** The real lint, except for documents that mark themselves: those never return (a rule with a bug, say). */
function lintThatHangsOn(marker) {
  let hung = 0;
  const lint: typeof lintDocument = (kind, text, ...rest) => {
    if (text.includes(marker)) {
      hung++;
      for (;;);
    }
    return lintDocument(kind, text, ...rest);
  };
  return { lint, hung: () => hung };
}

const open = (client, uri, text, version = 1) =>
  client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version, text } });

test('a lint that never returns is stopped at the deadline and reported; other documents still get diagnostics (pull)', async () => {
  const injected = lintThatHangsOn('loop forever');
  const lsp = startPair({ pull: true, serverOptions: { lintBudgetMs: 200, lint: injected.lint } });
  try {
    // the server's deadline is the watchdog thread's once it runs (before, node:vm's, as the CLI's --file-timeout)
    assert.equal(await watchdogStarted(), true);
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    const bad = 'file:///nonexistent-bulkhead-test/hang/Dockerfile';
    const good = 'file:///nonexistent-bulkhead-test/ok/Dockerfile';
    await open(lsp.client, bad, HANGS);
    await open(lsp.client, good, FINE);
    const stopped = await lsp.client.sendRequest<PulledReport>('textDocument/diagnostic', {
      textDocument: { uri: bad },
    });
    assert.equal(stopped.items.length, 1, JSON.stringify(stopped.items));
    assert.match(stopped.items[0].message, /^Bulkhead stopped checking this file after 0\.2 s/);
    assert.equal(stopped.items[0].severity, 3, 'information');
    const fine = await lsp.client.sendRequest<PulledReport>('textDocument/diagnostic', {
      textDocument: { uri: good },
    });
    assert.ok(
      fine.items.some((d) => d.code === 'add-instead-of-copy'),
      JSON.stringify(fine.items.map((d) => d.code)),
    );
    // the stopped result is kept for that text: a hover or a code action does not run the lint again
    assert.equal(
      await lsp.client.sendRequest<Hover | null>('textDocument/hover', {
        textDocument: { uri: bad },
        position: { line: 0, character: 1 },
      }),
      null,
    );
    const actions = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: bad },
      range: stopped.items[0].range,
      context: { diagnostics: stopped.items },
    });
    assert.deepEqual(actions, []);
    assert.equal(injected.hung(), 1, 'the hanging lint ran once');
  } finally {
    lsp.dispose();
  }
});

test('a lint that never returns does not stop push diagnostics for the next document', async () => {
  const injected = lintThatHangsOn('loop forever');
  const lsp = startPair({ pull: false, serverOptions: { lintBudgetMs: 200, lint: injected.lint } });
  try {
    // the server's deadline is the watchdog thread's once it runs (before, node:vm's, as the CLI's --file-timeout)
    assert.equal(await watchdogStarted(), true);
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    const bad = 'file:///nonexistent-bulkhead-test/push-hang/Dockerfile';
    const good = 'file:///nonexistent-bulkhead-test/push-ok/Dockerfile';
    await open(lsp.client, bad, HANGS);
    const stopped = await lsp.waitFor('diagnostics', (p) => p.uri === bad);
    assert.match(stopped.diagnostics[0].message, /^Bulkhead stopped checking this file/);
    await open(lsp.client, good, FINE);
    const fine = await lsp.waitFor('diagnostics', (p) => p.uri === good);
    assert.ok(fine.diagnostics.some((d) => d.code === 'add-instead-of-copy'));
  } finally {
    lsp.dispose();
  }
});

test('a lint that throws outside any rule is reported on the document, and the push server keeps serving', async () => {
  const lint: typeof lintDocument = (kind, text, ...rest) => {
    if (text.includes('explode')) throw new TypeError('boom with a secret: hunter2');
    return lintDocument(kind, text, ...rest);
  };
  const lsp = startPair({ pull: false, serverOptions: { lint } });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    const bad = 'file:///nonexistent-bulkhead-test/throws/Dockerfile';
    const good = 'file:///nonexistent-bulkhead-test/after-throw/Dockerfile';
    await open(lsp.client, bad, 'FROM alpine:3.21\n# explode\n');
    const failed = await lsp.waitFor('diagnostics', (p) => p.uri === bad);
    assert.match(failed.diagnostics[0].message, /could not check this file \(internal error: TypeError/);
    assert.doesNotMatch(
      JSON.stringify(lsp.events),
      /hunter2/,
      'the error message (which may quote the file) is never shown',
    );
    await open(lsp.client, good, FINE);
    const fine = await lsp.waitFor('diagnostics', (p) => p.uri === good);
    assert.ok(fine.diagnostics.length > 0);
  } finally {
    lsp.dispose();
  }
});

test('the server survives a .bulkhead.json of 100,000 nested brackets: a configuration problem, diagnostics as usual', async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-deep-config-')));
  try {
    fs.writeFileSync(path.join(dir, '.bulkhead.json'), '['.repeat(100000));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), FINE);
    for (const pull of [true, false]) {
      const root = pathToFileURL(dir).href;
      const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
      const lsp = startPair({ pull, rootUri: root, workspaceFolders: [{ uri: root, name: 'deep' }] });
      try {
        await lsp.initialize();
        await lsp.client.sendNotification('initialized', {});
        await open(lsp.client, uri, FINE);
        const items = pull
          ? (
              await lsp.client.sendRequest<PulledReport>('textDocument/diagnostic', {
                textDocument: { uri },
              })
            ).items
          : (await lsp.waitFor('diagnostics', (p) => p.uri === uri)).diagnostics;
        assert.ok(
          items.some((d) => d.code === 'add-instead-of-copy'),
          `pull=${pull}: ${JSON.stringify(items.map((d) => d.code))}`,
        );
        const warning = await lsp.waitFor('log', (p) =>
          /\.bulkhead\.json: cannot read it: it nests more than 200 levels deep/.test(p.message),
        );
        assert.ok(warning);
      } finally {
        lsp.dispose();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a didChange that repeats the version number gets the new text's diagnostics (cached by content)", async () => {
  const lsp = startPair({ pull: true });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    const uri = 'file:///nonexistent-bulkhead-test/versions/Dockerfile';
    await open(lsp.client, uri, FINE, 7);
    const first = await lsp.client.sendRequest<PulledReport>('textDocument/diagnostic', {
      textDocument: { uri },
    });
    assert.ok(first.items.some((d) => d.code === 'add-instead-of-copy'));
    await lsp.client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 7 },
      contentChanges: [{ text: 'FROM alpine:3.21\nCOPY app.js /app/\n' }],
    });
    const second = await lsp.client.sendRequest<PulledReport>('textDocument/diagnostic', {
      textDocument: { uri },
    });
    assert.ok(
      !second.items.some((d) => d.code === 'add-instead-of-copy'),
      JSON.stringify(second.items.map((d) => d.code)),
    );
    const actions = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } },
      context: { diagnostics: [] },
    });
    assert.ok(!actions.some((a) => /ADD with COPY/.test(a.title)), 'code actions come from the current text');
  } finally {
    lsp.dispose();
  }
});

test('after shutdown every request but exit is refused', async () => {
  const lsp = startPair({ pull: true });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    const uri = 'file:///nonexistent-bulkhead-test/shutdown/Dockerfile';
    await open(lsp.client, uri, FINE);
    await lsp.client.sendRequest('shutdown');
    for (const [method, params] of [
      ['textDocument/diagnostic', { textDocument: { uri } }],
      ['textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 1 } }],
      [
        'textDocument/codeAction',
        {
          textDocument: { uri },
          range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
          context: { diagnostics: [] },
        },
      ],
      ['bulkhead/scanWorkspace', {}],
    ] as [string, object][]) {
      await assert.rejects(
        lsp.client.sendRequest(method, params),
        (e: ResponseError) => e.code === -32600 && /shutting down/.test(e.message),
        method,
      );
    }
  } finally {
    lsp.dispose();
  }
});

/** Start the stdio server as Neovim does, send `bytes`, and wait for the process to end. */
function serverExitAfter(bytes): Promise<{ code: number | null; stderr: string; stdin: Writable }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  child.stdin.write(bytes);
  // stdin stays open: a server that waits for more input instead of ending would never exit (the test then times out)
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr, stdin: child.stdin })));
}

test(
  'a malformed Content-Length ends the stdio server with a clear message instead of leaving it deaf',
  {},
  async () => {
    const { code, stderr, stdin } = await serverExitAfter('Content-Length: abc\r\n\r\n{}');
    stdin.destroy();
    assert.equal(code, 1);
    assert.match(stderr, /bulkhead: the client sent a malformed message \(Content-Length value must be a number/);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  },
);
