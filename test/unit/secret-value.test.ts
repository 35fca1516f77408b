// secret-value: every format is found, masked in the message and hover, and placeholders stay quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SECRET_PATTERNS } from '../../server/src/data/secretPatterns';
import { findings, lint } from './helpers';
import { hoverDockerfile } from '../../server/src/dockerfile/service/hover';
import { maskSecret } from '../../server/src/rules/secrets';

const RULE = 'secret-value';
// fake credentials in the real formats (random, never issued)
const SECRETS = {
  'an AWS access key id': 'AKIAUJZDE8GXD6NCF10E',
  'a GitHub token': 'ghp_jIhKtJ0RlgLKOmxgJTeKdNnFRIBXuDL7Dxtp',
  'fine-grained GitHub token':
    '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',
  'a GitLab personal access token': 'glpat-siVpzz63FfkCzJr4i0B3',
  'a Slack token': 'xoxb-846563212233-0792440268599-u8iS2G8NPRVdD53X83RZJzzz',
  'a Stripe live secret key': 'sk_live_zgEOzdmenCkhvMdgaKjIg8xN',
  'a Google API key': 'AIzadjAWtGSU8po_799NksnRH9ucAUsdMlHUvTC',
  'an npm access token': 'npm_IIXGvOoNZYW2mZp0zVZomHFwUbbYrEqmSM9w',
  'a Mailchimp API key': '18c796e67b4128a9191b17a244f12329-us4',
  'a Mailchimp API key (two-digit data centre)': '3ab12ebeaec5d3782173a7b47994857d-us19',
  'a SendGrid API key': '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',
  'an Amazon MWS auth token': 'amzn.mws.7f1082c9-7f55-0cbb-2f57-adcfd99a0a1d',
};

test('each format is found on its token and never shown in full', () => {
  for (const [what, secret] of Object.entries(SECRETS)) {
    const text = `FROM alpine\nENV VALUE=${secret}\n`;
    const [d, ...rest] = findings(text, RULE);
    assert.ok(d, what);
    assert.equal(rest.length, 0, what);
    assert.equal(d.severity, 1, 'error');
    assert.deepEqual(
      [d.range.start.line, d.range.start.character, d.range.end.character],
      [1, 10, 10 + secret.length],
      what,
    );
    assert.ok(!d.message.includes(secret), `${what}: message leaks the secret`);
    assert.ok(d.message.includes(maskSecret(secret)), `${what}: message shows the masked form`);
    const hover = hoverDockerfile(lint(text), d.range.start);
    assert.ok(!JSON.stringify(hover).includes(secret), `${what}: hover leaks the secret`);
    assert.match(JSON.stringify(hover), /[Rr]otate/);
  }
});

test('comments, heredocs and URL passwords count; the URL password is fully masked', () => {
  const text = [
    '# old key: AKIAUJZDE8GXD6NCF10E',
    'FROM alpine',
    'RUN git clone https://bob:Zq8vR2mTx9Lp@git.acme.io/app.git',
    'COPY <<EOF /root/.ssh/id_rsa',
    '-----BEGIN RSA PRIVATE KEY-----',
    'MIIEowIBAAKCAQEAv8T6Lk3pV0YvQ9m2aRk7cZs4xJb2n8W5dP1qG6hT0eU3yI9oA7LkM',
    '-----END RSA PRIVATE KEY-----',
    'EOF',
    '',
  ].join('\n');
  const found = findings(text, RULE);
  assert.deepEqual(
    found.map((d) => d.range.start.line + 1),
    [1, 3, 5],
  );
  assert.ok(found[1].message.includes('https://bob:********@git.acme.io'));
  assert.ok(!found[1].message.includes('Zq8v'));
  assert.ok(!found[2].message.includes('MIIE'));
});

test('a token inside a URL is reported once, as the token', () => {
  const found = findings(
    'FROM alpine\nRUN git clone https://x:ghp_jIhKtJ0RlgLKOmxgJTeKdNnFRIBXuDL7Dxtp@github.com/a/b\n',
    RULE,
  );
  assert.equal(found.length, 1);
  assert.match(found[0].message, /GitHub token/);
});

