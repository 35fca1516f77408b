// The real server over an in-memory connection: initialize, didOpen, diagnostics (pull and push), hover, code
// actions, applying an edit, didChange, and a configuration change that re-lints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type PulledReport } from './helpers';
import { applyEdits, hoverText } from '../unit/helpers';
import type {
  CodeAction,
  CodeActionOptions,
  Hover,
  MarkupContent,
  ProtocolConnection,
} from 'vscode-languageserver-protocol';

const URI = 'file:///nonexistent-bulkhead-test/app/Dockerfile';
const TEXT = ['FROM node:20-alpine', 'WORKDIR /app', 'ADD server.js /app/', 'CMD ["node", "server.js"]', ''].join('\n');

async function open(client, text = TEXT, version = 1) {
  await client.sendNotification('textDocument/didOpen', {
    textDocument: { uri: URI, languageId: 'dockerfile', version, text },
  });
}

const pull = (client: ProtocolConnection) =>
  client.sendRequest<PulledReport>('textDocument/diagnostic', { textDocument: { uri: URI } });

test('pull diagnostics, hover, quick fix, didChange and configuration change', async () => {
  let rules = {};
  const lsp = startPair({ pull: true, settings: () => ({ rules }) });
  try {
    const init = await lsp.initialize();
    assert.ok(init.capabilities.diagnosticProvider, 'pull diagnostics advertised');
    assert.ok(init.capabilities.hoverProvider);
    assert.deepEqual((init.capabilities.codeActionProvider as CodeActionOptions).codeActionKinds, [
      'quickfix',
      'source.fixAll.bulkhead',
      'source.bulkhead.secureBaseline',
    ]);
    await lsp.client.sendNotification('initialized', {});
    await open(lsp.client);

    const report = await pull(lsp.client);
    assert.equal(report.kind, 'full');
    const ids = report.items.map((d) => d.code).sort();
    assert.ok(ids.includes('add-instead-of-copy'), `ids: ${ids}`);
    assert.ok(ids.includes('root-user'), `ids: ${ids}`);
    const add = report.items.find((d) => d.code === 'add-instead-of-copy');
    assert.deepEqual(
      add.range,
      { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } },
      'range on the ADD keyword',
    );
    assert.equal(add.source, 'bulkhead');
    assert.match(add.codeDescription.href, /docs\/rules\/add-instead-of-copy\.md$/);

    const hover = await lsp.client.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: 2, character: 1 },
    });
    assert.equal((hover.contents as MarkupContent).kind, 'markdown');
    assert.match(hoverText(hover), /add-instead-of-copy/);
    assert.match(hoverText(hover), /Why it matters/);
    assert.match(hoverText(hover), /DL3020/);

    const keywordHover = await lsp.client.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: 1, character: 2 },
    });
    assert.equal(keywordHover, null, 'WORKDIR is not a security-relevant instruction');
    const fromHover = await lsp.client.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: 0, character: 1 },
    });
    assert.ok(fromHover === null || /FROM|root/.test(hoverText(fromHover)));

    const actions = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: add.range,
      context: { diagnostics: [add] },
    });
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Replace ADD with COPY'), titles.join(' | '));
    assert.ok(titles.includes('Ignore add-instead-of-copy for this instruction'));
    assert.ok(titles.includes('Ignore add-instead-of-copy in this file'));
    const replace = actions.find((a) => a.title === 'Replace ADD with COPY');
    assert.equal(replace.isPreferred, true);
    const fixed = applyEdits(TEXT, replace.edit.changes[URI]).text;
    assert.equal(fixed, TEXT.replace('ADD server.js', 'COPY server.js'));

    await lsp.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    const after = await pull(lsp.client);
    assert.ok(!after.items.some((d) => d.code === 'add-instead-of-copy'), 'finding gone after the fix');
    assert.ok(
      after.items.some((d) => d.code === 'root-user'),
      'other findings stay',
    );

    // configuration change: turn root-user off; the server asks the client to refresh, then re-lints
    const mark = lsp.events.length;
    rules = { 'root-user': 'off' };
    await lsp.client.sendNotification('workspace/didChangeConfiguration', { settings: { bulkhead: { rules } } });
    await lsp.waitFor('refresh', () => true, { since: mark });
    const reconfigured = await pull(lsp.client);
    assert.ok(!reconfigured.items.some((d) => d.code === 'root-user'), 'root-user off after the configuration change');

    // severity override
    rules = { 'root-user': 'error' };
    await lsp.client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const errored = await pull(lsp.client);
    assert.equal(errored.items.find((d) => d.code === 'root-user')?.severity, 1);

    // fix-all source action, on a text with an ADD again
    await lsp.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 3 },
      contentChanges: [{ text: TEXT }],
    });
    const fixAll = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.bulkhead'] },
    });
    assert.equal(fixAll.length, 1);
    assert.equal(fixAll[0].kind, 'source.fixAll.bulkhead');
    assert.equal(
      applyEdits(TEXT, fixAll[0].edit.changes[URI]).text,
      TEXT.replace('ADD server.js', 'COPY server.js'),
      'only the safe fix: no user added',
    );
  } finally {
    lsp.dispose();
  }
});

