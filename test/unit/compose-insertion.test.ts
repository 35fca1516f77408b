// Keys a Compose fix adds to a service land in that service, whatever its last value looks like. The fuzzer's case:
// a last value that is empty and followed by a comment (`build: # TODO`) made yaml's range for the service's mapping
// run to the next service's key, so web's new keys went into db, and Fix All gave db a second `security_opt` every
// round. Each shape: every fix of a finding on web, applied alone, and every finding's preferred fix accepted until nothing
// changes (the service fixes are manual, docs/fixes.md: Fix All applies none of them), the YAML parsed again (a
// duplicate key is an error) and each service compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { lintCompose, applyEdits, perService } from './compose-helpers';
import { acceptPreferred, fixAllToFixedPoint } from './fuzz-helpers';

const DB = ['  db:', '    image: postgres:16'];

/** Each shape as lines; `web` is the service whose fixes are checked. */
const SHAPES = {
  "an empty last value with a comment (the fuzzer's input)": ['services:', '  web:', '    build: # TODO', ...DB, ''],
  'an empty last value': ['services:', '  web:', '    build:', ...DB, ''],
  'an empty last value, then a comment line': [
    'services:',
    '  web:',
    '    build:',
    '    # the context comes from CI',
    ...DB,
    '',
  ],
  'an empty last value with a comment, a comment line and a blank line': [
    'services:',
    '  web:',
    '    build: # TODO',
    '    # later',
    '',
    ...DB,
    '',
  ],
  'an empty last value with an anchor and a comment': [
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '    labels: &labels # none yet',
    ...DB,
    '',
  ],
  'a last mapping whose own last value is empty with a comment': [
    'services:',
    '  web:',
    '    build: .',
    '    environment:',
    '      DEBUG: # off',
    ...DB,
    '',
  ],
  'a last list whose last item is empty with a comment': [
    'services:',
    '  web:',
    '    build: .',
    '    dns:',
    '      - 1.1.1.1',
    '      - # TODO',
    ...DB,
    '',
  ],
  'a last key with an empty value a fix adds under (deploy: # TODO)': [
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '    deploy: # TODO',
    ...DB,
    '',
  ],
  'the last service, with a line break at the end': ['services:', ...DB, '  web:', '    build: # TODO', ''],
  'the last service, without one': ['services:', ...DB, '  web:', '    build: # TODO'],
};

const CRLF = Object.fromEntries(
  Object.entries(SHAPES)
    .slice(0, 3)
    .map(([name, lines]) => [`${name}, CRLF`, lines.join('\r\n')]),
);
const TEXTS = {
  ...Object.fromEntries(Object.entries(SHAPES).map(([name, lines]) => [name, lines.join('\n')])),
  ...CRLF,
};

/** The services as Compose reads them; the YAML must parse without an error (yaml refuses duplicate keys). */
function services(text, why) {
  const doc = parseDocument(text);
  assert.deepEqual(
    doc.errors.map((e) => e.message),
    [],
    `${why}: the YAML no longer parses:\n${text}`,
  );
  return doc.toJS().services;
}

/** The 0-based lines of web's block: from its key to the next service's key (or the end). */
function webLines(text) {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('  web:'));
  const next = lines.findIndex((l, i) => i > start && /^ {2}\S/.test(l));
  return [start, next < 0 ? lines.length : next];
}

const onWeb = (text, d) => {
  const [start, end] = webLines(text);
  return d.range.start.line >= start && d.range.start.line < end;
};

test("a fix that adds keys to web puts them in web, after its last value, at its key indentation (the fuzzer's input)", () => {
  const text = SHAPES["an empty last value with a comment (the fuzzer's input)"].join('\n');
  const finding = perService(lintCompose(text).diagnostics).find(
    (d) => d.code === 'compose-no-new-privileges' && onWeb(text, d),
  );
  assert.ok(finding, 'compose-no-new-privileges fires on web');
  assert.equal(
    applyEdits(text, finding.data.fixes[0].edits).text,
    [
      'services:',
      '  web:',
      '    build: # TODO',
      '    security_opt:',
      '      - no-new-privileges:true',
      '  db:',
      '    image: postgres:16',
      '',
    ].join('\n'),
  );
});

