// empty-password: the ways a build leaves an account without a password, the ways it locks one, and the fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, checkFixes, findings } from './helpers';

const RULE = 'empty-password';
const run = (body) => `FROM debian:bookworm-slim\nRUN ${body}\n`;
/** The text each finding's range covers. */
const spans = (text) =>
  findings(text, RULE).map((d) => {
    const { start, end } = d.range;
    return text.split('\n')[start.line].slice(start.character, end.character);
  });

test('passwd -d, usermod/useradd -p with an empty hash, empty chpasswd lines and `name::` lines fire', () => {
  const cases = {
    'passwd -d app': ['-d'],
    'passwd --delete app': ['--delete'],
    'passwd -qd app': ['-qd'],
    'passwd --del app': ['--del'],
    'passwd -d': ['-d'],
    'sudo passwd -d app': ['-d'],
    'busybox passwd -d app': ['-d'],
    "usermod -p '' app": ["-p ''"],
    'usermod --password "" app': ['--password ""'],
    'usermod --password= app': ['--password='],
    "useradd -m -p '' app": ["-p ''"],
    // useradd's -l (--no-log-init) takes no value; usermod's -l (the new login) does
    "useradd -l -p '' app": ["-p ''"],
    "usermod -l new -p '' old": ["-p ''"],
    "echo 'root:' | chpasswd": ['root:'],
    'echo root: | chpasswd -e': ['root:'],
    "chpasswd <<< 'app:'": ['app:'],
    "printf 'app:\\nroot:\\n' | chpasswd": ['app:', 'root:'],
    "printf '%s\\n' 'app:' | chpasswd": ['app:'],
    'chpasswd <<EOF\napp:\nEOF': ['app:'],
    "sed -i 's/^root:[^:]*:/root::/' /etc/shadow": ['root::'],
    "sed -ri -e 's/^root:x:/root::/' /etc/passwd": ['root::'],
    "echo 'app::19000:0:99999:7:::' >> /etc/shadow": ['app::'],
    "printf 'app::1000:1000::/home/app:/bin/sh\\n' | tee -a /etc/passwd": ['app::'],
    'sh -c "passwd -d app"': ['-d'],
  };
  for (const [body, expected] of Object.entries(cases)) {
    assert.deepEqual(spans(run(body)), expected, body);
  }
  // a heredoc and COPY <<EOF into the account files
  assert.deepEqual(spans('FROM alpine:3.20\nRUN cat <<EOF >> /etc/shadow\nroot::1:0:::::\nEOF\n'), ['root::']);
  assert.deepEqual(spans('FROM alpine:3.20\nCOPY <<EOF /etc/shadow\nroot::1:0:::::\nEOF\n'), ['root::']);
});

test('locking, locked hashes, passwords that are set and reading the files stay quiet', () => {
  for (const body of [
    'passwd -l app',
    'passwd -d -l app',
    'usermod -L app',
    'adduser --disabled-password --gecos "" app',
    'adduser -D app',
    'useradd -m app',
    "useradd -p '*' -M svc && useradd -p '!' svc2",
    "usermod -p '!' app",
    'usermod -p "$HASH" app',
    "echo 'root:s3cr3t' | chpasswd",
    "echo 'root: ' | chpasswd",
    "echo 'root:!:19000::::::' >> /etc/shadow && echo 'root:*:19000::::::' >> /etc/shadow",
    "sed -ri -e 's/^root::/root:*:/' /etc/shadow",
    "echo 'app:x:1000:1000::/home/app:/bin/sh' >> /etc/passwd",
    "grep -E '^root::' /etc/shadow",
    "echo 'root::0:0' > /tmp/notes.txt",
    'echo "run passwd -d <user> to clear a password"',
  ]) {
    assert.deepEqual(
      findings(run(body), RULE).map((d) => d.message),
      [],
      body,
    );
  }
});

