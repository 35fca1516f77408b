// add-remote-without-checksum: which ADD sources are remote, which git refs are pinned, and that no fix is offered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from './helpers';

const RULE = 'add-remote-without-checksum';
const COMMIT = 'b3c2b5f2e7d4a6c8e9f0a1b2c3d4e5f6a7b8c9d0';
const fires = (add) => findings(`FROM alpine:3.20\nADD ${add} /dst/\n`, RULE).length > 0;

const CASES = [
  // [ADD operands, fires]
  ['https://example.com/a.tgz', true],
  // over plain HTTP: plain-http-download reports it once, naming the missing checksum (one report per problem)
  ['HTTP://example.com/a.tgz', false],
  ['http://localhost:8080/a.tgz', true],
  [
    '--checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tgz',
    false,
  ],
  ['--checksum=$SHA https://example.com/a.tgz', false],
  ['--link --chmod=755 https://example.com/a.sh', true],
  ['https://github.com/moby/buildkit.git', true],
  ['https://github.com/moby/buildkit.git#v0.14.0', true],
  ['https://github.com/moby/buildkit.git#main:frontend', true],
  [`https://github.com/moby/buildkit.git#${COMMIT}`, false],
  [`https://github.com/moby/buildkit.git#${COMMIT}:frontend`, false],
  [`https://github.com/moby/buildkit.git#${COMMIT.slice(0, 12)}`, true],
  ['https://github.com/moby/buildkit.git?tag=v0.14.0', true],
  [`https://github.com/moby/buildkit.git?ref=${COMMIT}`, false],
  ['https://github.com/moby/buildkit.git?tag=v0.14.0&checksum=b3c2b5f', false],
  [`https://github.com/moby/buildkit.git?commit=${COMMIT}&keep-git-dir=1`, false],
  [`--checksum=${COMMIT} https://github.com/moby/buildkit.git#v0.14.0`, false],
  ['git@github.com:acme/private.git#v1', true],
  [`git@github.com:acme/private.git#${COMMIT}`, false],
  ['ssh://git@example.com/acme/repo.git', true],
  ['https://gitlab.com/acme/lib', true],
  ['https://github.com/acme/tool/releases/download/v1/tool.tgz', true],
  ['app.tgz', false],
  ['./https-notes.txt', false],
];

for (const [operands, expected] of CASES) {
  test(`ADD ${operands} ${expected ? 'fires' : 'passes'}`, () => assert.equal(fires(operands), expected));
}

test('git messages say whether a branch/tag or the default branch is followed', () => {
  const [tag] = findings('FROM alpine:3.20\nADD https://github.com/a/b.git#v1 /src\n', RULE);
  assert.match(tag.message, /follows `v1`/);
  const [none] = findings('FROM alpine:3.20\nADD https://github.com/a/b.git /src\n', RULE);
  assert.match(none.message, /default branch/);
});

test('build arguments: a URL default fires, an unknown source or ref does not', () => {
  const text = [
    'FROM alpine:3.20',
    'ARG URL=https://example.com/a.tgz',
    'ARG OTHER',
    'ARG REF',
    'ADD ${URL} /a/',
    'ADD ${OTHER} /b/',
    'ADD https://github.com/a/b.git#${REF} /c/',
  ].join('\n');
  const found = findings(text, RULE);
  assert.deepEqual(
    found.map((d) => d.range.start.line + 1),
    [5],
  );
  assert.match(found[0].message, /https:\/\/example\.com\/a\.tgz/);
});

test('the range is the URL; every source of a multi-source ADD is judged', () => {
  const text = 'FROM alpine:3.20\nADD https://a.example/x https://b.example/y /dst/\n';
  const found = findings(text, RULE);
  const line = text.split('\n')[1];
  assert.deepEqual(
    found.map((d) => line.slice(d.range.start.character, d.range.end.character)),
    ['https://a.example/x', 'https://b.example/y'],
  );
  for (const d of found) assert.deepEqual(d.data.fixes, []);
});

test('credentials in the URL query string are masked in the message; ${VAR} references stay readable', () => {
  const token = 'Zx9kQ2mPl7RtY3vB8nWc';
  const [d] = findings(`FROM alpine:3.20\nADD https://gitlab.corp/x.tar.gz?private_token=${token} /x\n`, RULE);
  assert.ok(!d.message.includes(token), d.message);
  assert.match(d.message, /https:\/\/gitlab\.corp\/x\.tar\.gz\?private_token=\*{8}/);
  // substituted from an ARG: both the written and the resolved form are masked
  const [v] = findings(
    `FROM alpine:3.20\nARG T=${token}\nADD https://h/x.tgz?X-Amz-Signature=\${T}&X-Amz-Credential=AKID%2F2026 /x\n`,
    RULE,
  );
  assert.ok(!v.message.includes(token) && !v.message.includes('AKID'), v.message);
  assert.match(v.message, /X-Amz-Signature=\$\{T\}&X-Amz-Credential=\*{8}/);
  const [ref] = findings('FROM alpine:3.20\nARG TOKEN\nADD https://h/x.tgz?token=${TOKEN} /x\n', RULE);
  assert.match(ref.message, /\?token=\$\{TOKEN\}/);
});

test('the engine masks query credentials in any message as a last line of defence (git source messages)', () => {
  const [d] = findings(
    'FROM alpine:3.20\nADD https://gitlab.corp/a/b.git?ref=main&private_token=Zx9kQ2mPl7RtY3vB8nWc /src\n',
    RULE,
  );
  assert.match(d.message, /follows `main`/);
  assert.ok(!d.message.includes('Zx9kQ2mPl7RtY3vB8nWc'), d.message);
  assert.match(d.message, /private_token=\*{8}/);
});
