// tls-verification-disabled: the options and variables that switch certificate checks off fire, on their own token;
// the same words in comments, help text, values of other options or package names do not; every fix removes only
// the offending piece.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, findingTexts, asDockerfile, applyEdits, checkFixes, type FixCase } from './helpers';

const RULE = 'tls-verification-disabled';
const doc = asDockerfile;

const hits = (body) => findingTexts(doc(body), RULE);

const FIRES: [body: string, expected: string[]][] = [
  ['RUN curl -k https://x.example/a -o a', ['-k']],
  ['RUN curl -fsSLk https://x.example/a -o a', ['k']],
  ['RUN curl -kfsSL https://x.example/a -o a', ['k']],
  ['RUN curl --insecure https://x.example/a', ['--insecure']],
  ['RUN curl "--insecure" https://x.example/a', ['"--insecure"']],
  ['RUN curl --proxy-insecure -x https://proxy:3128 https://x.example/a', ['--proxy-insecure']],
  ['RUN curl -fsSL https://x.example/a --insecure -o a', ['--insecure']],
  ['RUN V=$(curl -ks https://api.x.example/latest)', ['k']],
  ['RUN wget --no-check-certificate https://x.example/a', ['--no-check-certificate']],
  ['RUN wget --no-check-cert https://x.example/a', ['--no-check-cert']],
  ['RUN wget --check-certificate=quiet https://x.example/a', ['--check-certificate=quiet']],
  ['RUN wget -e check_certificate=off https://x.example/a', ['-e check_certificate=off']],
  ['RUN busybox wget --no-check-certificate https://x.example/a', ['--no-check-certificate']],
  ['RUN pip install --trusted-host pypi.org flask', ['--trusted-host pypi.org']],
  ['RUN pip3 install --trusted-host=pypi.org flask', ['--trusted-host=pypi.org']],
  ['RUN python3 -m pip install -i http://mirror/simple --trusted-host mirror flask', ['--trusted-host mirror']],
  ['RUN uv pip install --allow-insecure-host mirror.example flask', ['--allow-insecure-host mirror.example']],
  ['RUN pip config set global.trusted-host pypi.org', ['global.trusted-host pypi.org']],
  ['RUN npm config set strict-ssl false', ['strict-ssl false']],
  ['RUN npm config set strict-ssl=false', ['strict-ssl=false']],
  ['RUN npm set "strict-ssl" "false"', ['"strict-ssl" "false"']],
  ['RUN npm config --global set strict-ssl false', ['strict-ssl false']],
  ['RUN yarn config set strict-ssl false', ['strict-ssl false']],
  ['RUN yarn config set enableStrictSsl false', ['enableStrictSsl false']],
  ['RUN pnpm config set strict-ssl false', ['strict-ssl false']],
  ['RUN npm install --strict-ssl=false', ['--strict-ssl=false']],
  ['RUN npm ci --strict-ssl false', ['--strict-ssl false']],
  ['RUN npm install --no-strict-ssl', ['--no-strict-ssl']],
  ['RUN git -c http.sslVerify=false clone https://git.x.example/a.git', ['-c http.sslVerify=false']],
  [
    'RUN git -c http.https://git.x.example/.sslverify=0 clone https://git.x.example/a.git',
    ['-c http.https://git.x.example/.sslverify=0'],
  ],
  ['RUN git config --global http.sslVerify false', ['http.sslVerify false']],
  ['RUN git clone -c http.sslVerify=false https://git.x.example/a.git', ['-c http.sslVerify=false']],
  ['RUN git clone --depth 1 --config=http.sslverify=0 https://git.x.example/a.git', ['--config=http.sslverify=0']],
  [
    '# a global default reaches RUN when the stage declares the name\nARG PIP_TRUSTED_HOST=pypi.org\nFROM python:3.12\nARG PIP_TRUSTED_HOST\nRUN pip install flask\n',
    ['PIP_TRUSTED_HOST'],
  ],
  ['RUN git config set --global http.sslVerify false', ['http.sslVerify false']],
  ['RUN yum-config-manager --save --setopt=*.sslverify=0', ['--setopt=*.sslverify=0']],
  ['RUN dnf config-manager --save --setopt=sslverify=0', ['--setopt=sslverify=0']],
  ['RUN dnf install -y --setopt sslverify=false httpd', ['--setopt sslverify=false']],
  ['RUN dnf config-manager setopt internal.sslverify=0', ['internal.sslverify=0']],
  ['RUN apt-get -o Acquire::https::Verify-Peer=false update', ['-o Acquire::https::Verify-Peer=false']],
  ['ENV NODE_TLS_REJECT_UNAUTHORIZED=0', ['NODE_TLS_REJECT_UNAUTHORIZED=0']],
  ['ENV NODE_TLS_REJECT_UNAUTHORIZED="0"', ['NODE_TLS_REJECT_UNAUTHORIZED="0"']],
  ['ENV PYTHONHTTPSVERIFY 0', ['PYTHONHTTPSVERIFY 0']],
  [
    'ENV A=1 PIP_TRUSTED_HOST="pypi.org files.pythonhosted.org" B=2',
    ['PIP_TRUSTED_HOST="pypi.org files.pythonhosted.org"'],
  ],
  ['ARG PIP_TRUSTED_HOST=pypi.org', ['PIP_TRUSTED_HOST=pypi.org']],
  ['ENV NPM_CONFIG_STRICT_SSL=false', ['NPM_CONFIG_STRICT_SSL=false']],
  ['ENV npm_config_strict_ssl=0', ['npm_config_strict_ssl=0']],
  ['ENV YARN_ENABLE_STRICT_SSL=false', ['YARN_ENABLE_STRICT_SSL=false']],
  ['ENV GIT_SSL_NO_VERIFY=1', ['GIT_SSL_NO_VERIFY=1']],
  ['ENV GIT_SSL_NO_VERIFY=0', ['GIT_SSL_NO_VERIFY=0']],
  ['ENV GIT_SSL_NO_VERIFY=""', ['GIT_SSL_NO_VERIFY=""']],
  ['ARG TLS=0\nENV NODE_TLS_REJECT_UNAUTHORIZED=${TLS}', ['NODE_TLS_REJECT_UNAUTHORIZED=${TLS}']],
  ['RUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci', ['NODE_TLS_REJECT_UNAUTHORIZED=0']],
  ['RUN GIT_SSL_NO_VERIFY=true git clone https://git.x.example/a.git', ['GIT_SSL_NO_VERIFY=true']],
  ['RUN A="x y" PYTHONHTTPSVERIFY="0" python3 fetch.py', ['PYTHONHTTPSVERIFY="0"']],
  ['RUN export NODE_TLS_REJECT_UNAUTHORIZED=0 && npm ci', ['NODE_TLS_REJECT_UNAUTHORIZED=0']],
  ['RUN env NODE_TLS_REJECT_UNAUTHORIZED=0 node fetch.js', ['NODE_TLS_REJECT_UNAUTHORIZED=0']],
  ['RUN GIT_SSL_NO_VERIFY=1; export GIT_SSL_NO_VERIFY; git clone https://x.example/a.git', ['GIT_SSL_NO_VERIFY=1']],
  ['RUN set -a; GIT_SSL_NO_VERIFY=1; git clone https://x.example/a.git', ['GIT_SSL_NO_VERIFY=1']],
  ['RUN echo "sslverify=0" >> /etc/yum.repos.d/internal.repo', ['sslverify=0']],
  ['RUN echo -e "[x]\\nsslverify=false" > /etc/yum.repos.d/x.repo', ['sslverify=false']],
  ['RUN echo "strict-ssl=false" > /root/.npmrc', ['strict-ssl=false']],
  ['RUN printf "trusted-host = pypi.org\\n" | tee -a /etc/pip.conf', ['trusted-host = pypi.org']],
  ['RUN echo "check_certificate = off" >> /etc/wgetrc', ['check_certificate = off']],
  ['RUN echo insecure >> ~/.curlrc', ['insecure']],
  [
    'RUN echo \'Acquire::https::Verify-Peer "false";\' > /etc/apt/apt.conf.d/99insecure',
    ['Acquire::https::Verify-Peer "false"'],
  ],
  ["RUN sed -i 's/sslverify=1/sslverify=0/' /etc/yum.conf", ['sslverify=0']],
  [
    '# syntax=docker/dockerfile:1\nFROM fedora:40\nCOPY <<EOF /etc/yum.repos.d/x.repo\n[x]\nsslverify=0\nEOF\n',
    ['sslverify=0'],
  ],
  [
    '# syntax=docker/dockerfile:1\nFROM node:20\nRUN <<EOF\nnpm config set strict-ssl false\ncurl -k -o /a https://x.example/a\nEOF\n',
    ['strict-ssl false', '-k'],
  ],
  ["RUN sh -c 'curl -k -o /a https://x.example/a'", ['-k']],
  ['RUN ["curl", "--insecure", "-o", "/a", "https://x.example/a"]', ['"--insecure"']],
  ['ONBUILD RUN wget --no-check-certificate https://x.example/a', ['--no-check-certificate']],
  // a cmd stage: curl.exe is read (windowsScripts.ts); git's own settings in Windows code are not read yet
  [
    '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN curl.exe -k -o C:\\a https://x.example/a; `\n    git config --global http.sslVerify false\n',
    ['-k'],
  ],
];

