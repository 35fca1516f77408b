// credentials-in-run: which command lines carry a credential, and the secret-mount exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lint } from './helpers';
import { assertLinear } from './cost-helpers';

const RULE = 'credentials-in-run';
const run = (body) => `FROM debian:bookworm-slim\nARG PASS\nRUN ${body}\n`;

test('credential-carrying commands fire on the word that holds the credential', () => {
  const cases = {
    'docker login -u ci -p "$PASS" reg.io': '"$PASS"',
    'podman login --password=$PASS reg.io': '--password=$PASS',
    'skopeo login --password "$PASS" reg.io': '"$PASS"',
    'az login -u ci -p "$PASS"': '"$PASS"',
    'doctl auth init -t "$PASS"': '"$PASS"',
    'app --db-password "$PASS"': '"$PASS"',
    'vault write auth/x --client-secret=$PASS': '--client-secret=$PASS',
    'mysqladmin -uroot -p$PASS status': '-p$PASS',
    'aws configure set aws_access_key_id AKIAUJZDE8GXD6NCF10E': 'AKIAUJZDE8GXD6NCF10E',
    'gcloud auth activate-service-account --key-file=/key.json': 'activate-service-account',
    'curl --user=ci:$PASS https://x.io': '--user=ci:$PASS',
    'curl -uci:$PASS https://x.io': '-uci:$PASS',
    'curl -fsSLu ci:$PASS https://x.io': 'ci:$PASS',
    'curl -H "PRIVATE-TOKEN: $PASS" https://gitlab.io/api': '"PRIVATE-TOKEN: $PASS"',
    'wget --header="X-API-Key: $PASS" https://x.io': '--header="X-API-Key: $PASS"',
    'pip install --index-url https://ci:$PASS@pypi.acme.io/simple acme': 'https://ci:$PASS@pypi.acme.io/simple',
    'npm config set //registry.npmjs.org/:_authToken "$PASS"': '"$PASS"',
    'printf "%s\\n" "//r/:_auth=$PASS" >> ~/.npmrc': '"//r/:_auth=$PASS"',
    'echo "root:$PASS" | chpasswd': '"root:$PASS"',
    'printf "pw\\npw\\n" | passwd app': '"pw\\npw\\n"',
    'usermod -p "$(openssl passwd -1 secret)" app': '"$(openssl passwd -1 secret)"',
  };
  for (const [body, token] of Object.entries(cases)) {
    const text = run(body);
    const found = findings(text, RULE);
    assert.equal(found.length, 1, body);
    const { start, end } = found[0].range;
    assert.equal(text.split('\n')[start.line].slice(start.character, end.character), token, body);
    assert.ok(!/S3cr3t/.test(found[0].message));
  }
});

test('switches, stdin/file variants, help text, templates and random passwords stay quiet', () => {
  for (const body of [
    'adduser --disabled-password --gecos "" app',
    'echo "$PASS" | docker login -u ci --password-stdin reg.io',
    'vault login -method=userpass --password-file=/x',
    'gh auth login --with-token < /tmp/t',
    'echo "usage: tool --password=<pw>"',
    'curl -u ci https://x.io',
    'curl -H "Accept: application/json" https://x.io',
    'app --password "<your password>"',
    'useradd -p "*" svc && useradd -p "!" svc2',
    'useradd --password "$(openssl rand -base64 24)" ci',
    "echo '//registry.npmjs.org/:_authToken=${NPM_TOKEN}' > .npmrc",
    'mysql -p -e "select 1"',
    'git clone https://github.com/acme/app.git',
  ]) {
    assert.deepEqual(
      findings(run(body), RULE).map((d) => d.message),
      [],
      body,
    );
  }
});

test('a RUN with a secret mount that reads the credential from it does not fire; other sources still do', () => {
  const quiet = [
    'RUN --mount=type=secret,id=pw,env=REG_PW docker login -u ci -p "$REG_PW" reg.io',
    'RUN --mount=type=secret,id=pw docker login -u ci --password "$(cat /run/secrets/pw)" reg.io',
    'RUN --mount=type=secret,id=pw,target=/etc/pw curl -u "ci:$(cat /etc/pw)" https://x.io',
    'RUN --mount=type=secret,id=gh export GH=$(cat /run/secrets/gh) && git clone https://x:${GH}@github.com/a/b',
    'RUN --mount=type=secret,id=gh read -r GH < /run/secrets/gh && git clone https://x:${GH}@github.com/a/b',
    'RUN --mount=type=secret,id=db,env=DB_PW <<EOF\nmysql -uroot -p"$DB_PW" -e "select 1"\nEOF',
  ];
  for (const body of quiet)
    assert.deepEqual(
      findings(`FROM alpine\n${body}\n`, RULE).map((d) => d.message),
      [],
      body,
    );
  const fire = [
    'RUN --mount=type=secret,id=pw,env=REG_PW docker login -u ci -p "$OTHER" reg.io',
    'RUN --mount=type=cache,target=/root/.cache docker login -u ci -p "$(cat /run/secrets/pw)" reg.io',
    'RUN docker login -u ci -p "$(cat /run/secrets/pw)" reg.io',
  ];
  for (const body of fire) assert.equal(findings(`FROM alpine\n${body}\n`, RULE).length, 1, body);
});

