// The never-overwrite file-writing layer of the "New …" commands (client/src/commands/fileWriter.ts), on a temp folder
// with fake prompts: nothing is replaced without an explicit "Overwrite", a dismissed prompt writes nothing, "Choose
// another name" proposes a free name and re-checks it, and a companion file is written only when absent.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as fw from '../../client/src/commands/fileWriter';
import * as inputs from '../../shared/src/inputs';

/** Temp folders, removed when the file's tests end. */
const temps = [];
const made = (dir) => (temps.push(dir), dir);
after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir() {
  return made(fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-fw-')));
}

/** Deps over the real file system; `answers` are the prompt replies in order; records what was asked and opened. */
function deps({ answers = [], names = [] } = {}): fw.WriteDeps & {
  log: Record<'asked' | 'proposed' | 'opened' | 'written', any[]>;
} {
  const log = { asked: [], proposed: [], opened: [], written: [] };
  return {
    log,
    exists: async (p) => fs.existsSync(p),
    writeFile: async (p, text) => {
      log.written.push(p);
      fs.writeFileSync(p, text);
    },
    ask: async (question, choices) => {
      log.asked.push({ question, choices: choices.map((c) => c.label) });
      return answers.shift();
    },
    askName: async (proposed) => {
      log.proposed.push(proposed);
      const n = names.shift();
      return n === '<accept>' ? proposed : n;
    },
    open: async (p) => {
      log.opened.push(p);
    },
  };
}

test('planWrite: a missing target is written; an existing one is asked about and kept unless the answer is overwrite', () => {
  assert.equal(fw.planWrite(false), 'write');
  assert.equal(fw.planWrite(true), 'ask');
  assert.equal(fw.planWrite(true, 'dismissed'), 'cancel');
  assert.equal(fw.planWrite(true, 'open'), 'open-existing');
  assert.equal(fw.planWrite(true, 'rename'), 'choose-name');
  assert.equal(fw.planWrite(true, 'overwrite'), 'overwrite');
  assert.deepEqual(
    fw.EXISTING_CHOICES.map((c) => c.label),
    ['Open the existing file', 'Overwrite', 'Choose another name'],
  );
});

test('a new file is written and opened without a question', async () => {
  const dir = tempDir();
  const d = deps();
  const target = path.join(dir, 'Dockerfile');
  assert.deepEqual(await fw.writeNewFile(target, 'FROM scratch\n', d), { status: 'written', file: target });
  assert.equal(fs.readFileSync(target, 'utf8'), 'FROM scratch\n');
  assert.deepEqual(d.log.asked, []);
  assert.deepEqual(d.log.opened, [target]);
});

test('an existing file is never overwritten without "Overwrite": open keeps its bytes, a dismissed prompt writes nothing', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'Dockerfile');
  const original = Buffer.from('FROM debian:bookworm\n# mine \u00e9\r\n\u0000binary-ish tail');
  fs.writeFileSync(target, original);

  const opened = deps({ answers: ['open'] });
  assert.deepEqual(await fw.writeNewFile(target, 'NEW\n', opened), { status: 'opened-existing', file: target });
  assert.ok(fs.readFileSync(target).equals(original), 'bytes unchanged after "open"');
  assert.deepEqual(opened.log.opened, [target]);
  assert.deepEqual(opened.log.written, []);
  assert.match(opened.log.asked[0].question, /Dockerfile already exists/);

  const dismissed = deps({ answers: [undefined] });
  assert.deepEqual(await fw.writeNewFile(target, 'NEW\n', dismissed), { status: 'cancelled' });
  assert.ok(fs.readFileSync(target).equals(original), 'bytes unchanged after cancel');
  assert.deepEqual(dismissed.log.written, []);
  assert.deepEqual(dismissed.log.opened, []);
  assert.deepEqual(fs.readdirSync(dir), ['Dockerfile'], 'no other file appeared');

  const overwrite = deps({ answers: ['overwrite'] });
  assert.deepEqual(await fw.writeNewFile(target, 'NEW\n', overwrite), { status: 'overwritten', file: target });
  assert.equal(fs.readFileSync(target, 'utf8'), 'NEW\n');
  assert.deepEqual(overwrite.log.opened, [target]);
});