for (const [name, text] of Object.entries(TEXTS)) {
  test(`each fix of a finding on web lands in web: ${name}`, () => {
    const before = services(text, 'the input');
    const result = { diagnostics: perService(lintCompose(text).diagnostics) };
    const found = result.diagnostics.filter((d) => onWeb(text, d) && d.data?.fixes?.length);
    assert.ok(
      found.some((d) => d.code === 'compose-no-new-privileges'),
      'web gets the compose-no-new-privileges fix',
    );
    for (const d of found) {
      for (const fix of d.data.fixes) {
        const fixed = applyEdits(text, fix.edits).text;
        const after = services(fixed, fix.title);
        assert.deepEqual(after.db, before.db, `${fix.title}: db changed:\n${fixed}`);
        const web = after.web ?? {};
        for (const [key, value] of Object.entries(before.web ?? {})) {
          if (value === null) assert.ok(key in web, `${fix.title}: web lost ${key}:\n${fixed}`);
          else assert.deepEqual(web[key], value, `${fix.title}: web's ${key} changed:\n${fixed}`);
        }
        const gone = perService(lintCompose(fixed).diagnostics).filter(
          (x) => x.code === d.code && onWeb(fixed, x),
        ).length;
        const had = result.diagnostics.filter((x) => x.code === d.code && onWeb(text, x)).length;
        assert.ok(gone < had, `${fix.title}: web's ${d.code} finding is still there:\n${fixed}`);
      }
    }
  });

  test(`every preferred fix accepted (all manual here) settles within 8 rounds, each service with its own keys once: ${name}`, () => {
    const fixAll = fixAllToFixedPoint('compose', text);
    assert.equal(fixAll.text, text, 'Fix All applies none of the (manual) service fixes');
    const run = fixAllToFixedPoint('compose', text, {}, { maxRounds: 8, fixAll: acceptPreferred });
    assert.ok(run.converged, `accepting the preferred fixes still changes the file after 8 rounds:\n${run.text}`);
    for (const step of run.texts) services(step, 'Fix All');
    const after = services(run.text, 'Fix All');
    assert.deepEqual(after.web.security_opt, ['no-new-privileges:true'], run.text);
    assert.deepEqual(after.db.security_opt, ['no-new-privileges:true'], run.text);
  });
}

for (const [name, web] of Object.entries({
  'web: alone': '  web:',
  'web: with a comment': '  web: # TODO',
  'web: {}': '  web: {}',
})) {
  test(`a service whose mapping is empty gets nothing of another service's, and accepting every preferred fix settles: ${name}`, () => {
    for (const text of [
      ['services:', web, ...DB, ''].join('\n'),
      ['services:', ...DB, web, ''].join('\n'),
      ['services:', ...DB, web].join('\n'),
    ]) {
      const before = services(text, 'the input');
      for (const d of perService(lintCompose(text).diagnostics)) {
        for (const fix of d.data?.fixes ?? []) {
          const after = services(applyEdits(text, fix.edits).text, fix.title);
          if (onWeb(text, d)) assert.deepEqual(after.db, before.db, `${fix.title}: db changed`);
          else assert.deepEqual(after.web, before.web, `${fix.title} (for db): web changed`);
        }
      }
      const run = fixAllToFixedPoint('compose', text, {}, { maxRounds: 8, fixAll: acceptPreferred });
      assert.ok(run.converged, `accepting the preferred fixes still changes the file after 8 rounds:\n${run.text}`);
      const after = services(run.text, 'Fix All');
      assert.deepEqual(after.web, before.web, run.text);
      assert.deepEqual(after.db.security_opt, ['no-new-privileges:true'], run.text);
    }
  });
}