test('only the accounts of the image: build stages nothing is built FROM stay quiet; a parent stage counts', () => {
  assert.deepEqual(
    spans('FROM alpine:3.20 AS build\nRUN passwd -d app\nFROM alpine:3.20\nCOPY --from=build /x /x\n'),
    [],
  );
  assert.deepEqual(spans('FROM alpine:3.20 AS base\nRUN passwd -d app\nFROM base\nUSER app\n'), ['-d']);
  // an ONBUILD trigger runs in every image built on this one
  assert.deepEqual(spans('FROM alpine:3.20\nONBUILD RUN passwd -d app\n'), ['-d']);
});

test('an account locked or removed again later in the image does not fire; one locked earlier does', () => {
  assert.deepEqual(spans(run('passwd -d app && make && passwd -l app')), []);
  assert.deepEqual(spans('FROM alpine:3.20 AS base\nRUN passwd -d app\nFROM base\nRUN deluser app\n'), []);
  assert.deepEqual(spans(run('passwd -d app && usermod -L app')), []);
  assert.deepEqual(spans(run("echo 'root:' | chpasswd && sed -i 's/^root::/root:!:/' /etc/shadow")), []);
  assert.deepEqual(spans(run('passwd -l app && passwd -d app')), ['-d']);
  // another account's lock does not count
  assert.deepEqual(spans(run('passwd -d app && passwd -l root')), ['-d']);
});

test('the message names the account and what to do; root says what it costs', () => {
  const [root] = findings(run('passwd -d root'), RULE);
  assert.match(root.message, /leaves root without a password/);
  assert.match(root.message, /CVE-2019-5021/);
  assert.match(root.message, /passwd -l root/);
  const [app] = findings(run("usermod -p '' app"), RULE);
  assert.match(app.message, /the account app/);
  assert.match(app.message, /usermod -L app/);
  const [self] = findings(run('passwd -d'), RULE);
  assert.match(self.message, /the user this RUN runs as/);
  assert.equal(root.severity, 1, 'error');
});

test('fixes: passwd -d → -l, usermod -p "" → -L, useradd without -p; none for chpasswd or file lines', () => {
  const fixed = (body) => {
    const text = run(body);
    const [d] = findings(text, RULE);
    assert.ok(
      d.data.fixes.every((f) => f.manual),
      'manual',
    );
    assert.ok(checkFixes(text, RULE) > 0, body);
    return applyEdits(text, d.data.fixes[0].edits).text.split('\n')[1];
  };
  assert.equal(fixed('passwd -d app'), 'RUN passwd -l app');
  assert.equal(fixed('passwd -qd app'), 'RUN passwd -ql app');
  assert.equal(fixed('passwd --delete app'), 'RUN passwd --lock app');
  assert.equal(fixed("usermod -p '' app"), 'RUN usermod -L app');
  assert.equal(fixed('usermod --password= app'), 'RUN usermod -L app');
  assert.equal(fixed("useradd -m -p '' app"), 'RUN useradd -m app');
  for (const body of ["echo 'root:' | chpasswd", "echo 'app::1:0:::::' >> /etc/shadow"])
    assert.deepEqual(findings(run(body), RULE)[0].data.fixes, [], body);
});

test('Checkov CKV2_DOCKER_17 (chpasswd) suppresses the chpasswd finding only', () => {
  const text = (body) => `FROM debian:bookworm-slim\n#checkov:skip=CKV2_DOCKER_17: test image\nRUN ${body}\n`;
  assert.deepEqual(findings(text("echo 'root:' | chpasswd"), RULE), []);
  assert.equal(findings(text('passwd -d root'), RULE).length, 1);
});

test('one report per problem: an empty password is not a credential on the command line, a set one is not empty', () => {
  for (const body of ["echo 'root:' | chpasswd", "usermod -p '' app", "useradd -p '' app", 'passwd -d app']) {
    assert.equal(findings(run(body), RULE).length, 1, body);
    assert.deepEqual(findings(run(body), 'credentials-in-run'), [], body);
  }
  for (const body of ["echo 'root:s3cr3t' | chpasswd", 'usermod -p "$HASH" app']) {
    assert.deepEqual(findings(run(body), RULE), [], body);
    assert.equal(findings(run(body), 'credentials-in-run').length, 1, body);
  }
});