const PASSES = [
  'RUN curl -K /etc/curl.conf https://x.example/a',
  'RUN curl --config /etc/curl.conf https://x.example/a',
  'RUN curl -ok https://x.example/a',
  'RUN curl -o -k https://x.example/a',
  'RUN curl -H "-k" https://x.example/a',
  'RUN curl --no-insecure https://x.example/a',
  'RUN curl -k https://localhost:8443/health',
  'RUN curl -fsSLk https://127.0.0.1/ready && curl --insecure "https://[::1]:9000/"',
  'RUN wget --no-check-certificate -qO- https://localhost/x',
  'RUN wget --check-certificate=on https://x.example/a',
  'RUN echo "use --insecure to skip verification"',
  'RUN echo "curl -k" && echo "--no-check-certificate" && echo "strict-ssl false"',
  'RUN wget --help | grep -- --no-check-certificate',
  '# curl -k https://x.example/a\nRUN true',
  'RUN apt-get install -y curl insecure-tool python3-pip',
  'RUN pip install trusted-host',
  'RUN pip install --trusted-host localhost flask',
  'ENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1 NPM_CONFIG_STRICT_SSL=true',
  'ENV PIP_TRUSTED_HOST="" UV_INSECURE_HOST=localhost',
  'ARG PIP_TRUSTED_HOST\nARG GIT_SSL_NO_VERIFY',
  'ARG TLS\nENV NODE_TLS_REJECT_UNAUTHORIZED=${TLS}',
  'RUN npm config set strict-ssl true && npm config get strict-ssl',
  'RUN git config --global http.sslVerify true',
  'RUN git config --global --unset http.sslVerify',
  'RUN git config --global --get http.sslVerify',
  'RUN git clone --config http.sslverify=true https://git.x.example/a.git',
  '# a global ARG only feeds FROM\nARG PIP_TRUSTED_HOST=pypi.org\nFROM python:3.12\nRUN pip install flask\n',
  'RUN yum-config-manager --save --setopt=sslverify=1 --setopt=x.sslverify=yes',
  'RUN yum-config-manager --save --setopt=notsslverify=0',
  'RUN echo "sslverify=0"',
  "RUN sed -i 's/sslverify=0/sslverify=1/' /etc/yum.conf",
  'RUN GIT_SSL_NO_VERIFY=1; git clone https://x.example/a.git',
  'RUN export NODE_TLS_REJECT_UNAUTHORIZED=1',
  'RUN echo insecure >> /tmp/notes.txt',
  'RUN printf "%s" "NODE_TLS_REJECT_UNAUTHORIZED=1" >> /etc/environment',
  'HEALTHCHECK CMD curl -fkLsS https://db.internal:8384/health || exit 1',
  'CMD ["curl", "-k", "https://x.example"]',
  "RUN echo 'curl -k https://x.example/a' > /usr/local/bin/fetch-insecure-help",
];

