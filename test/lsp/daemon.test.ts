// daemon.json through the real server: diagnostics per Engine version and platform setting, key hovers, quick
// fixes, the secure-baseline action with its confirmation, the bulkhead.daemon.files globs, and the division of labour
// with an editor whose JSON service reports syntax errors and shows the schema's key descriptions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type PulledReport } from './helpers';
import { applyEdits, hoverText } from '../unit/helpers';
import type { CodeAction, Hover, ProtocolConnection, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';

const URI = 'file:///nonexistent-bulkhead-test/etc/docker/daemon.json';
const TEXT = ['{', '  "icc": true,', '  "no-new-privleges": true,', '  "log-driver": "json-file"', '}', ''].join('\n');

async function open(client, { uri = URI, text = TEXT, languageId = 'json', version = 1 } = {}) {
  await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
}
const pull = (client: ProtocolConnection, uri = URI) =>
  client.sendRequest<PulledReport>('textDocument/diagnostic', { textDocument: { uri } });

test('daemon.json: findings, key hover, did-you-mean fix, secure baseline, engine version setting', async () => {
  let daemon = {};
  const lsp = startPair({ pull: true, settings: () => ({ daemon }) });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    await open(lsp.client);
    const report = await pull(lsp.client);
    const ids = report.items.map((d) => d.code);
    for (const id of ['icc-enabled', 'daemon-unknown-key', 'remote-logging-missing', 'userland-proxy-enabled'])
      assert.ok(ids.includes(id), `${id} in ${ids}`);
    const unknown = report.items.find((d) => d.code === 'daemon-unknown-key');
    assert.equal(unknown.range.start.line, 2);
    assert.match(unknown.message, /don't match any configuration option: no-new-privleges/);
    assert.match(unknown.message, /no-new-privileges/);

    // hover on a key: the key card (type, default, flag, reload, CIS)
    const hover = await lsp.client.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: 1, character: 4 },
    });
    assert.match(hoverText(hover), /`icc`/);
    assert.match(hoverText(hover), /--icc/);
    assert.match(hoverText(hover), /CIS 2\.2/);
    assert.match(hoverText(hover), /restart/);

    // the did-you-mean quick fix renames the key
    const actions = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: unknown.range,
      context: { diagnostics: [unknown] },
    });
    const rename = actions.find((a) => /no-new-privileges/.test(a.title));
    assert.ok(rename, actions.map((a) => a.title).join(' | '));
    const renamed = applyEdits(TEXT, rename.edit.changes[URI]).text;
    assert.match(renamed, /"no-new-privileges": true/);

    // the secure baseline: a quick fix on CIS findings, behind a confirmation that lists the caveats
    const icc = report.items.find((d) => d.code === 'icc-enabled');
    const cisActions = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: icc.range,
      context: { diagnostics: [icc] },
    });
    const baseline = cisActions.find((a) => a.title.startsWith('Apply secure baseline'));
    assert.ok(baseline, cisActions.map((a) => a.title).join(' | '));
    const annotation = Object.values(baseline.edit.changeAnnotations)[0];
    assert.equal(annotation.needsConfirmation, true);
    assert.match(annotation.description, /swarm/);
    assert.match(annotation.description, /hairpin/);
    const secured = applyEdits(TEXT, (baseline.edit.documentChanges[0] as TextDocumentEdit).edits as TextEdit[]).text;
    const parsed = JSON.parse(secured);
    assert.equal(parsed.icc, false);
    assert.equal(parsed['userland-proxy'], false);
    assert.equal(parsed['no-new-privileges'], true);
    // as a source action too
    const source = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: icc.range,
      context: { diagnostics: [], only: ['source'] },
    });
    assert.ok(source.some((a) => a.kind === 'source.bulkhead.secureBaseline'));

    // Engine 27 does not know min-api-version (29+): the setting changes the verdict
    const V = 'file:///nonexistent-bulkhead-test/v/daemon.json';
    await open(lsp.client, { uri: V, text: '{\n  "min-api-version": "1.24"\n}\n' });
    assert.ok(
      !(await pull(lsp.client, V)).items.some((d) => d.code === 'daemon-unknown-key'),
      'fine on 29 (the default)',
    );
    daemon = { engineVersion: '27' };
    await lsp.client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.ok(
      (await pull(lsp.client, V)).items.some((d) => d.code === 'daemon-unknown-key'),
      'unknown on 27',
    );
  } finally {
    lsp.dispose();
  }
});