test('push diagnostics for clients without pull support, and a newer edit supersedes a pending lint', async () => {
  const lsp = startPair({ pull: false });
  try {
    const init = await lsp.initialize();
    assert.equal(init.capabilities.diagnosticProvider, undefined);
    await lsp.client.sendNotification('initialized', {});
    await open(lsp.client);
    const first = await lsp.waitFor('diagnostics', (p) => p.uri === URI);
    assert.ok(first.diagnostics.some((d) => d.code === 'add-instead-of-copy'));

    const mark = lsp.events.length;
    // two quick edits: only the newest version's diagnostics may be published after them
    await lsp.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ text: TEXT + 'EXPOSE 8080\n' }],
    });
    await lsp.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 3 },
      contentChanges: [{ text: TEXT.replace('ADD', 'COPY') }],
    });
    const latest = await lsp.waitFor('diagnostics', (p) => p.uri === URI && p.version === 3, { since: mark });
    assert.ok(!latest.diagnostics.some((d) => d.code === 'add-instead-of-copy'));
    const published = lsp.events
      .slice(mark)
      .filter((e) => e.type === 'diagnostics')
      .map((e) => e.payload.version);
    assert.ok(!published.includes(2), `stale version published: ${published}`);

    await lsp.client.sendNotification('textDocument/didClose', { textDocument: { uri: URI } });
    const cleared = await lsp.waitFor('diagnostics', (p) => p.uri === URI && p.diagnostics.length === 0, {
      since: mark,
    });
    assert.deepEqual(cleared.diagnostics, []);
  } finally {
    lsp.dispose();
  }
});

test('binary content gets one clear message, not findings', async () => {
  const lsp = startPair({ pull: true });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    await open(lsp.client, 'FROM alpine\u0000\u0001\u0002binary');
    const report = await pull(lsp.client);
    assert.equal(report.items.length, 1);
    assert.match(report.items[0].message, /binary/);
  } finally {
    lsp.dispose();
  }
});