for (const [body, expected] of FIRES) {
  test(`fires: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), expected));
}
for (const body of PASSES) {
  test(`passes: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), []));
}

/** Apply the fix of the only finding and return the new document. */
function fixed(text) {
  const found = findings(text, RULE);
  assert.equal(found.length, 1, `one finding in:\n${text}`);
  assert.equal(found[0].data.fixes.length, 1, 'one fix');
  return applyEdits(text, found[0].data.fixes[0].edits).text;
}

const FIXES: FixCase[] = [
  [
    'curl: a combined flag loses only its k',
    'RUN curl -fsSLk https://x.example/a -o /a\n',
    'RUN curl -fsSL https://x.example/a -o /a\n',
  ],
  [
    'curl: a lone -k goes with its space',
    'RUN curl -k https://x.example/a -o /a\n',
    'RUN curl https://x.example/a -o /a\n',
  ],
  [
    'wget: a flag alone on a continuation line takes the whole line',
    'RUN wget \\\n      --no-check-certificate \\\n      https://x.example/a\n',
    'RUN wget \\\n      https://x.example/a\n',
  ],
  [
    'a flag on the last line takes the continuation back',
    'RUN wget https://x.example/a \\\n      --no-check-certificate\nUSER 1\n',
    'RUN wget https://x.example/a\nUSER 1\n',
  ],
  ['pip: flag and value', 'RUN pip install --trusted-host pypi.org flask\n', 'RUN pip install flask\n'],
  [
    'pip: flag and value at the start of a continuation line',
    'RUN pip install \\\n    --trusted-host pypi.org flask\n',
    'RUN pip install \\\n    flask\n',
  ],
  ['ENV: the only key deletes the instruction', 'ENV NODE_TLS_REJECT_UNAUTHORIZED=0\nUSER 1\n', 'USER 1\n'],
  ['ENV: one key of several', 'ENV A=1 NODE_TLS_REJECT_UNAUTHORIZED=0 B=2\n', 'ENV A=1 B=2\n'],
  [
    'ENV: one key on its own continuation line',
    'ENV A=1 \\\n    GIT_SSL_NO_VERIFY=1 \\\n    B=2\n',
    'ENV A=1 \\\n    B=2\n',
  ],
  ['ARG default', 'ARG PIP_TRUSTED_HOST=pypi.org\nUSER 1\n', 'USER 1\n'],
  ['RUN prefix assignment', 'RUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci\n', 'RUN npm ci\n'],
  ['export command with its &&', 'RUN export NODE_TLS_REJECT_UNAUTHORIZED=0 && npm ci\n', 'RUN npm ci\n'],
  ['export as the last command', 'RUN npm ci && export NODE_TLS_REJECT_UNAUTHORIZED=0\n', 'RUN npm ci\n'],
  ['export across a continuation', 'RUN export NODE_TLS_REJECT_UNAUTHORIZED=0 \\\n && npm ci\n', 'RUN npm ci\n'],
  ['npm config set with its &&', 'RUN npm config set strict-ssl false && npm ci\n', 'RUN npm ci\n'],
  [
    'git config as the only command deletes the RUN',
    'RUN git config --global http.sslVerify false\nUSER 1\n',
    'USER 1\n',
  ],
  [
    'git -c and its value',
    'RUN git -c http.sslVerify=false clone https://x.example/a.git\n',
    'RUN git clone https://x.example/a.git\n',
  ],
  ['setopt', 'RUN dnf install -y --setopt=sslverify=0 httpd\n', 'RUN dnf install -y httpd\n'],
  [
    'inside a sh -c string',
    "RUN sh -c 'curl -k -o /a https://x.example/a'\n",
    "RUN sh -c 'curl -o /a https://x.example/a'\n",
  ],
  [
    'heredoc script line',
    '# syntax=docker/dockerfile:1\nFROM node:20\nRUN <<EOF\nset -e\nnpm config set strict-ssl false\nnpm ci\nEOF\n',
    '# syntax=docker/dockerfile:1\nFROM node:20\nRUN <<EOF\nset -e\nnpm ci\nEOF\n',
  ],
];
for (const [name, body, expected] of FIXES) {
  test(`fix: ${name}`, () => {
    const text = doc(body);
    assert.equal(fixed(text), doc(expected));
    assert.equal(checkFixes(text, RULE), 1);
  });
}