test('placeholders, variables, public keys and bare markers stay quiet', () => {
  for (const line of [
    'ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
    'ENV AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX',
    'ENV T=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'RUN git clone https://ci:${TOKEN}@github.com/a/b',
    'RUN git clone https://ci:$TOKEN@github.com/a/b',
    'RUN curl https://user:<password>@repo.acme.io/x',
    'RUN curl https://user:password@repo.acme.io/x',
    'RUN curl https://user:changeme@repo.acme.io/x',
    'RUN curl https://admin:Zq8vR2mTx9Lp@example.com/x',
    'RUN grep -q "BEGIN RSA PRIVATE KEY" key.pem',
    'RUN echo "-----BEGIN PUBLIC KEY-----"',
    'RUN echo "-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIUQm9ndXNDZXJ0aWZpY2F0ZUZvclRlc3RpbmcwCgYIKoZIzj0EAwIw"',
  ]) {
    assert.deepEqual(
      findings(`FROM alpine\n${line}\n`, RULE).map((d) => d.message),
      [],
      line,
    );
  }
});

test('a URL password equal to its user name is a development default, not a leaked credential', () => {
  for (const line of [
    'ENV DATABASE_URL=postgres://postgres:postgres@db:5432/app',
    'ENV AMQP_URL=amqp://guest:guest@rabbitmq:5672/',
    'ENV DATABASE_URL=mysql://Root:root@db/app',
  ]) {
    assert.deepEqual(
      findings(`FROM alpine\n${line}\n`, RULE).map((d) => d.message),
      [],
      line,
    );
  }
  // a real password, and one that merely starts like the user name, still fire
  for (const line of [
    'ENV DATABASE_URL=postgres://postgres:Zq8vR2mTx9Lp@db:5432/app',
    'ENV DATABASE_URL=postgres://app:app2026Zq8v@db/app',
  ]) {
    const [d] = findings(`FROM alpine\n${line}\n`, RULE);
    assert.ok(d, line);
    assert.match(d.message, /Revoke and rotate/);
  }
});

test('vendor formats without a prefix rule: only the exact shapes fire', () => {
  const messages = (line) => findings(`FROM alpine\n${line}\n`, RULE).map((d) => d.message);
  assert.match(messages('ENV K=18c796e67b4128a9191b17a244f12329-us4')[0], /a Mailchimp API key \(18c7\*+\)/);
  assert.match(
    messages(
      'RUN curl -H "Authorization: Bearer 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" x',
    )[0],
    /a SendGrid API key \(SG\.K\*+\)/,
  );
  assert.match(
    messages('ENV T=amzn.mws.7f1082c9-7f55-0cbb-2f57-adcfd99a0a1d')[0],
    /an Amazon MWS auth token \(amzn\*+\)/,
  );
  for (const line of [
    // hex without the data-centre suffix, another suffix, one hex digit too many, upper-case hex, three digits
    'ENV MD5=18c796e67b4128a9191b17a244f12329',
    'ENV K=18c796e67b4128a9191b17a244f12329-eu4',
    'ENV K=018c796e67b4128a9191b17a244f12329-us4',
    'ENV K=18C796E67B4128A9191B17A244F12329-us4',
    'ENV K=18c796e67b4128a9191b17a244f12329-us123',
    // SendGrid parts of the wrong length, or run on
    'ENV K=SG.KXiUMaKUG8bZFjameyL7z.33iXOrH7sSdyZj7iErIbF9u68ig-KfubhkXbIb2l5Jd',
    'ENV K=SG.KXiUMaKUG8bZFjameyL7zF.33iXOrH7sSdyZj7iErIbF9u68ig-KfubhkXbIb2l5Jdx',
    'ENV K=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    // MWS: not a UUID, a placeholder UUID
    'ENV T=amzn.mws.7f1082c9-7f55-0cbb-2f57',
    'ENV T=amzn.mws.00000000-0000-0000-0000-000000000000',
  ]) {
    assert.deepEqual(messages(line), [], line);
  }
});

test("each secret format's markers are in every match of it (a text without them is not searched), over every fixture", () => {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else texts.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(__dirname, '../fixtures'));
  texts.push(...Object.values(SECRETS));
  for (const pattern of SECRET_PATTERNS) {
    let matches = 0;
    for (const text of texts)
      for (const m of text.matchAll(new RegExp(pattern.regex.source, pattern.regex.flags))) {
        matches++;
        assert.ok(
          pattern.markers.some((marker) => m[0].includes(marker)),
          `${pattern.id}: ${JSON.stringify(m[0])} holds none of ${pattern.markers.join(', ')}`,
        );
      }
    assert.ok(matches > 0, `${pattern.id}: no fixture holds one, so its markers are not checked`);
    assert.ok(pattern.markers.length > 0 && pattern.markers.every((m) => m.length >= 2), pattern.id);
  }
});