test('files beside the Dockerfile: .bulkhead.json and .hadolint.yaml are read per document and re-read on change', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-lsp-'));
  const sub = path.join(dir, 'svc');
  fs.mkdirSync(sub);
  const file = path.join(sub, 'Dockerfile');
  fs.writeFileSync(file, TEXT);
  fs.writeFileSync(path.join(dir, '.bulkhead.json'), JSON.stringify({ rules: { 'add-instead-of-copy': 'error' } }));
  const uri = pathToFileURL(file).toString();
  const lsp = startPair({ pull: true, workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'w' }] });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    await lsp.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: TEXT },
    });
    const first = await lsp.client.sendRequest<PulledReport>('textDocument/diagnostic', {
      textDocument: { uri },
    });
    assert.equal(
      first.items.find((d) => d.code === 'add-instead-of-copy')?.severity,
      1,
      '.bulkhead.json at the workspace root applies',
    );

    fs.writeFileSync(path.join(sub, '.hadolint.yaml'), 'ignored: [DL3020]\n');
    const mark = lsp.events.length;
    await lsp.client.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(path.join(sub, '.hadolint.yaml')).toString(), type: 1 }],
    });
    await lsp.waitFor('refresh', () => true, { since: mark });
    const second = await lsp.client.sendRequest<PulledReport>('textDocument/diagnostic', {
      textDocument: { uri },
    });
    // .bulkhead.json wins over .hadolint.yaml: still an error
    assert.equal(second.items.find((d) => d.code === 'add-instead-of-copy')?.severity, 1);

    fs.writeFileSync(path.join(dir, '.bulkhead.json'), '{}');
    await lsp.client.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(path.join(dir, '.bulkhead.json')).toString(), type: 2 }],
    });
    const third = await lsp.client.sendRequest<PulledReport>('textDocument/diagnostic', {
      textDocument: { uri },
    });
    assert.ok(!third.items.some((d) => d.code === 'add-instead-of-copy'), 'now .hadolint.yaml ignores DL3020');
  } finally {
    lsp.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Settings the test hands out when it chooses: the first workspace/configuration request waits until `release()`, and
 * `asked` resolves when the server has made it, so the race is provoked for certain (no sleeps).
 */
function heldSettings(value) {
  let release;
  let asked;
  const held = new Promise((r) => (release = r));
  const askedPromise = new Promise((r) => (asked = r));
  let calls = 0;
  const settings = async () => {
    const snapshot = value();
    if (++calls === 1) {
      asked();
      await held;
    }
    return snapshot;
  };
  return { settings, asked: askedPromise, release: () => release() };
}

test('a configuration change while a lint waits for settings is never overwritten by the older result', async () => {
  let rules = {};
  const gate = heldSettings(() => ({ rules }));
  const lsp = startPair({ pull: true, settings: gate.settings });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    await open(lsp.client);
    const first = pull(lsp.client); // its settings are held until the configuration has changed
    await gate.asked;
    const mark = lsp.events.length;
    rules = { 'root-user': 'off' };
    await lsp.client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await lsp.waitFor('refresh', () => true, { since: mark });
    gate.release();
    await first;
    const second = await pull(lsp.client);
    assert.ok(!second.items.some((d) => d.code === 'root-user'), 'the new configuration applies');
    const third = await pull(lsp.client);
    assert.ok(!third.items.some((d) => d.code === 'root-user'), 'and stays applied');
  } finally {
    lsp.dispose();
  }
});

test("closing and reopening a document while a lint is in flight never returns the old text's findings", async () => {
  const gate = heldSettings(() => ({}));
  const lsp = startPair({ pull: true, settings: gate.settings });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    await open(lsp.client, 'FROM alpine:3.20\nUSER root\nEXPOSE 22\n');
    const inFlight = pull(lsp.client);
    await gate.asked; // the lint of the old text is waiting for its settings
    await lsp.client.sendNotification('textDocument/didClose', { textDocument: { uri: URI } });
    await open(lsp.client, 'FROM alpine:3.20\nUSER 10001:10001\nHEALTHCHECK NONE\n', 1);
    // the server has both notifications once it answers a request sent after them
    await lsp.client
      .sendRequest<Hover | null>('textDocument/hover', {
        textDocument: { uri: URI },
        position: { line: 0, character: 0 },
      })
      .catch(() => undefined);
    gate.release();
    await inFlight.catch(() => undefined);
    const fresh = await pull(lsp.client);
    const ids = fresh.items.map((d) => d.code);
    assert.ok(!ids.includes('root-user') && !ids.includes('ssh-port-exposed'), `stale findings: ${ids}`);
  } finally {
    lsp.dispose();
  }
});

test('code actions for a diagnostic from an older version of the text offer no edits', async () => {
  const lsp = startPair({ pull: true });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    await open(lsp.client, 'FROM alpine:3.20\nADD a.txt /a\nUSER 1:1\n');
    const old = (await pull(lsp.client)).items.find((d) => d.code === 'add-instead-of-copy');
    await lsp.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ text: 'FROM alpine:3.20\nRUN echo hi\nUSER 1:1\n' }],
    });
    const actions = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: old.range,
      context: { diagnostics: [old] },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      [],
    );
  } finally {
    lsp.dispose();
  }
});

