// secret-in-arg-env: the name heuristic, the value exceptions, and the "convert to a build secret" fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, applyEdits, checkFixes } from './helpers';
import { assertLinear } from './cost-helpers';
import { parseDockerfile } from '../../server/src/dockerfile/model/model';
import { DEFAULT_CONFIG } from '../../server/src/rules/context';
import { ruleById } from '../../server/src/service/registry';
import type { DockerfileContext } from '../../server/src/dockerfile/context';
import type { Rule } from '../../server/src/rules/types';
import { isSecretName, nameWords } from '../../server/src/data/secretPatterns';

const RULE = 'secret-in-arg-env';

test('secret names fire, descriptive and public names do not', () => {
  const fire = [
    'DB_PASSWORD',
    'password',
    'SUPER_Secret',
    'ARG_auth',
    'super_duper_secret_token',
    'apikey',
    'NODE_AUTH_TOKEN',
    'SECRET_KEY_BASE',
    'PRIVATE_KEY',
    'client_secret',
    'OKTA_OAUTH2_CLIENTSECRET',
    'AWS_ACCESS_KEY_ID',
    'VITE_OPENAI_API_KEY',
    'DOCKER_AUTH_CONFIG',
    'SECRET_PASSPHRASE',
    'GH_TOKEN',
    'MYSQL_ROOT_PASSWORD',
  ];
  const quiet = [
    'sunflower',
    'PUBLIC_KEY',
    'public_token',
    'SECRET_PASSPHRASE_FILE',
    'password_file',
    'secret_File',
    'AUTH_MODULE_VERSION',
    'GPG_KEY',
    'GPG_KEYS',
    'TOKEN_URL',
    'SECRET_DIR',
    'KEY_ID',
    'ENABLE_AUTH',
    'AUTH_TYPE',
    'SSH_KEY_PATH',
    'SWIFT_SIGNING_KEY',
    'USERNAME',
    'PRIVATE_REGISTRY',
    'NEXT_PUBLIC_API_KEY',
    'VITE_FIREBASE_API_KEY',
    'AZURE_CLIENT_ID',
    'API_KEY_HEADER',
    'TOKEN_TTL',
  ];
  for (const name of fire) assert.equal(findings(`FROM alpine\nARG ${name}\n`, RULE).length, 1, name);
  for (const name of quiet) assert.equal(findings(`FROM alpine\nARG ${name}\n`, RULE).length, 0, name);
});

test('values: settings, placeholders and secret-mount references hold nothing; ARG defaults still fire', () => {
  const quiet = [
    'ENV AUTH=false',
    'ENV API_TOKEN=/run/secrets/api_token',
    'ENV DB_PASSWORD=""',
    'ENV DB_PASSWORD="**None**"',
    'ENV GITHUB_TOKEN=\\$GH_TOKEN\nRUN --mount=type=secret,id=gh,env=GH_TOKEN true',
  ];
  for (const body of quiet) assert.equal(findings(`FROM alpine\n${body}\n`, RULE).length, 0, body);
  const fire = [
    'ARG DB_PASSWORD=changeme',
    'ARG DB_PASSWORD=""',
    'ENV DB_PASSWORD=s3cret',
    'ARG GH_TOKEN\nENV GITHUB_TOKEN=$GH_TOKEN\nRUN --mount=type=secret,id=gh,env=GH_TOKEN true',
  ];
  for (const body of fire) assert.ok(findings(`FROM alpine\n${body}\n`, RULE).length >= 1, body);
});

test('ENV placeholders: a stand-in in a build stage holds nothing; fill-in markers hold nothing anywhere', () => {
  // the same isPlaceholder() that secret-value uses; a `$VAR` copies the variable and still fires
  for (const body of [
    'ENV SECRET_KEY_BASE=dummy',
    'ENV SECRET_KEY_BASE="dummy-for-assets"',
    'ENV DB_PASSWORD=changeme',
    'ENV API_TOKEN=your-token-here',
    'ENV API_SECRET=x',
  ]) {
    assert.deepEqual(
      findings(`FROM ruby:3.3 AS assets\n${body}\nFROM ruby:3.3\nCOPY --from=assets /app /app\n`, RULE).map(
        (d) => d.message,
      ),
      [],
      body,
    );
  }
  for (const body of [
    'ENV DB_PASSWORD="_"',
    'ENV DB_PASSWORD=**None**',
    'ENV DB_PASSWORD=<set-at-run-time>',
    'ENV API_TOKEN={{ .Token }}',
    'ENV API_TOKEN=xxxx',
    'ENV API_TOKEN=...',
  ]) {
    assert.deepEqual(
      findings(`FROM ruby:3.3\n${body}\n`, RULE).map((d) => d.message),
      [],
      body,
    );
  }
  for (const body of [
    'ENV SECRET_KEY_BASE=4f9c2a7e1b8d6035',
    'ARG SECRET_KEY_BASE=dummy',
    'ARG T\nENV SECRET_KEY_BASE=${T:-dummy}',
  ]) {
    assert.equal(findings(`FROM ruby:3.3\n${body}\n`, RULE).length, 1, body);
  }
});