test('no fix where the edit could not be trusted: exec form, written config, escaped string, if/fi around', () => {
  for (const body of [
    'RUN ["curl", "--insecure", "-o", "/a", "https://x.example/a"]',
    'RUN echo "sslverify=0" >> /etc/yum.repos.d/x.repo',
    'RUN sh -c "curl \\"-k\\" https://x.example/a"',
    'RUN if true; then npm config set strict-ssl false; fi',
  ]) {
    const found = findings(doc(body), RULE);
    assert.equal(found.length, 1, body);
    assert.deepEqual(found[0].data.fixes, [], body);
  }
});

test('messages say what is wrong and what to do instead', () => {
  const [curl] = findings(doc('RUN curl -k https://x.example/a'), RULE);
  assert.match(curl.message, /turns off TLS certificate checks.*Remove it.*--cacert/);
  const [git] = findings(doc('ENV GIT_SSL_NO_VERIFY=0'), RULE);
  assert.match(git.message, /only checks that it is set/);
  const [node] = findings(doc('ENV NODE_TLS_REJECT_UNAUTHORIZED=0'), RULE);
  assert.match(node.message, /NODE_EXTRA_CA_CERTS/);
});

test('no fix that would rewire a pipeline: a removed command never leaves its neighbours piped together', () => {
  for (const body of [
    'RUN set -e; git config --global http.sslVerify false | tee /log',
    'RUN echo x | git config --global http.sslVerify false; set -e',
    'RUN make && npm config set strict-ssl false | tee /log',
    'RUN export GIT_SSL_NO_VERIFY=1 | cat && make',
  ]) {
    const text = doc(body);
    const found = findings(text, RULE);
    assert.equal(found.length, 1, body);
    assert.deepEqual(
      found[0].data.fixes,
      [],
      `${body}: ${found[0].data.fixes.map((f) => applyEdits(text, f.edits).text).join(' / ')}`,
    );
  }
  // outside a pipeline the command is still removed
  assert.equal(fixed(doc('RUN set -e; git config --global http.sslVerify false; make')), doc('RUN set -e; make'));
});

