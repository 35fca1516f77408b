// Image facts in the server (bulkhead.registry.*): nothing leaves the machine while the setting is off; a lint never
// waits for a registry; facts that arrive later bring a re-lint with the pin fix, the hover and the root-user verdict;
// the pin request and the cache command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dc from 'node:diagnostics_channel';
import net from 'node:net';
import type { CodeAction, Hover, ProtocolConnection } from 'vscode-languageserver-protocol';
import { startPair, type PulledReport } from './helpers';
import { applyEdits, hoverText, imageFacts } from '../unit/helpers';
import type { FactsSource } from '../../server/src/lsp/imageFetcher';
import type { ImageFacts } from '../../server/src/registry/facts';
import { RegistryError } from '../../server/src/registry/client';
import { CLEAR_IMAGE_CACHE_METHOD, PIN_IMAGES_METHOD, type PinImagesResult } from '../../shared/src/protocol';

const URI = 'file:///nonexistent-bulkhead-test/app/Dockerfile';
const COMPOSE_URI = 'file:///nonexistent-bulkhead-test/app/compose.yaml';
const DIGEST = `sha256:${'1'.repeat(64)}`;
const TOOLS_DIGEST = `sha256:${'2'.repeat(64)}`;

async function open(client: ProtocolConnection, text: string, uri = URI, languageId = 'dockerfile') {
  await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
}
const pull = (client: ProtocolConnection, uri = URI) =>
  client.sendRequest<PulledReport>('textDocument/diagnostic', { textDocument: { uri } });
const hover = (client: ProtocolConnection, line: number, character: number, uri = URI) =>
  client.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });

/** A facts source the test answers by hand: each fetch waits until the test settles it. */
function manualFacts() {
  const calls: string[] = [];
  const waiting = new Map<string, { resolve: (f: ImageFacts) => void; reject: (e: Error) => void }[]>();
  let cleared = 0;
  const source: FactsSource = {
    fetch(key) {
      calls.push(key);
      return new Promise<ImageFacts>((resolve, reject) => {
        waiting.set(key, [...(waiting.get(key) ?? []), { resolve, reject }]);
      });
    },
    clear: () => void cleared++,
  };
  const take = (key: string) => {
    const list = waiting.get(key);
    assert.ok(list?.length, `no fetch of ${key} is waiting (asked: ${calls.join(', ')})`);
    return list.shift()!;
  };
  return {
    source,
    calls,
    cleared: () => cleared,
    answer: (key: string, facts: Partial<ImageFacts>) => take(key).resolve(imageFacts(facts)),
    fail: (key: string, message: string) => take(key).reject(new RegistryError('unreachable', message)),
  };
}

const enabled = { registry: { enabled: true } };
const codes = (r: PulledReport, code: string) => r.items.filter((d) => d.code === code);