test('"Choose another name" proposes a free name and re-checks the name the user gives', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'Dockerfile');
  fs.writeFileSync(target, 'A');
  fs.writeFileSync(path.join(dir, 'Dockerfile.bulkhead'), 'B');

  // the proposal skips Dockerfile.bulkhead (taken) and is accepted
  const accept = deps({ answers: ['rename'], names: ['<accept>'] });
  const r1 = await fw.writeNewFile(target, 'NEW\n', accept);
  assert.deepEqual(accept.log.proposed, ['Dockerfile.2']);
  assert.deepEqual(r1, { status: 'written', file: path.join(dir, 'Dockerfile.2') });
  assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile.2'), 'utf8'), 'NEW\n');
  assert.equal(fs.readFileSync(target, 'utf8'), 'A');
  assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile.bulkhead'), 'utf8'), 'B');

  // the user types a name that exists: asked again, and cancelling leaves both files alone
  const typed = deps({ answers: ['rename', undefined], names: ['Dockerfile.bulkhead'] });
  assert.deepEqual(await fw.writeNewFile(target, 'NEW\n', typed), { status: 'cancelled' });
  assert.equal(typed.log.asked.length, 2);
  assert.match(typed.log.asked[1].question, /Dockerfile\.bulkhead already exists/);
  assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile.bulkhead'), 'utf8'), 'B');

  // ... and renaming again from there lands on the next free name
  const again = deps({ answers: ['rename', 'rename'], names: ['Dockerfile.bulkhead', '<accept>'] });
  const r3 = await fw.writeNewFile(target, 'NEW\n', again);
  assert.deepEqual(again.log.proposed, ['Dockerfile.3', 'Dockerfile.3']);
  assert.equal((r3 as { file: string }).file, path.join(dir, 'Dockerfile.3'));

  // a dismissed name box writes nothing
  const before = fs.readdirSync(dir).sort();
  const noName = deps({ answers: ['rename'], names: [undefined] });
  assert.deepEqual(await fw.writeNewFile(target, 'NEW\n', noName), { status: 'cancelled' });
  assert.deepEqual(fs.readdirSync(dir).sort(), before);
});

test('alternative names keep the extension last, and relative names resolve in the target folder', async () => {
  const take = (name, n) => [
    ...(function* () {
      let i = 0;
      for (const x of fw.alternativeNames(name)) {
        if (i++ >= n) return;
        yield x;
      }
    })(),
  ];
  assert.deepEqual(take('Dockerfile', 3), ['Dockerfile.bulkhead', 'Dockerfile.2', 'Dockerfile.3']);
  assert.deepEqual(take('daemon.json', 2), ['daemon.bulkhead.json', 'daemon.2.json']);
  assert.deepEqual(take('docker.rules', 2), ['docker.bulkhead.rules', 'docker.2.rules']);
  assert.deepEqual(take('.dockerignore', 2), ['.dockerignore.bulkhead', '.dockerignore.2']);
  assert.equal(fw.resolveName('/w/app/Dockerfile', 'sub/Dockerfile.prod'), '/w/app/sub/Dockerfile.prod');
  assert.equal(fw.resolveName('/w/app/Dockerfile', '/elsewhere/Dockerfile'), '/elsewhere/Dockerfile');
  assert.equal(fw.resolveName('/w/app/Dockerfile', '   '), undefined);
  assert.equal(fw.resolveName('/w/app/Dockerfile', 'sub/'), undefined);
});

test('a companion file (.dockerignore beside a new Dockerfile) is written only when absent', async () => {
  const dir = tempDir();
  const ignore = path.join(dir, '.dockerignore');
  const d = deps();
  assert.equal(await fw.writeCompanionIfAbsent(ignore, '.git\n', d), true);
  assert.equal(fs.readFileSync(ignore, 'utf8'), '.git\n');
  fs.writeFileSync(ignore, 'mine\n');
  assert.equal(await fw.writeCompanionIfAbsent(ignore, '.git\n', d), false);
  assert.equal(fs.readFileSync(ignore, 'utf8'), 'mine\n');
  assert.deepEqual(d.log.asked, []);
  assert.deepEqual(d.log.opened, []);
});

test('port and start-command inputs: empty port is none, 1–65535 only; JSON arrays or words, no shell syntax', () => {
  assert.deepEqual(inputs.parsePort(''), { ok: true, value: null });
  assert.deepEqual(inputs.parsePort(' 8080 '), { ok: true, value: 8080 });
  for (const bad of ['0', '65536', '80a', '-1', '8.5']) assert.equal(inputs.parsePort(bad).ok, false, bad);
  assert.deepEqual(inputs.parseStartCommand('["node", "server.js"]'), { ok: true, value: ['node', 'server.js'] });
  assert.deepEqual(inputs.parseStartCommand('gunicorn -b 0.0.0.0:8000 "app:create()"'), {
    ok: true,
    value: ['gunicorn', '-b', '0.0.0.0:8000', 'app:create()'],
  });
  for (const bad of ['', '[]', '["a", 1]', '[node]', 'npm start && x', 'a | b', 'echo "open'])
    assert.equal(inputs.parseStartCommand(bad).ok, false, bad);
  assert.equal(inputs.formatStartCommand(['java', '-jar', 'app.jar']), '["java","-jar","app.jar"]');
});
