// The two generated daemon.json schemas against the key table and the linter: the strict one validates what dockerd
// accepts and rejects what it refuses; the editor one (what VS Code uses) carries descriptions and completions only,
// so VS Code's JSON service never reports a problem the language server reports too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { ROOT } from './helpers';
import { lintDaemon, daemonFixtures } from './daemon-helpers';
import { keyCardMarkdown } from '../../server/src/daemon/hover';
import { CIS_BASELINE, daemonKeys } from '../../server/src/daemon/keys';

const strict = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/daemon.schema.json'), 'utf8'));
const editor = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/daemon.editor.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(strict);

test('every key of the table is in both schemas, with its hover card as the description', () => {
  for (const key of daemonKeys()) {
    assert.ok(strict.properties[key.key], `strict schema lacks ${key.key}`);
    assert.ok(editor.properties[key.key], `editor schema lacks ${key.key}`);
    assert.ok(editor.properties[key.key].markdownDescription.startsWith(keyCardMarkdown(key)), key.key);
  }
  assert.equal(Object.keys(strict.properties).length, daemonKeys().length);
});

const VALIDATION_KEYWORDS = [
  'type',
  'enum',
  'const',
  'additionalProperties',
  'required',
  'pattern',
  'minimum',
  'maximum',
  'propertyNames',
  'minItems',
  'maxItems',
  'format',
];
function validationKeywords(schema, where, out) {
  if (Array.isArray(schema)) schema.forEach((s, i) => validationKeywords(s, `${where}[${i}]`, out));
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      if (k === 'properties') {
        for (const [name, sub] of Object.entries(v)) validationKeywords(sub, `${where}.${name}`, out);
        continue;
      }
      if (k === 'examples' || k === 'default' || k === 'defaultSnippets') continue;
      // a sub-schema for the values of any property (runtimes' names) validates only through its own keywords
      const subSchema = k === 'additionalProperties' && v && typeof v === 'object';
      if (VALIDATION_KEYWORDS.includes(k) && !subSchema) out.push(`${where || '(root)'}: ${k}`);
      if (typeof v === 'object') validationKeywords(v, `${where}/${k}`, out);
    }
  }
  return out;
}

test('the editor schema validates nothing and allows comments and trailing commas (the server reports those)', () => {
  assert.deepEqual(validationKeywords(editor, '', []), []);
  assert.equal(editor.allowComments, true);
  assert.equal(editor.allowTrailingCommas, true);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const contributed = pkg.contributes.jsonValidation.find((j) => [].concat(j.fileMatch).includes('daemon.json'));
  assert.equal(contributed.url, './schemas/daemon.editor.schema.json');
});

test('the strict schema accepts the secure baseline and rejects typos, wrong types and string ulimits', () => {
  const baseline = Object.fromEntries(CIS_BASELINE.map((e) => [e.key, e.value]));
  assert.ok(validate(baseline), JSON.stringify(validate.errors));
  assert.equal(validate({ 'no-new-privleges': true }), false);
  assert.equal(validate({ ipv6: 'true' }), false);
  assert.equal(validate({ mtu: '1500' }), false);
  assert.equal(validate({ 'log-opts': { 'max-file': 3 } }), false);
  assert.equal(validate({ 'default-ulimits': { nofile: '100:200' } }), false);
  assert.equal(
    validate({ host: ['unix:///var/run/docker.sock'] }),
    false,
    'ignored spellings are not in the strict schema',
  );
});

test('the linter and the strict schema agree on the shape findings of the fixtures (Engine 29, Linux)', () => {
  for (const rule of ['daemon-unknown-key', 'daemon-wrong-type', 'daemon-ignored-key']) {
    const { fires } = daemonFixtures(rule);
    for (const f of fires) {
      if (/-v2[78]\b|-windows\b/.test(f.name) || f.opts.env.engineVersion || f.opts.env.platform) continue;
      let value;
      try {
        value = JSON.parse(f.text);
      } catch {
        continue; // not plain JSON: daemon-invalid-json's business
      }
      assert.equal(validate(value), false, `${rule}/${f.name} passes the strict schema`);
    }
  }
});

test('corpus files without validity findings validate against the strict schema', (t) => {
  const dir = path.resolve(ROOT, '../shared/corpus/daemon-json');
  if (!fs.existsSync(dir)) {
    t.skip(`daemon.json corpus not found at ${dir}`);
    return;
  }
  let checked = 0;
  for (const owner of fs.readdirSync(dir)) {
    for (const name of fs.readdirSync(path.join(dir, owner))) {
      const text = fs.readFileSync(path.join(dir, owner, name), 'utf8');
      const validity = lintDaemon(text).diagnostics.filter((d) =>
        /^daemon-(invalid-json|unknown-key|wrong-type|ignored-key|removed-key|wrong-platform)$/.test(d.code),
      );
      if (validity.length) continue;
      assert.ok(validate(JSON.parse(text)), `${owner}/${name}: ${JSON.stringify(validate.errors)}`);
      checked++;
    }
  }
  t.diagnostic(`${checked} corpus files validated`);
  assert.ok(checked > 5);
});
