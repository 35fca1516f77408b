// The layers of the source tree (docs/architecture.md): every import points down or sideways within its layer, the
// three document kinds never import one another, no two folders import each other (directly or round a cycle), and
// the client and the server share code only through `shared/src`. The checker is a pure function over the import
// edges, so it is tested on made-up trees too: it must fail on each kind of violation as well as pass on ours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers';

/** One relative import: the importing file, the file it resolves to (repository-relative), the line. */
interface Edge {
  from: string;
  to: string;
  line: number;
}

interface Layer {
  name: string;
  rank: number;
  prefixes: string[];
}

/**
 * Folders by layer, lowest first; the longest matching prefix decides. A file that matches none fails the test, so
 * a new folder has to be given its place here (and in docs/architecture.md).
 */
export const LAYERS: Layer[] = [
  { name: 'shared', rank: 0, prefixes: ['shared/src/'] },
  { name: 'text', rank: 1, prefixes: ['server/src/text/'] },
  { name: 'common', rank: 2, prefixes: ['server/src/common/', 'server/src/data/', 'server/src/registry/'] },
  { name: 'rules core', rank: 3, prefixes: ['server/src/rules/'] },
  {
    name: 'kind',
    rank: 4,
    prefixes: ['server/src/dockerfile/', 'server/src/daemon/', 'server/src/compose/', 'server/src/devcontainer/'],
  },
  { name: 'service', rank: 5, prefixes: ['server/src/service/', 'server/src/config/'] },
  {
    name: 'front end',
    rank: 6,
    prefixes: [
      'server/src/cli/',
      'server/src/cli.ts',
      'server/src/cliEntry.ts',
      'server/src/lsp/',
      'server/src/lsp.ts',
      'server/src/server.ts',
      'server/src/serverEntry.ts',
    ],
  },
  { name: 'client', rank: 6, prefixes: ['client/src/'] },
];

/**
 * Peers: folders of one layer that must not import one another. The three kinds share only what lies below them;
 * the two front ends (the CLI, the language server) share only the service.
 */
const PEERS: [kinds: string[], frontEnds: string[][]] = [
  ['server/src/dockerfile/', 'server/src/daemon/', 'server/src/compose/', 'server/src/devcontainer/'],
  [
    ['server/src/cli/', 'server/src/cli.ts', 'server/src/cliEntry.ts'],
    ['server/src/lsp/', 'server/src/lsp.ts', 'server/src/server.ts', 'server/src/serverEntry.ts'],
  ],
];

/**
 * A kind whose documents embed another kind's language reads that kind's parser and analyses, and nothing else of it:
 * devcontainer.json's commands (`initializeCommand`, the lifecycle commands) are shell, read with the Dockerfile's
 * shell tokenizer and its analyses of downloads and interpreters (one reading of shell, not two).
 */
export const EMBEDS: Readonly<Record<string, readonly string[]>> = {
  'server/src/devcontainer/': ['server/src/dockerfile/model/', 'server/src/dockerfile/analysis/'],
};

function embeds(from: string, to: string): boolean {
  return Object.entries(EMBEDS).some(([kind, parts]) => from.startsWith(kind) && parts.some((p) => to.startsWith(p)));
}