test('registry on: the lint answers without waiting; facts that arrive bring a re-lint with the pin fix, the hover and the base image user', async () => {
  const facts = manualFacts();
  const lsp = startPair({ pull: true, settings: () => enabled, serverOptions: { facts: facts.source } });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    const text =
      'FROM registry.example.com/team/app:1.0\nCOPY --from=ghcr.io/acme/tools:2.1 /tool /tool\nCMD ["/app"]\n';
    await open(lsp.client, text);
    // the fetch never answered yet: the lint is there all the same, without the pin fix
    const first = await pull(lsp.client);
    const unpinned = codes(first, 'image-not-pinned-by-digest');
    assert.equal(unpinned.length, 2);
    assert.ok(unpinned.every((d) => !(d.data as { fixes: unknown[] }).fixes.length));
    assert.equal(codes(first, 'root-user')[0]?.severity, 3, 'the base image user is not known: information');
    const pending = hoverText(await hover(lsp.client, 0, 8));
    assert.match(pending ?? '', /Asking the registry/);
    assert.deepEqual(facts.calls.sort(), ['ghcr.io/acme/tools:2.1', 'registry.example.com/team/app:1.0']);

    const mark = lsp.events.length;
    facts.answer('registry.example.com/team/app:1.0', {
      digest: DIGEST,
      config: { user: '', healthcheck: null, exposedPorts: ['8080/tcp'], env: [], created: '2026-11-30T10:00:00Z' },
      size: 5 * 1024 * 1024,
    });
    await lsp.waitFor('refresh', () => true, { since: mark });
    const second = await pull(lsp.client);
    const pin = codes(second, 'image-not-pinned-by-digest').find((d) => d.range.start.line === 0)!;
    const fixes = (pin.data as { fixes: { title: string; manual?: boolean }[] }).fixes;
    assert.equal(fixes.length, 1);
    assert.match(fixes[0].title, /^Pin registry\.example\.com\/team\/app:1\.0 to sha256:111111111111…/);
    assert.equal(fixes[0].manual, true, 'never applied by Fix All');
    const root = codes(second, 'root-user')[0];
    assert.equal(root.severity, 2, 'the registry says the base runs as root: a warning');
    assert.match(root.message, /runs as root \(its configuration sets no User, as the registry reports\)/);
    const shown = hoverText(await hover(lsp.client, 0, 8)) ?? '';
    assert.match(shown, new RegExp(`Digest: \`${DIGEST}\``));
    assert.match(shown, /Runs as: root \(no User set\)/);
    assert.match(shown, /Created: 2026-11-30/);
    assert.match(shown, /Size \(linux\/amd64, compressed\): 5\.0 MB/);

    // the quick fix writes the digest; Fix All leaves it alone
    const actions = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: pin.range,
      context: { diagnostics: [pin] },
    });
    const action = actions.find((a) => a.title.startsWith('Pin registry.example.com'))!;
    const edits = action.edit!.changes![URI];
    assert.equal(applyEdits(text, edits).text.split('\n')[0], `FROM registry.example.com/team/app:1.0@${DIGEST}`);
    const fixAll = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: pin.range,
      context: { diagnostics: [], only: ['source.fixAll.bulkhead'] },
    });
    for (const a of fixAll)
      for (const e of a.edit?.changes?.[URI] ?? []) assert.ok(!e.newText.includes(DIGEST), 'Fix All pins nothing');

    // with both references known, one action pins them all
    const mark2 = lsp.events.length;
    facts.answer('ghcr.io/acme/tools:2.1', { digest: TOOLS_DIGEST });
    await lsp.waitFor('refresh', () => true, { since: mark2 });
    const third = await pull(lsp.client);
    const both = codes(third, 'image-not-pinned-by-digest');
    const all = (
      await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: URI },
        range: both[0].range,
        context: { diagnostics: [both[0]] },
      })
    ).find((a) => a.title === 'Pin all images in this file to their digests (2)');
    assert.ok(all, 'a Pin all action');
    assert.equal(
      applyEdits(text, all.edit!.changes![URI]).text,
      `FROM registry.example.com/team/app:1.0@${DIGEST}\nCOPY --from=ghcr.io/acme/tools:2.1@${TOOLS_DIGEST} /tool /tool\nCMD ["/app"]\n`,
    );
    assert.equal(facts.calls.length, 2, 'each reference asked once');
  } finally {
    lsp.dispose();
  }
});

test('registry on: a registry that is down gives a clear message in the hover and the pin answer, and the lint never waits for it', async () => {
  const facts = manualFacts();
  const lsp = startPair({ pull: true, settings: () => enabled, serverOptions: { facts: facts.source } });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    await open(lsp.client, 'FROM registry.example.com/team/app:1.0\nUSER 10001\nCMD ["/app"]\n');
    assert.equal(codes(await pull(lsp.client), 'image-not-pinned-by-digest').length, 1);
    const pinning = lsp.client.sendRequest<PinImagesResult>(PIN_IMAGES_METHOD, { uri: URI });
    // the pin request waits for the registry; the diagnostics do not
    assert.equal(codes(await pull(lsp.client), 'image-not-pinned-by-digest').length, 1);
    facts.fail('registry.example.com/team/app:1.0', 'cannot reach https://registry.example.com (ECONNREFUSED)');
    const answer = await pinning;
    assert.deepEqual(answer.edits, []);
    assert.equal(answer.disabled, false);
    assert.deepEqual(answer.problems, [
      'registry.example.com/team/app:1.0: cannot reach https://registry.example.com (ECONNREFUSED)',
    ]);
    assert.match(hoverText(await hover(lsp.client, 0, 8)) ?? '', /The registry could not be asked: cannot reach/);
    assert.equal(facts.calls.length, 1, 'a failed reference is not asked again at once');
  } finally {
    lsp.dispose();
  }
});