test('Windows: net user with a password on the command line fires on the password, in cmd and PowerShell', () => {
  const cmd = (body) => `FROM mcr.microsoft.com/windows/servercore:ltsc2022\nARG ADMIN_PW\nRUN ${body}\n`;
  const ps = (body) =>
    `# escape=\`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nARG ADMIN_PW\nRUN ${body}\n`;
  const cases: [(body: string) => string, string, string][] = [
    [cmd, 'net user John B@dP@ssw0rd /ADD', 'B@dP@ssw0rd'],
    [cmd, 'net user /add User03 Passw0rd', 'Passw0rd'],
    [cmd, 'NET USERS John B@dP@ssw0rd', 'B@dP@ssw0rd'],
    [cmd, 'net user John "Tr0ub 4dor" /add /expires:never', '"Tr0ub 4dor"'],
    [cmd, 'C:\\Windows\\System32\\net.exe user John S3cr3t^^x /add', 'S3cr3t^^x'],
    [cmd, 'echo start && net user svc %ADMIN_PW% /add', '%ADMIN_PW%'],
    [cmd, 'cmd /S /C "net user build Zq8vR2mTx9Lp /add"', 'Zq8vR2mTx9Lp'],
    [cmd, 'cmd /c ""C:\\Windows\\System32\\net.exe" user build Zq8vR2mTx9Lp /add"', 'Zq8vR2mTx9Lp'],
    [cmd, '(net user build Zq8vR2mTx9Lp /add) & echo ok', 'Zq8vR2mTx9Lp'],
    [cmd, 'if not exist C:\\done (net user build Zq8vR2mTx9Lp /add)', 'Zq8vR2mTx9Lp'],
    [cmd, '["cmd", "/S", "/C", "net user build Zq8vR2mTx9Lp /add"]', 'Zq8vR2mTx9Lp'],
    [cmd, '["powershell", "-Command", "net user build Zq8vR2mTx9Lp /add"]', 'Zq8vR2mTx9Lp'],
    [ps, "net user /add User03 'Pass''w0rd'", "'Pass''w0rd'"],
    [ps, 'Write-Host hi; & net.exe user admin $env:ADMIN_PW', '$env:ADMIN_PW'],
    [ps, 'net user admin $env:admin_pw /add', '$env:admin_pw'],
    [ps, 'Get-Date | Out-Null; net user admin "${env:ADMIN_PW}" /add', '"${env:ADMIN_PW}"'],
    [ps, 'powershell -Command "net user admin Zq8vR2mTx9Lp /add"', 'Zq8vR2mTx9Lp'],
    [ps, 'if ($true) { net user admin Zq8vR2mTx9Lp /add }', 'Zq8vR2mTx9Lp'],
    // Windows splits the command line before PowerShell reads it: the double quotes are gone, the password is `Tr0ub`
    [ps, 'net user John "Tr0ub 4dor" /add', 'Tr0ub'],
  ];
  for (const [wrap, body, token] of cases) {
    const text = wrap(body);
    const found = findings(text, RULE);
    assert.equal(found.length, 1, body);
    const { start, end } = found[0].range;
    assert.equal(text.split('\n')[start.line].slice(start.character, end.character), token, body);
    // the password is never shown; the account is
    const shown = token.replace(/^["']|["']$/g, '');
    assert.ok(!found[0].message.includes(shown), `${body}: the message shows the password`);
    assert.match(found[0].message, /^net user \S+ \*{8} /);
  }
});

test('Windows: net user without a password, with a prompt or a generated one, and other commands stay quiet', () => {
  const ps = (body) =>
    `# escape=\`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN ${body}\n`;
  for (const body of [
    'net user "$env:USER" /add /expire:never /passwordreq:no',
    'net user deploy *',
    'net user deploy /add',
    'net user ; net user deploy ; net user deploy /delete',
    'net localgroup Administrators /add deploy',
    '$pw = [guid]::NewGuid().ToString() ; net user svc $pw /add',
    'net user svc $env:UNDECLARED /add',
    'net user build $([System.Web.Security.Membership]::GeneratePassword(24, 4)) /add',
    'net user build (Get-Random) /add',
    "Write-Host 'net user admin P@ssw0rd /add'",
    'net user admin "<password>" /add',
    'docker login -u ci -p $env:REGISTRY_PASSWORD registry.acme.internal',
  ]) {
    assert.deepEqual(
      findings(ps(body), RULE).map((d) => d.message),
      [],
      body,
    );
  }
  // a Linux stage's `net` is not Windows' (and the POSIX rules read it as they always did)
  assert.deepEqual(findings('FROM debian:bookworm-slim\nRUN net user John B@dP@ssw0rd\n', RULE), []);
});

test('Windows command lines are split in linear time: unclosed subexpressions, nested shells', () => {
  const ps = (body) =>
    `# escape=\`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN ${body}\n`;
  const cmd = (body) => `FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN ${body}\n`;
  assertLinear((n) => lint(ps(`net user a ${'$($('.repeat(n)}`)), 8000, 'unclosed $( in PowerShell');
  assertLinear((n) => lint(cmd(`${'cmd /c "'.repeat(n)}net user a Zq8vR2mTx9Lp`)), 8000, 'nested cmd /c');
});

test('`login -p` is read for every login tool (and az) and only for them; the login command names the finding', () => {
  for (const tool of ['docker', 'podman', 'buildah', 'skopeo', 'nerdctl', 'helm registry', 'oras', 'crane', 'az']) {
    const found = findings(run(`${tool} login -u ci -p "$PASS" reg.io`), RULE);
    assert.equal(found.length, 1, tool);
    if (tool !== 'az') assert.ok(found[0].message.includes(`${tool} login`), tool);
  }
  for (const tool of ['vault', 'gh auth', 'npm', 'kubectl'])
    assert.deepEqual(findings(run(`${tool} login -u ci -p "$PASS" reg.io`), RULE), [], tool);
});