function peerOf(file: string): { group: string[] | string[][]; name: string } | undefined {
  for (const group of PEERS) {
    const i = group.findIndex((member) => [member].flat().some((p) => file.startsWith(p)));
    if (i >= 0)
      return {
        group,
        name: [group[i]]
          .flat()[0]
          .replace(/^server\/src\//, '')
          .replace(/\/$/, ''),
      };
  }
  return undefined;
}

/**
 * Inside a kind, folders by rank: its model and parser (`model/`), the analyses rules share (`analysis/`), the files at
 * the kind's top (its rule context, its suppression comments; the whole model for a kind without sub-folders), its
 * rules, and its service. An import inside one kind points down this list or stays in its folder.
 */
export const KIND_PARTS: { name: string; rank: number; folder: string }[] = [
  { name: 'model', rank: 0, folder: 'model/' },
  { name: 'analysis', rank: 1, folder: 'analysis/' },
  { name: 'top', rank: 2, folder: '' },
  { name: 'rules', rank: 3, folder: 'rules/' },
  { name: 'service', rank: 4, folder: 'service/' },
];

/** The kind a file belongs to and its part within that kind ({kind, part}), or undefined outside the kinds. */
function kindPartOf(file: string) {
  const kind = PEERS[0].find((k) => file.startsWith(k));
  if (!kind) return undefined;
  const rest = file.slice(kind.length);
  const part =
    KIND_PARTS.find((p) => p.folder && rest.startsWith(p.folder)) ??
    (rest.includes('/') ? undefined : KIND_PARTS.find((p) => p.folder === ''));
  return { kind, part };
}

function layerOf(file: string): Layer | undefined {
  let best: { layer: Layer; prefix: string } | undefined;
  for (const layer of LAYERS)
    for (const p of layer.prefixes)
      if (file.startsWith(p) && (!best || p.length > best.prefix.length)) best = { layer, prefix: p };
  return best?.layer;
}

const side = (file: string) =>
  file.startsWith('client/') ? 'client' : file.startsWith('server/') ? 'server' : 'shared';

/** Folder cycles: strongly connected components of more than one folder (Tarjan, iterative enough for a tree this size). */
function folderCycles(edges: Edge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = path.posix.dirname(from);
    const b = path.posix.dirname(to);
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    graph.get(a).add(b);
  }
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const connect = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)) {
      if (!indices.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indices.get(w)));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indices.has(v)) connect(v);
  return out;
}

/** Every violation in a list of import edges ({from, to, line}: repository-relative paths of .ts files). */
export function violations(edges: Edge[], files = [...new Set(edges.flatMap((e) => [e.from, e.to]))]): string[] {
  const out: string[] = [];
  for (const f of files)
    if (!layerOf(f)) out.push(`${f}: in no layer (give its folder a place in LAYERS and docs/architecture.md)`);
  for (const { from, to, line } of edges) {
    const a = layerOf(from);
    const b = layerOf(to);
    const where = `${from}:${line} imports ${to}`;
    if (!a || !b) continue;
    if (side(from) !== 'shared' && side(to) !== 'shared' && side(from) !== side(to))
      out.push(`${where}: ${side(from)} code imports ${side(to)} code (share it through shared/src)`);
    else if (side(from) === 'shared' && side(to) !== 'shared')
      out.push(`${where}: shared code imports ${side(to)} code`);
    else if (b.rank > a.rank) out.push(`${where}: upward, from ${a.name} to ${b.name}`);
    else if (kindPartOf(from) && kindPartOf(from).kind === kindPartOf(to)?.kind) {
      const p = kindPartOf(from).part;
      const q = kindPartOf(to).part;
      if (!p || !q) out.push(`${where}: a folder inside a kind that is not one of KIND_PARTS`);
      else if (q.rank > p.rank) out.push(`${where}: upward inside a kind, from its ${p.name} to its ${q.name}`);
    } else {
      const p = peerOf(from);
      const q = peerOf(to);
      if (p && q && p.group === q.group && p.name !== q.name && !embeds(from, to))
        out.push(`${where}: a peer imports another (${p.name} -> ${q.name}); move what both need down a layer`);
    }
  }
  for (const cycle of folderCycles(edges)) out.push(`folders import each other: ${cycle.join(' <-> ')}`);
  return out;
}

/** The relative imports of the project's TypeScript sources (static, `export … from` and `import('…')` types). */
function projectEdges(): { files: string[]; edges: Edge[] } {
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(path.join(ROOT, dir))) return;
    for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (rel.endsWith('.ts')) files.push(rel);
    }
  };
  for (const top of ['shared/src', 'server/src', 'client/src']) walk(top);
  const edges: Edge[] = [];
  const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]*)['"]/gm;
  for (const from of files) {
    const text = fs.readFileSync(path.join(ROOT, from), 'utf8');
    for (const m of text.matchAll(SPECIFIER)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), m[1]));
      const to = [`${target}.ts`, `${target}/index.ts`, target].find((c) => fs.existsSync(path.join(ROOT, c)));
      assert.ok(to, `${from}: cannot resolve ${m[1]}`);
      edges.push({ from, to, line: text.slice(0, m.index).split('\n').length });
    }
  }
  return { files, edges };
}