test('the bulkhead.buildArgs setting: the value the build passes is judged, and a change re-lints', async () => {
  let buildArgs: Record<string, string> = { RUN_AS: 'root' };
  const lsp = startPair({ pull: true, settings: () => ({ buildArgs }) });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    await open(lsp.client, 'FROM alpine:3.20\nARG RUN_AS=10001\nUSER ${RUN_AS}\nHEALTHCHECK NONE\n');
    const rootUser = (r: PulledReport) => r.items.filter((d) => d.code === 'root-user').map((d) => d.range.start.line);
    assert.deepEqual(rootUser(await pull(lsp.client)), [2], 'the build passes root');
    const mark = lsp.events.length;
    buildArgs = {};
    await lsp.client.sendNotification('workspace/didChangeConfiguration', { settings: { bulkhead: { buildArgs } } });
    await lsp.waitFor('refresh', () => true, { since: mark });
    assert.deepEqual(rootUser(await pull(lsp.client)), [], 'the default the author wrote is 10001');
  } finally {
    lsp.dispose();
  }
});

test('the bulkhead.internalHosts setting reaches plain-http-download, and a change re-lints', async () => {
  let internalHosts: string[] = ['*.corp.example'];
  const lsp = startPair({ pull: true, settings: () => ({ internalHosts }) });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    await open(
      lsp.client,
      'FROM alpine:3.20\nRUN wget -O /a http://mirror.corp.example/a\nUSER 10001\nHEALTHCHECK NONE\n',
    );
    const plain = (r: PulledReport) =>
      r.items.filter((d) => d.code === 'plain-http-download').map((d) => d.range.start.line);
    assert.deepEqual(plain(await pull(lsp.client)), [], 'an internal mirror');
    const mark = lsp.events.length;
    internalHosts = [];
    await lsp.client.sendNotification('workspace/didChangeConfiguration', {
      settings: { bulkhead: { internalHosts } },
    });
    await lsp.waitFor('refresh', () => true, { since: mark });
    assert.deepEqual(plain(await pull(lsp.client)), [1], 'no longer listed');
  } finally {
    lsp.dispose();
  }
});

test('diagnostics and quick-fix titles are plain text (no Markdown marks); the hover keeps its Markdown', async () => {
  const lsp = startPair({ pull: true });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    await open(lsp.client, 'FROM alpine:3.20\nRUN curl -sS https://x/i.sh | sh\nUSER 10001\n');
    const items = (await pull(lsp.client)).items;
    assert.ok(items.length > 2);
    for (const d of items) assert.doesNotMatch(d.message, /`|\*\*/, `${d.code}: ${d.message}`);
    const pipe = items.find((d) => d.code === 'pipe-without-pipefail');
    assert.ok(pipe, items.map((d) => d.code).join(' '));
    assert.match(pipe.message, /"curl \| sh"/);
    const actions = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: pipe.range,
      context: { diagnostics: [pipe] },
    });
    assert.ok(
      actions.some((a) => a.title === 'Prefix the script with "set -o pipefail"'),
      actions.map((a) => a.title).join(' | '),
    );
    for (const a of actions) assert.doesNotMatch(a.title, /`/);
    const hover = await lsp.client.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: URI },
      position: pipe.range.start,
    });
    assert.match(hoverText(hover), /`curl \| sh`/, 'Markdown in the hover');
  } finally {
    lsp.dispose();
  }
});

test('a client whose hover shows the diagnostics (editorHoverShowsDiagnostics) gets the explanation without the messages', async () => {
  for (const [options, expectMessage] of [
    [{ editorHoverShowsDiagnostics: true }, false],
    [undefined, true],
  ] as const) {
    const lsp = startPair({ pull: true });
    try {
      await lsp.initialize(options);
      lsp.client.sendNotification('initialized', {});
      await open(lsp.client);
      const report = await pull(lsp.client);
      const add = report.items.find((d) => d.code === 'add-instead-of-copy')!;
      const hover = await lsp.client.sendRequest<Hover | null>('textDocument/hover', {
        textDocument: { uri: URI },
        position: add.range.start,
      });
      const text = hoverText(hover)!;
      assert.match(text, /\*\*What to do:\*\*/);
      assert.equal(text.includes(add.message.slice(0, 40)), expectMessage, JSON.stringify(options));
    } finally {
      lsp.dispose();
    }
  }
});