test('daemon.json: other JSON files are not linted unless bulkhead.daemon.files names them', async () => {
  let daemon = {};
  const lsp = startPair({ pull: true, settings: () => ({ daemon }) });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    const OTHER = 'file:///nonexistent-bulkhead-test/config/dockerd-prod.json';
    await open(lsp.client, { uri: OTHER, text: '{ "icc": true }\n' });
    assert.deepEqual((await pull(lsp.client, OTHER)).items, []);
    const PKG = 'file:///nonexistent-bulkhead-test/package.json';
    await open(lsp.client, { uri: PKG, text: '{ "name": "x" }\n' });
    assert.deepEqual((await pull(lsp.client, PKG)).items, []);
    daemon = { files: ['config/dockerd-*.json'] };
    await lsp.client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.ok(
      (await pull(lsp.client, OTHER)).items.some((d) => d.code === 'icc-enabled'),
      'linted once the glob names it',
    );
    assert.deepEqual((await pull(lsp.client, PKG)).items, [], 'package.json still untouched');
  } finally {
    lsp.dispose();
  }
});

test('daemon.json in an editor with JSON language features: structural errors and key cards are left to it', async () => {
  const BROKEN = ['{', '  // CIS', '  "icc": false', '  "debug": true', '}', ''].join('\n');
  for (const editorJsonFeatures of [false, true]) {
    const lsp = startPair({ pull: true });
    try {
      await lsp.initialize({ editorJsonFeatures });
      await lsp.client.sendNotification('initialized', {});
      await open(lsp.client, { text: BROKEN });
      const items = (await pull(lsp.client)).items.filter((d) => d.code === 'daemon-invalid-json');
      const messages = items.map((d) => d.message).join('\n');
      // the comment: VS Code's JSON service does not report it (the schema allows comments), dockerd refuses it
      assert.match(messages, /invalid character '\/'/, `comment reported (editorJsonFeatures=${editorJsonFeatures})`);
      // the missing comma: reported by the editor itself when it has JSON features
      if (editorJsonFeatures) assert.doesNotMatch(messages, /after object key:value pair/);
      else assert.match(messages, /invalid character '"' after object key:value pair/);
      await open(lsp.client, { uri: `${URI}.2/daemon.json`, text: TEXT });
      const hover = await lsp.client.sendRequest<Hover | null>('textDocument/hover', {
        textDocument: { uri: `${URI}.2/daemon.json` },
        position: { line: 1, character: 4 },
      });
      if (editorJsonFeatures)
        assert.ok(hover === null || !/--icc/.test(hoverText(hover)), 'no key card: the schema shows it');
      else assert.match(hoverText(hover), /--icc/);
    } finally {
      lsp.dispose();
    }
  }
});

test('a client with the secure-baseline command (secureBaselineCommand) gets the baseline as that command: edits, changes and caveats', async () => {
  const lsp = startPair({ pull: true });
  try {
    await lsp.initialize({ secureBaselineCommand: true });
    await lsp.client.sendNotification('initialized', {});
    await open(lsp.client);
    const report = await pull(lsp.client);
    const icc = report.items.find((d) => d.code === 'icc-enabled')!;
    const actions = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: icc.range,
      context: { diagnostics: [icc] },
    });
    const baseline = actions.find((a) => a.title.startsWith('Apply secure baseline'))!;
    assert.equal(baseline.edit, undefined, 'no edit VS Code would put behind unticked boxes');
    assert.equal(baseline.command?.command, 'bulkhead.applySecureBaseline');
    const [args] = baseline.command!.arguments as {
      uri: string;
      version: number;
      edits: TextEdit[];
      changes: string[];
      caveats: string[];
    }[];
    assert.equal(args.uri, URI);
    assert.equal(args.version, 1);
    assert.ok(args.changes.includes('icc') && args.changes.includes('no-new-privileges'), args.changes.join(', '));
    assert.ok(args.caveats.some((c) => /swarm/.test(c)) && args.caveats.some((c) => /hairpin/.test(c)));
    const parsed = JSON.parse(applyEdits(TEXT, args.edits).text);
    assert.equal(parsed.icc, false);
    assert.equal(parsed['no-new-privileges'], true);
  } finally {
    lsp.dispose();
  }
});