test('a weak value in an ENV of the final image is a default credential baked into it', () => {
  for (const body of [
    'ENV ADMIN_PASSWORD=password',
    'ENV MYSQL_ROOT_PASSWORD=secret',
    'ENV API_TOKEN=changeme',
    'ENV DB_PASSWORD=admin',
    'ENV SECRET_KEY_BASE=dummy',
    'ENV API_TOKEN=your-token-here',
    'ENV REDIS_PASSWORD=123456',
    'ENV API_SECRET=x',
  ]) {
    const found = findings(`FROM ruby:3.3\n${body}\n`, RULE);
    assert.equal(found.length, 1, body);
    assert.match(found[0].message, /default credential baked into the image/, body);
    assert.match(found[0].message, /at run time/, body);
    assert.match(found[0].message, /_FILE=\/run\/secrets\//, body);
    // the value is never repeated
    assert.ok(!found[0].message.includes(body.slice(body.indexOf('='))), body);
  }
  // a stage the final image is built FROM counts; a later ENV of the chain that replaces the value takes it over
  const inherited = findings('FROM mysql:8.4 AS db\nENV MYSQL_ROOT_PASSWORD=secret\nFROM db\nUSER mysql\n', RULE);
  assert.match(inherited[0].message, /default credential/);
  assert.deepEqual(
    findings('FROM mysql:8.4 AS db\nENV MYSQL_ROOT_PASSWORD=secret\nFROM db\nENV MYSQL_ROOT_PASSWORD=""\n', RULE),
    [],
  );
  // the same weak value in a build stage nothing is built FROM is still a literal secret-named value, reported as before
  const builder = findings('FROM alpine AS b\nENV DB_PASSWORD=admin\nFROM alpine\nRUN true\n', RULE);
  assert.equal(builder.length, 1);
  assert.match(builder[0].message, /looks like a secret/);
  // an ARG keeps its own message: its default is overridden with --build-arg
  assert.match(findings('FROM alpine\nARG API_TOKEN=changeme\n', RULE)[0].message, /build arguments are recorded/);
});

test('the fix of a default credential no RUN reads takes the default out', () => {
  const text = 'FROM alpine:3.20\nENV LOG=info ADMIN_PASSWORD=password\nCMD ["app"]\n';
  const [d] = findings(text, RULE);
  const [fix] = d.data.fixes;
  assert.equal(fix.title, 'Remove the default ADMIN_PASSWORD: require it at run time');
  assert.equal(applyEdits(text, fix.edits).text, 'FROM alpine:3.20\nENV LOG=info\nCMD ["app"]\n');
  assert.ok(checkFixes(text, RULE) > 0);
  // a RUN that reads it gets the build secret, as for any other secret
  const used = findings(
    'FROM alpine:3.20\nENV ADMIN_PASSWORD=password\nRUN app init --password "$ADMIN_PASSWORD"\n',
    RULE,
  );
  assert.match(used[0].data.fixes[0].title, /^Convert ADMIN_PASSWORD to a build secret/);
});

test('a socket path is not a secret: SSH_AUTH_SOCK and *_SOCKET names', () => {
  for (const name of ['SSH_AUTH_SOCK', 'AUTH_SOCKET', 'SECRET_SOCK']) {
    assert.equal(findings(`FROM alpine\nENV ${name}=/ssh-agent\n`, RULE).length, 0, name);
  }
  assert.equal(findings('FROM alpine\nENV SSH_AUTH_TOKEN=Zq8vR2mTx9Lp\n', RULE).length, 1);
});

test('the message names the variable, never its value, and the range is the name', () => {
  const text = 'FROM alpine\nENV LOG=info API_TOKEN=Zq8vR2mTx9Lp\n';
  const [d] = findings(text, RULE);
  assert.ok(d.message.includes('API_TOKEN'));
  assert.ok(!d.message.includes('Zq8vR2mTx9Lp'));
  assert.deepEqual([d.range.start.character, d.range.end.character], [13, 22]);
});

test('the fix deletes the declarations and mounts the secret on each RUN that uses the variable', () => {
  const text = [
    'FROM node:20 AS deps',
    'ARG NPM_TOKEN',
    'ENV NPM_TOKEN=${NPM_TOKEN}',
    'RUN npm ci',
    'RUN echo "//r/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci',
    'RUN <<EOF',
    'npm publish --token "$NPM_TOKEN"',
    'EOF',
    'FROM deps',
    'RUN npm test "$NPM_TOKEN"',
    '',
  ].join('\n');
  const d = findings(text, RULE)[0];
  const fixed = applyEdits(text, d.data.fixes[0].edits).text;
  assert.equal(
    fixed,
    [
      'FROM node:20 AS deps',
      'RUN npm ci',
      'RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo "//r/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci',
      'RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN <<EOF',
      'npm publish --token "$NPM_TOKEN"',
      'EOF',
      'FROM deps',
      'RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm test "$NPM_TOKEN"',
      '',
    ].join('\n'),
  );
  assert.ok(checkFixes(text, RULE) > 0);
});

test('the fix removes one pair of a multi-variable ENV across continuations', () => {
  const text = 'FROM alpine\nENV A=1 \\\n    API_KEY=abc \\\n    B=2\nENV C=3 \\\n    API_SECRET=Zq8vR2mTx9Lp\n';
  const [first, last] = findings(text, RULE);
  assert.equal(
    applyEdits(text, first.data.fixes[0].edits).text,
    'FROM alpine\nENV A=1 \\\n    B=2\nENV C=3 \\\n    API_SECRET=Zq8vR2mTx9Lp\n',
  );
  assert.equal(
    applyEdits(text, last.data.fixes[0].edits).text,
    'FROM alpine\nENV A=1 \\\n    API_KEY=abc \\\n    B=2\nENV C=3\n',
  );
});

test('no fix when Docker substitution elsewhere uses the variable, or for ONBUILD', () => {
  for (const text of [
    'FROM alpine\nARG API_TOKEN\nLABEL token=$API_TOKEN\n',
    'FROM alpine\nARG API_TOKEN\nENV OTHER=${API_TOKEN}\n',
    'ARG API_TOKEN\nFROM registry.acme/${API_TOKEN}/base\n',
    'FROM alpine\nONBUILD ARG API_TOKEN\n',
  ]) {
    const found = findings(text, RULE);
    assert.ok(found.length >= 1, text);
    assert.deepEqual(found[0].data.fixes, [], text);
  }
});

// A finding's fix edits its own declaration, the later declarations that copy its value on and the RUNs that value
// reaches, not the variable's other declarations (fuzzer: n redeclarations gave every finding n edits, n² in all).
/** The rule alone on a parsed document: the lint pipeline's own per-diagnostic work would only add noise. */
const checkRule = (text) =>
  (ruleById(RULE) as Rule<DockerfileContext>).check({ model: parseDockerfile(text), config: DEFAULT_CONFIG, env: {} });
const redeclared = (line, n) => `FROM alpine\n${Array(n).fill(line).join('\n')}\n`;

for (const line of ['ENV API_KEY /app', 'ARG NPM_TOKEN=1.0']) {
  test(`fix cost does not grow with the other declarations: ${line} × n`, () => {
    const cost = (n) => checkRule(redeclared(line, n));
    assert.equal(cost(3).length, 3);
    // a cold service is still being compiled: warm it up, so the comparison measures the work and not the JIT
    for (let k = 0; k < 5; k++) {
      cost(100);
      cost(400);
    }
    assertLinear(cost, 100, `${line} × n`);
  });

  test(`the fix of one declaration among many removes its finding: ${line} × 5`, () => {
    const text = redeclared(line, 5);
    const found = findings(text, RULE);
    assert.equal(found.length, 5);
    for (const d of found) assert.equal(d.data.fixes[0].edits.length, 1, 'its own declaration only');
    const fixed = applyEdits(text, found[2].data.fixes[0].edits).text;
    assert.equal(fixed, redeclared(line, 4));
    assert.equal(findings(fixed, RULE).length, 4);
    assert.equal(checkFixes(text, RULE), 5);
    const many = redeclared(line, 300);
    const middle = findings(many, RULE)[150];
    assert.equal(middle.data.fixes[0].edits.length, 1);
    assert.equal(findings(applyEdits(many, middle.data.fixes[0].edits).text, RULE).length, 299);
  });
}

test('the mounts stop where another declaration replaces the value; a copy of it goes with it', () => {
  const text = [
    'FROM alpine AS base',
    'ARG API_TOKEN',
    'RUN fetch "$API_TOKEN"',
    'ENV API_TOKEN=${API_TOKEN}',
    'RUN build "$API_TOKEN"',
    'FROM base AS app',
    'RUN test "$API_TOKEN"',
    'ENV API_TOKEN=Zq8vR2mTx9Lp',
    'RUN publish "$API_TOKEN"',
    '',
  ].join('\n');
  const found = findings(text, RULE);
  assert.deepEqual(
    found.map((d) => d.range.start.line + 1),
    [2, 4, 8],
  );
  const mount = '--mount=type=secret,id=api_token,env=API_TOKEN ';
  // the ARG: its ENV copy carries it into the stage built on this one, up to the ENV that sets another value
  assert.equal(
    applyEdits(text, found[0].data.fixes[0].edits).text,
    [
      'FROM alpine AS base',
      `RUN ${mount}fetch "$API_TOKEN"`,
      `RUN ${mount}build "$API_TOKEN"`,
      'FROM base AS app',
      `RUN ${mount}test "$API_TOKEN"`,
      'ENV API_TOKEN=Zq8vR2mTx9Lp',
      'RUN publish "$API_TOKEN"',
      '',
    ].join('\n'),
  );
  // the last ENV: only what follows it
  assert.equal(
    applyEdits(text, found[2].data.fixes[0].edits).text,
    text.replace('ENV API_TOKEN=Zq8vR2mTx9Lp\n', '').replace('RUN publish', `RUN ${mount}publish`),
  );
  assert.equal(checkFixes(text, RULE), 3);
});

test('a global ARG: its `ARG NAME` in a stage goes with it, unless a later global ARG replaces it', () => {
  const text =
    'ARG NPM_TOKEN\nARG NPM_TOKEN=Zq8vR2mTx9Lp\nFROM node:20\nARG NPM_TOKEN\nRUN npm ci --token "$NPM_TOKEN"\n';
  const [first, second] = findings(text, RULE);
  assert.equal(applyEdits(text, first.data.fixes[0].edits).text, text.replace('ARG NPM_TOKEN\n', ''));
  assert.equal(
    applyEdits(text, second.data.fixes[0].edits).text,
    'ARG NPM_TOKEN\nFROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --token "$NPM_TOKEN"\n',
  );
  assert.ok(checkFixes(text, RULE) >= 2);
});

test('secret names: camelCase words, short and compound forms; the shell working directory and look-alikes are not', () => {
  assert.deepEqual(nameWords('DBPassword'), ['db', 'password']);
  assert.deepEqual(nameWords('githubToken'), ['github', 'token']);
  assert.deepEqual(nameWords('AWS_SECRET_ACCESS_KEY'), ['aws', 'secret', 'access', 'key']);
  for (const name of [
    'githubToken',
    'dbPassword',
    'DBPASS',
    'DB_PASS',
    'MYSQL_PWD',
    'FOO_PSW',
    'ROOTPASSWORD',
    'clientSecret',
    'USERPASS',
  ])
    assert.equal(isSecretName(name), true, name);
  for (const name of [
    'PWD',
    'OLDPWD',
    'BYPASS',
    'PROXY_BYPASS',
    'PASS_THROUGH',
    'passthrough',
    'COMPASS_VERSION',
    'tokenizer',
    'PASSWORD_FILE',
  ])
    assert.equal(isSecretName(name), false, name);
  // one pass over a hostile name: 200,000 characters of alternating case are 100,001 words
  assert.equal(nameWords('aB'.repeat(100_000)).length, 100_001);
  // a setting about the password, not the password (mailcow's MAILCOW_PASS_SCHEME)
  assert.equal(isSecretName('MAILCOW_PASS_SCHEME'), false);
});
