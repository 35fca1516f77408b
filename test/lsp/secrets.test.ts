// Secrets stay masked in everything a person reads: diagnostic messages, fix and code-action titles, change
// annotations, hovers (through the real server), and the CLI's text, JSON and SARIF. Each input quotes generated secrets
// of a few shapes where rules echo values: URL userinfo (a token alone or a password), credential query parameters,
// daemon.json values the secure baseline lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type PulledReport } from './helpers';
import { runCli, tempDir, writeTree } from '../unit/cli-helpers';
import { hoverText } from '../unit/helpers';
import type { CodeAction, Hover } from 'vscode-languageserver-protocol';

/** A deterministic generator (mulberry32), so a failure names a secret that can be reproduced. */
function generator(seed) {
  let a = seed;
  return (alphabet, n) =>
    Array.from({ length: n }, () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return alphabet[((t ^ (t >>> 14)) >>> 0) % alphabet.length];
    }).join('');
}
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const pick = generator(20261128);
const SECRETS = [
  pick(ALNUM, 24), // a generic API token
  `ghp_${pick(ALNUM, 36)}`, // GitHub
  `glpat-${pick(ALNUM, 20)}`, // GitLab
  `${pick('abcdefghjkmnpqrstuvwxyz', 6)}-${pick('0123456789', 4)}_${pick('ABCDEFGHJKLMNPQRSTUVWXYZ', 5)}`, // a password
];

const DOCKERFILE = (s) =>
  [
    'FROM debian:bookworm-slim',
    `RUN pip install git+https://${s}@github.com/acme/tool`,
    `RUN apk add https://${s}@packages.example.com/p.apk`,
    `RUN pip install git+https://deploy:${s}@github.com/acme/lib`,
    `RUN curl -fsSL -o /x "https://h.example.com/x?client_secret=${s}&access_key=${s}"`,
    `ADD https://h.example.com/y.tgz?client_secret=${s} /y.tgz`,
    `RUN wget -O /z.tgz https://${s}@dl.example.com/z.tgz`,
    'CMD ["/x"]',
    '',
  ].join('\n');

const DAEMON = (s) =>
  JSON.stringify(
    {
      'registry-mirrors': [`https://mirror:${s}@mirror.example.com`],
      'insecure-registries': [`https://bob:${s}@reg.example.com:5000`, `https://${s}@reg2.example.com`],
      proxies: { 'http-proxy': `http://proxy:${s}@proxy.example.com:3128` },
      icc: true,
    },
    null,
    2,
  ) + '\n';

const COMPOSE = (s) =>
  [
    'services:',
    '  app:',
    '    image: nginx',
    '    environment:',
    `      DATABASE_URL: postgresql://app:${s}@db/app`,
    `      CALLBACK: https://h.example.com/cb?client_secret=${s}`,
    '    build:',
    `      context: https://${s}@github.com/acme/app.git`,
    '',
  ].join('\n');

const DOCUMENTS: [name: string, languageId: string, make: (secret: string) => string][] = [
  ['Dockerfile', 'dockerfile', DOCKERFILE],
  ['daemon.json', 'json', DAEMON],
  ['compose.yaml', 'yaml', COMPOSE],
];

/** Every string of a value, with where it was found. */
function strings(value, where, out = []) {
  if (typeof value === 'string') out.push([where, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${where}[${i}]`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) strings(v, `${where}.${k}`, out);
  return out;
}

/** What a person reads of a code action: its title and its change annotations (the edits themselves write the file). */
function actionTexts(actions, where) {
  return (actions ?? []).flatMap((a, i) => [
    [`${where}[${i}].title`, a.title],
    ...strings(a.edit?.changeAnnotations ?? {}, `${where}[${i}].changeAnnotations`),
  ]);
}

function assertMasked(texts, secret, what) {
  for (const [where, text] of texts) {
    assert.ok(!text.includes(secret), `${what}: ${where} shows the secret ${secret}:\n${text}`);
  }
}

test('the language server never shows a secret: messages, fix titles, code actions, change annotations, hovers', async () => {
  const lsp = startPair({ pull: true });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    let n = 0;
    for (const secret of SECRETS) {
      for (const [name, languageId, make] of DOCUMENTS) {
        const uri = `file:///nonexistent-bulkhead-test/secrets/${++n}/${name}`;
        await lsp.client.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId, version: 1, text: make(secret) },
        });
        const items = (
          await lsp.client.sendRequest<PulledReport>('textDocument/diagnostic', {
            textDocument: { uri },
          })
        ).items;
        assert.ok(items.length > 2, `${name}: findings to check`);
        // the inputs make rules quote the URLs: those are the strings under test
        assert.ok(
          items.some((d) => /:\/\/[^\s]*@/.test(d.message)),
          `${name}: no finding quotes a URL with userinfo`,
        );
        const texts = [];
        for (const [i, d] of items.entries()) {
          texts.push(
            [`diagnostic ${d.code}.message`, d.message],
            ...strings(d.data, `diagnostic ${d.code}.data`).filter(([w]) => w.endsWith('.title')),
          );
          const actions = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
            textDocument: { uri },
            range: d.range,
            context: { diagnostics: [d] },
          });
          texts.push(...actionTexts(actions, `actions of ${d.code}`));
          const hover = await lsp.client.sendRequest<Hover | null>('textDocument/hover', {
            textDocument: { uri },
            position: d.range.start,
          });
          if (hover) texts.push([`hover ${i}`, hoverText(hover)]);
        }
        const source = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          context: { diagnostics: [], only: ['source'] },
        });
        texts.push(...actionTexts(source, 'source actions'));
        if (name === 'daemon.json') {
          const baseline = source.find((a) => a.kind === 'source.bulkhead.secureBaseline');
          assert.match(
            Object.values(baseline.edit.changeAnnotations)[0].description,
            /insecure-registries is emptied: give https:\/\/bob:\*+@reg\.example\.com:5000/,
          );
        }
        assertMasked(texts, secret, name);
      }
    }
  } finally {
    lsp.dispose();
  }
});

test('the CLI never prints a secret, in text, JSON or SARIF', () => {
  const { dir, cleanup } = tempDir();
  try {
    const files = {};
    SECRETS.forEach((s, i) => {
      files[`p${i}/Dockerfile`] = DOCKERFILE(s);
      files[`p${i}/.dockerignore`] = '.git\n.env\n';
      files[`p${i}/compose.yaml`] = COMPOSE(s);
      files[`p${i}/daemon.json`] = DAEMON(s);
    });
    writeTree(dir, files);
    for (const format of ['text', 'json', 'sarif']) {
      const args = [
        'check',
        '--format',
        format,
        ...SECRETS.flatMap((_, i) => [`p${i}/Dockerfile`, `p${i}/compose.yaml`, `p${i}/daemon.json`]),
      ];
      const r = runCli(args, { cwd: dir });
      assert.ok(r.stdout.includes('://'), `${format}: findings quote URLs\n${r.stderr}`);
      for (const s of SECRETS) assertMasked([[`${format} output`, r.stdout + r.stderr]], s, 'CLI');
    }
  } finally {
    cleanup();
  }
});