test('the pin request answers the edits for a Compose file, and Clear Image Cache forgets the facts', async () => {
  const facts = manualFacts();
  const lsp = startPair({ pull: true, settings: () => enabled, serverOptions: { facts: facts.source } });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    const text = 'services:\n  db:\n    image: postgres:16.4\n  web:\n    image: "nginx:1.27"\n';
    await open(lsp.client, text, COMPOSE_URI, 'yaml');
    assert.equal(codes(await pull(lsp.client, COMPOSE_URI), 'compose-image-not-pinned-by-digest').length, 2);
    const pinning = lsp.client.sendRequest<PinImagesResult>(PIN_IMAGES_METHOD, { uri: COMPOSE_URI });
    facts.answer('docker.io/library/postgres:16.4', { digest: DIGEST });
    facts.answer('docker.io/library/nginx:1.27', { digest: TOOLS_DIGEST });
    const answer = await pinning;
    assert.equal(answer.pinned, 2);
    assert.equal(
      applyEdits(text, answer.edits).text,
      `services:\n  db:\n    image: postgres:16.4@${DIGEST}\n  web:\n    image: "nginx:1.27@${TOOLS_DIGEST}"\n`,
    );
    const mark = lsp.events.length;
    await lsp.client.sendRequest(CLEAR_IMAGE_CACHE_METHOD, null);
    assert.equal(facts.cleared(), 1, 'the disk cache is cleared too');
    await lsp.waitFor('refresh', () => true, { since: mark });
    await pull(lsp.client, COMPOSE_URI);
    assert.equal(facts.calls.length, 4, 'both references are asked again after the cache is cleared');
  } finally {
    lsp.dispose();
  }
});

test('registry off (the default): no socket is opened and nothing is asked, whatever the files name; on, the same files do connect', async () => {
  // a port nothing listens on: a connection attempt is refused at once
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const host = `127.0.0.1:${port}`;

  let connects = 0;
  const count = () => void connects++;
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    connects++;
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;
  dc.subscribe('undici:client:beforeConnect', count);
  const run = async (registry: unknown) => {
    // the server's own registry client, no stand-in
    const lsp = startPair({ pull: true, settings: () => ({ registry }) });
    try {
      await lsp.initialize();
      await lsp.client.sendNotification('initialized', {});
      await open(lsp.client, `FROM ${host}/team/app:1.0\nUSER 10001\nCMD ["/app"]\n`);
      await open(lsp.client, `services:\n  app:\n    image: ${host}/team/db:2.0\n`, COMPOSE_URI, 'yaml');
      await pull(lsp.client);
      await pull(lsp.client, COMPOSE_URI);
      await hover(lsp.client, 0, 8);
      return await lsp.client.sendRequest<PinImagesResult>(PIN_IMAGES_METHOD, { uri: URI });
    } finally {
      lsp.dispose();
    }
  };
  try {
    const off = await run({ insecureRegistries: [host] });
    assert.equal(off.disabled, true, 'the pin request says the registry is off');
    assert.equal(connects, 0, 'no connection while bulkhead.registry.enabled is off');
    const on = await run({ enabled: true, insecureRegistries: [host] });
    assert.ok(connects > 0, 'the same files connect when it is on (so the count above can fail)');
    assert.equal(on.problems.length, 1);
    assert.match(on.problems[0], new RegExp(`cannot reach http://${host.replace(/\./g, '\\.')} \\(ECONNREFUSED\\)`));
  } finally {
    net.Socket.prototype.connect = connect;
    dc.unsubscribe('undici:client:beforeConnect', count);
  }
});