test('the one-expression name filter before the variable table lets every variable of the table through, any case where the table takes any case', () => {
  for (const [env, token] of [
    ['PIP_TRUSTED_HOST=pypi.example', 'PIP_TRUSTED_HOST=pypi.example'],
    ['UV_INSECURE_HOST=pypi.example', 'UV_INSECURE_HOST=pypi.example'],
    ['npm_config_strict_ssl=false', 'npm_config_strict_ssl=false'],
    ['NPM_CONFIG_STRICT_SSL=false', 'NPM_CONFIG_STRICT_SSL=false'],
    ['Npm_Config_Strict_Ssl=false', 'Npm_Config_Strict_Ssl=false'],
    ['YARN_ENABLE_STRICT_SSL=false', 'YARN_ENABLE_STRICT_SSL=false'],
    ['NODE_TLS_REJECT_UNAUTHORIZED=0', 'NODE_TLS_REJECT_UNAUTHORIZED=0'],
    ['PYTHONHTTPSVERIFY=0', 'PYTHONHTTPSVERIFY=0'],
    ['GIT_SSL_NO_VERIFY=1', 'GIT_SSL_NO_VERIFY=1'],
  ]) {
    assert.deepEqual(hits(`ENV ${env}`), [token], env);
    assert.deepEqual(hits(`RUN ${env} make`), [token], env);
  }
  // the table's other names are case-sensitive, and near names are none of them
  for (const env of [
    'pip_trusted_host=x.example',
    'git_ssl_no_verify=1',
    'GIT_SSL_NO_VERIFY_X=1',
    'XPYTHONHTTPSVERIFY=0',
  ])
    assert.deepEqual(hits(`ENV ${env}`), [], env);
});