test('the checker finds each kind of violation in a made-up tree', () => {
  const e = (from: string, to: string): Edge => ({ from, to, line: 1 });
  // a clean tree passes
  assert.deepEqual(
    violations([
      e('server/src/service/lint.ts', 'server/src/rules/types.ts'),
      e('server/src/dockerfile/rules/a.ts', 'server/src/dockerfile/model/model.ts'),
      e('client/src/extension.ts', 'shared/src/templates/index.ts'),
    ]),
    [],
  );
  assert.match(
    violations([e('server/src/rules/registry.ts', 'server/src/dockerfile/model/model.ts')]).join('\n'),
    /upward, from rules core to kind/,
  );
  assert.match(
    violations([e('server/src/dockerfile/model/model.ts', 'server/src/dockerfile/analysis/commands.ts')]).join('\n'),
    /upward inside a kind, from its model to its analysis/,
  );
  assert.match(
    violations([e('server/src/dockerfile/analysis/edits.ts', 'server/src/dockerfile/rules/root-user.ts')]).join('\n'),
    /upward inside a kind, from its analysis to its rules/,
  );
  assert.match(
    violations([e('server/src/daemon/rules/a.ts', 'server/src/daemon/service/lint.ts')]).join('\n'),
    /upward inside a kind, from its rules to its service/,
  );
  assert.match(
    violations([e('server/src/daemon/odd/a.ts', 'server/src/daemon/model.ts')]).join('\n'),
    /not one of KIND_PARTS/,
  );
  assert.match(
    violations([e('server/src/devcontainer/rules/a.ts', 'server/src/dockerfile/rules/b.ts')]).join('\n'),
    /a peer imports another \(devcontainer -> dockerfile\)/,
  );
  assert.deepEqual(violations([e('server/src/devcontainer/rules/a.ts', 'server/src/dockerfile/analysis/b.ts')]), []);
  assert.match(
    violations([e('server/src/compose/imageRef.ts', 'server/src/dockerfile/image.ts')]).join('\n'),
    /a peer imports another \(compose -> dockerfile\)/,
  );
  assert.match(
    violations([e('server/src/lsp.ts', 'server/src/cli/walk.ts')]).join('\n'),
    /a peer imports another \(lsp -> cli\)/,
  );
  assert.match(
    violations([e('server/src/cli/args.ts', 'client/src/commands/inputs.ts')]).join('\n'),
    /server code imports client code/,
  );
  assert.match(
    violations([e('client/src/templates/daemonJson.ts', 'server/src/daemon/keys.ts')]).join('\n'),
    /client code imports server code/,
  );
  assert.match(
    violations([e('shared/src/templates/daemonJson.ts', 'server/src/daemon/keys.ts')]).join('\n'),
    /shared code imports server code/,
  );
  assert.match(
    violations([
      e('server/src/daemon/baseline.ts', 'server/src/daemon/rules/a.ts'),
      e('server/src/daemon/rules/a.ts', 'server/src/daemon/model.ts'),
    ]).join('\n'),
    /folders import each other: server\/src\/daemon <-> server\/src\/daemon\/rules/,
  );
  assert.match(
    violations([e('server/src/lsp.ts', 'server/src/newfolder/x.ts')]).join('\n'),
    /server\/src\/newfolder\/x\.ts: in no layer/,
  );
});

test('the source tree keeps its layers: imports point down, kinds stay apart, no folder cycles, client and server meet in shared/src', () => {
  const { files, edges } = projectEdges();
  assert.ok(
    files.length > 100 && edges.length > 500,
    `found ${files.length} files and ${edges.length} imports: the walk is broken`,
  );
  assert.deepEqual(violations(edges, files), []);
});
