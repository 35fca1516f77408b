// plain-http-download: what the build fetches over http:// or git:// (curl, wget, git clone/fetch/pull, ADD), on the
// URL; info when what arrives is checked (a checksum or signature, ADD --checksum, a full commit), unless a checksum
// list or key of the same RUN arrives in the clear too; nothing for this machine, internalHosts, https, URLs that are
// only written somewhere, and URLs the file does not know.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, asDockerfile, checkFixes, findings, findingTexts, fixesOf } from './helpers';
import { mergeConfig } from '../../server/src/service/config';

const RULE = 'plain-http-download';
const hits = (body: string, internalHosts?: string[]) =>
  findingTexts(asDockerfile(body), RULE, internalHosts ? { config: { internalHosts } } : undefined);
const SHA = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const COMMIT = 'b3c2b5f2e7d4a6c8e9f0a1b2c3d4e5f6a7b8c9d0';

const FIRES: [body: string, expected: string[]][] = [
  ['RUN curl -fsSLo /tmp/a.tgz http://x.example/a.tgz', ['http://x.example/a.tgz']],
  ['RUN curl -fsSL -O http://x.example/a.tgz', ['http://x.example/a.tgz']],
  ['RUN curl -L --output a.tgz HTTP://x.example/a.tgz', ['HTTP://x.example/a.tgz']],
  ['RUN curl -fsSL --url http://x.example/a -o a', ['http://x.example/a']],
  ['RUN wget http://x.example/a.tgz', ['http://x.example/a.tgz']],
  ['RUN wget -qO- http://x.example/a.tgz | tar -xz', ['http://x.example/a.tgz']],
  ['RUN busybox wget -O /a http://x.example/a', ['http://x.example/a']],
  // what it does with the content does not matter: it crossed the network in the clear
  ['RUN VERSION="$(curl -fsSL http://x.example/VERSION)" && echo "$VERSION"', ['http://x.example/VERSION']],
  ['RUN curl -fsSL http://x.example/releases | jq -r .tag', ['http://x.example/releases']],
  // piped into a shell: remote-script-piped-to-shell's error is on `sh`; the transport is reported on the URL
  ['RUN curl -fsSL http://get.x.example/install.sh | sh', ['http://get.x.example/install.sh']],
  // no scheme: curl and wget use http
  ['RUN wget x.example/a.tgz', ['x.example/a.tgz']],
  ['RUN curl -fsSLo a x.example/a', ['x.example/a']],
  ['RUN curl --proto-default http -fsSLo a x.example/a', ['x.example/a']],
  // several URLs, in strings and heredocs
  ['RUN curl -fsSLO http://x.example/a -O http://y.example/b', ['http://x.example/a', 'http://y.example/b']],
  ['RUN sh -c "wget -O /a http://x.example/a"', ['http://x.example/a']],
  ['RUN ["wget", "-O", "/a", "http://x.example/a"]', ['"http://x.example/a"']],
  [
    '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF\nwget -O /a http://x.example/a\nEOF\n',
    ['http://x.example/a'],
  ],
  ['ONBUILD RUN curl -fsSLo /a http://x.example/a', ['http://x.example/a']],
  // ARG and ENV values the shell sees
  ['ARG MIRROR=http://mirror.x.example/pub\nRUN curl -fsSLo a "$MIRROR/a.tgz"', ['"$MIRROR/a.tgz"']],
  ['ENV BASE=http://x.example\nRUN wget "${BASE}/a"', ['"${BASE}/a"']],
  ['ARG MIRROR\nRUN curl -fsSLo a "${MIRROR:-http://x.example}/a"', ['"${MIRROR:-http://x.example}/a"']],
  // the host a build argument names is not known, the scheme is
  ['ARG HOST\nRUN curl -fsSLo a "http://${HOST}/a"', ['"http://${HOST}/a"']],
  // git
  ['RUN git clone git://git.x.example/a.git /a', ['git://git.x.example/a.git']],
  ['RUN git clone --depth 1 -b v1 http://git.x.example/a.git', ['http://git.x.example/a.git']],
  ['RUN git -C /src -c core.autocrlf=false clone http://git.x.example/a.git', ['http://git.x.example/a.git']],
  ['RUN cd /src && git fetch http://git.x.example/a.git main', ['http://git.x.example/a.git']],
  ['RUN git pull git://git.x.example/a.git', ['git://git.x.example/a.git']],
  // a short hash is not a pin (an abbreviated hash can be matched by other content)
  ['RUN git clone git://git.x.example/a.git /a && git -C /a checkout b3c2b5f', ['git://git.x.example/a.git']],
  // ADD
  ['ADD http://x.example/a.tgz /a.tgz', ['http://x.example/a.tgz']],
  ['ADD ["http://x.example/a.tgz", "/a.tgz"]', ['http://x.example/a.tgz']],
  ['ARG URL=http://x.example/a.tgz\nADD ${URL} /a.tgz', ['${URL}']],
  ['ADD git://git.x.example/a.git#v1 /src', ['git://git.x.example/a.git#v1']],
  ['ADD http://git.x.example/a.git /src', ['http://git.x.example/a.git']],
  ['ONBUILD ADD http://x.example/a.tgz /a.tgz', ['http://x.example/a.tgz']],
  // private addresses are still the network: internalHosts declares them
  ['RUN curl -fsSLo a http://10.1.2.3/a', ['http://10.1.2.3/a']],
  ['RUN curl -fsSLo a http://nexus:8081/a', ['http://nexus:8081/a']],
];

const PASSES = [
  'RUN curl -fsSLo /a https://x.example/a',
  'RUN wget -O /a https://x.example/a && git clone https://git.x.example/a.git',
  'RUN git clone git@github.com:acme/a.git && git clone ssh://git@git.x.example/a.git',
  'ADD https://x.example/a.tgz /a.tgz',
  'ADD git@github.com:acme/a.git /src',
  // this machine
  'RUN curl -fsS http://localhost:8080/health -o /dev/null && curl -fsSo a http://127.0.0.1/a',
  'RUN curl -fsSo a http://127.8.9.10/a && curl -fsSo b http://[::1]:8000/b && curl -fsSo c http://0.0.0.0:80/c',
  'RUN wget -O a http://app.localhost/a',
  // URLs that are only written somewhere, or handed to another tool
  'RUN echo "deb http://deb.debian.org/debian bookworm main" > /etc/apt/sources.list',
  "RUN sed -i 's|http://archive.ubuntu.com|http://mirror.x.example|' /etc/apt/sources.list",
  "RUN printf 'registry=http://npm.x.example/\\n' > /root/.npmrc",
  'RUN git remote add upstream http://git.x.example/a.git',
  'ENV URL=http://x.example/a',
  'LABEL org.opencontainers.image.source="http://x.example/src"',
  'HEALTHCHECK CMD curl -fsS http://x.example/health || exit 1',
  // the proxy and the headers are not what is fetched
  'RUN curl -x http://proxy.x.example:3128 -H "Referer: http://x.example/" -fsSLo a https://x.example/a',
  // nothing is fetched: HEAD requests, spiders, uploads
  'RUN curl -I http://x.example/ && wget --spider http://x.example/a',
  "RUN curl -X POST -d 'ping' http://hooks.x.example/notify",
  // curl refuses plain HTTP, or picks https for a URL without a scheme
  "RUN curl --proto '=https' -fsSLo a http://x.example/a",
  "RUN curl --proto '=https' -fsSLo a x.example/a && curl --proto-default https -fsSLo b x.example/b",
  // unknown URLs: a build argument without a default decides
  'ARG URL\nRUN curl -fsSLo a "$URL" && curl -fsSLo b "${URL}/b"',
  'ARG URL\nADD ${URL} /a.tgz',
  // paths and words that are no host
  'RUN curl -fsSLo a file:///etc/hosts',
  // template fragments; a RUN before any FROM
  'RUN curl -fsSLo a http://x.example/{{ .version }}/a',
  '# template\n{{ .base }}\nRUN curl -fsSLo /tmp/a http://x.example/a\n',
];

for (const [body, expected] of FIRES) {
  test(`fires: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), expected));
}
for (const body of PASSES) {
  test(`passes: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), []));
}

const severityOf = (body: string) => findings(asDockerfile(body), RULE).map((d) => d.severity);

test('what arrives is checked: information (integrity is checked, confidentiality is not)', () => {
  const info = [
    `RUN curl -fsSLo a.tgz http://x.example/a.tgz && echo "${SHA}  a.tgz" | sha256sum -c -`,
    `RUN curl -fsSLo /a.tgz http://x.example/a.tgz\nRUN echo "${SHA}  /a.tgz" | sha256sum -c -`,
    'RUN curl -fsSLO http://x.example/a.tgz && curl -fsSLO http://x.example/a.tgz.asc && gpg --batch --verify a.tgz.asc a.tgz',
    `ADD --checksum=sha256:${SHA} http://x.example/a.tgz /a.tgz`,
    `ADD git://git.x.example/a.git#${COMMIT} /src`,
    `ADD --checksum=${COMMIT} http://git.x.example/a.git#v1 /src`,
    `RUN git clone git://git.x.example/a.git /a && git -C /a checkout ${COMMIT}`,
    `RUN git clone http://git.x.example/a.git /a && cd /a && git reset --hard ${COMMIT}`,
    'RUN git clone http://git.x.example/a.git /a && git -C /a verify-tag v1',
  ];
  for (const body of info) assert.ok(severityOf(body).every((s) => s === 3) && severityOf(body).length, body);
  const [d] = findings(asDockerfile(info[0]), RULE);
  assert.match(d.message, /checksum or signature check catches tampered content, but anyone on the network path still/);
  const [add] = findings(asDockerfile(info[3]), RULE);
  assert.match(add.message, /^`ADD http:\/\/x\.example\/a\.tgz` fetches over plain HTTP\. `--checksum` catches/);
});

test('a checksum list or key fetched in the clear: a warning, and the check it feeds proves nothing', () => {
  const body =
    'RUN curl -fsSLO http://x.example/a.tgz && curl -fsSLO http://x.example/SHA256SUMS && sha256sum -c --ignore-missing SHA256SUMS';
  assert.deepEqual(severityOf(body), [2, 2]);
  const [file, list] = findings(asDockerfile(body), RULE);
  assert.match(file.message, /checksum list or key it is checked against also arrives over plain HTTP/);
  assert.match(list.message, /it is a checksum list or key: anyone on the network path can replace it/);
  // over https the list is the publisher's: the file fetched in the clear is checked
  assert.deepEqual(
    severityOf(
      'RUN curl -fsSLO http://x.example/a.tgz && curl -fsSLO https://x.example/SHA256SUMS && sha256sum -c --ignore-missing SHA256SUMS',
    ),
    [3],
  );
  for (const key of [
    'RUN wget -qO- http://x.example/apt.key | apt-key add -',
    'RUN curl -fsSL http://x.example/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg',
    'RUN curl -fsSLo /usr/share/keyrings/x.gpg http://x.example/x.gpg',
    'RUN wget -O /tmp/KEYS http://x.example/KEYS && gpg --import /tmp/KEYS && gpg --verify a.asc a',
  ])
    assert.deepEqual(severityOf(key), [2], key);
  // a signature is no trust anchor: without the key nobody can make one
  assert.deepEqual(
    severityOf(
      'RUN curl -fsSLO http://x.example/SHASUMS256.txt.asc && gpg --verify SHASUMS256.txt.asc && grep a.tgz SHASUMS256.txt.asc | sha256sum -c -',
    ),
    [3],
  );
});

test('credentials sent in the clear stay a warning, checked or not, and are masked in the message', () => {
  for (const body of [
    `RUN curl -u ci:s3cret -fsSLo a http://x.example/a && echo "${SHA}  a" | sha256sum -c -`,
    'RUN curl -H "Authorization: Bearer abc" -fsSLo a http://x.example/a',
    'RUN wget --password=s3cret -O a http://x.example/a',
    'RUN curl -fsSLo a http://ci:s3cret@x.example/a',
  ]) {
    const [d] = findings(asDockerfile(body), RULE);
    assert.equal(d.severity, 2, body);
    assert.match(d.message, /credentials included: anyone on the network path can read them/, body);
    assert.doesNotMatch(d.message, /s3cret/);
  }
});

test('messages: the URL the build uses, how it is fetched, and what to do', () => {
  const [plain] = findings(asDockerfile('RUN curl -fsSLo a http://x.example/a'), RULE);
  assert.equal(plain.severity, 2);
  assert.equal(
    plain.message,
    "`curl http://x.example/a` fetches over plain HTTP: anyone on the network path can read it and replace it with content of their own (a redirect to https comes too late), and nothing in the build checks what arrives. Use `https://` if the server supports it, and pin its checksum (`sha256sum -c`, in PowerShell `Get-FileHash`) or verify the publisher's signature.",
  );
  const [arg] = findings(asDockerfile('ARG MIRROR=http://mirror.x.example\nRUN wget "$MIRROR/a"'), RULE);
  assert.match(arg.message, /^`wget \$MIRROR\/a` \(http:\/\/mirror\.x\.example\/a\) fetches over plain HTTP/);
  const [bare] = findings(asDockerfile('RUN wget x.example/a'), RULE);
  assert.match(bare.message, /^`wget x\.example\/a` names no scheme, so wget fetches it over plain HTTP/);
  const [git] = findings(asDockerfile('RUN git clone git://git.x.example/a.git'), RULE);
  assert.match(git.message, /^`git clone git:\/\/git\.x\.example\/a\.git` uses the git protocol, which is neither/);
  assert.doesNotMatch(git.message, /redirect/);
  const [lan] = findings(asDockerfile('RUN curl -fsSLo a http://192.168.1.20/a'), RULE);
  assert.match(lan.message, /only speaks HTTP goes in internalHosts/);
  assert.doesNotMatch(plain.message, /internalHosts/);
});

test('internalHosts: names, wildcards, ports, addresses and IPv4 ranges', () => {
  const cases: [body: string, hosts: string[], fires: boolean][] = [
    ['RUN curl -fsSLo a http://mirror.corp.example/a', ['mirror.corp.example'], false],
    ['RUN curl -fsSLo a http://MIRROR.corp.example:8080/a', ['mirror.corp.example'], false],
    ['RUN curl -fsSLo a http://a.b.corp.example/a', ['*.corp.example'], false],
    ['RUN curl -fsSLo a http://corp.example/a', ['*.corp.example'], true],
    ['RUN curl -fsSLo a http://nexus:8081/a', ['nexus:8081'], false],
    ['RUN curl -fsSLo a http://nexus:8082/a', ['nexus:8081'], true],
    ['RUN curl -fsSLo a http://nexus/a', ['nexus:8081'], true],
    // the port is read after the user name, even one that spells the host
    ['RUN curl -fsSLo a http://deploy:nexus@nexus:8081/a', ['nexus:8081'], false],
    ['RUN curl -fsSLo a http://nexus@nexus:8082/a', ['nexus:8081'], true],
    ['RUN curl -fsSLo a http://10.20.30.40/a', ['10.0.0.0/8'], false],
    ['RUN curl -fsSLo a http://11.20.30.40/a', ['10.0.0.0/8'], true],
    ['RUN curl -fsSLo a http://172.16.5.4/a', ['172.16.0.0/12'], false],
    ['RUN curl -fsSLo a http://172.32.5.4/a', ['172.16.0.0/12'], true],
    ['RUN curl -fsSLo a http://[fd00::1]/a', ['[fd00::1]'], false],
    ['RUN curl -fsSLo a http://mirror.corp/debian/a', ['http://mirror.corp/debian'], false],
    ['RUN git clone git://git.corp.example/a.git', ['*.corp.example'], false],
    ['ADD http://files.corp.example/a.tgz /a.tgz', ['*.corp.example'], false],
    ['ARG M=http://files.corp.example\nRUN wget "$M/a"', ['files.corp.example'], false],
  ];
  for (const [body, hosts, fires] of cases)
    assert.equal(hits(body, hosts).length > 0, fires, `${body} with ${hosts.join(', ')}`);
});

test('internalHosts from settings and .bulkhead.json are merged; bad entries are reported', () => {
  const { config, problems } = mergeConfig({
    settings: { internalHosts: ['mirror.corp.example'] },
    bulkheadJson: {
      path: '/w/.bulkhead.json',
      text: '{"internalHosts": ["*.corp.example", "10.0.0.0/8", "nexus:8081", "http://m.corp/debian", "not a host", 7]}',
    },
  });
  assert.deepEqual(config.internalHosts, ['mirror.corp.example'], "a file's list with a non-string is refused whole");
  assert.match(problems[0].message, /"internalHosts" must be a string or an array/);
  const ok = mergeConfig({
    settings: { internalHosts: ['mirror.corp.example'] },
    bulkheadJson: {
      path: '/w/.bulkhead.json',
      text: '{"internalHosts": ["*.corp.example", "10.0.0.0/8", "nexus:8081", "http://m.corp/debian", "not a host"]}',
    },
  });
  assert.deepEqual(ok.config.internalHosts, [
    'mirror.corp.example',
    '*.corp.example',
    '10.0.0.0/8',
    'nexus:8081',
    'http://m.corp/debian',
  ]);
  assert.deepEqual(
    ok.problems.map((p) => p.message),
    [
      '"internalHosts": "not a host" is not a host name, `*.domain`, `host:port`, IP address or IPv4 range (`10.0.0.0/8`); it is ignored',
    ],
  );
  assert.equal(mergeConfig({}).config.internalHosts, undefined);
  const many = mergeConfig({ settings: { internalHosts: Array.from({ length: 70 }, (_, i) => `h${i}.corp`) } });
  assert.equal(many.config.internalHosts?.length, 64);
  assert.match(many.problems[0].message, /more than 64 entries/);
});

test('fix: https:// instead of http:// or git://, offered for review (the server must support it)', () => {
  const cases: [body: string, expected: string][] = [
    ['RUN curl -fsSLo a http://x.example/a', 'RUN curl -fsSLo a https://x.example/a'],
    ['RUN curl -fsSLo a "HTTP://x.example/a"', 'RUN curl -fsSLo a "https://x.example/a"'],
    ['RUN curl -fsSLo a http://x.example/$VERSION/a', 'RUN curl -fsSLo a https://x.example/$VERSION/a'],
    ['RUN wget x.example/a', 'RUN wget https://x.example/a'],
    ['RUN git clone git://git.x.example/a.git', 'RUN git clone https://git.x.example/a.git'],
    ['ADD http://x.example/a.tgz /a', 'ADD https://x.example/a.tgz /a'],
    ['ADD git://git.x.example/a.git#v1 /src', 'ADD https://git.x.example/a.git#v1 /src'],
    ['RUN sh -c "wget -O /a http://x.example/a"', 'RUN sh -c "wget -O /a https://x.example/a"'],
  ];
  for (const [body, expected] of cases) {
    const text = asDockerfile(body);
    const [d] = findings(text, RULE);
    const [fix] = fixesOf(d);
    assert.ok(fix, body);
    assert.equal(fix.manual, true);
    assert.equal(applyEdits(text, fix.edits).text, asDockerfile(expected));
    assert.equal(checkFixes(text, RULE), 1);
  }
  // no fix where the scheme is not written here, or where https would fetch something else
  for (const body of [
    'ARG MIRROR=http://x.example\nRUN curl -fsSLo a "$MIRROR/a"',
    'ARG URL=http://x.example/a.tgz\nADD ${URL} /a.tgz',
    // `https://host/repo` without `.git` is a file to BuildKit, not a repository
    'ADD git://git.x.example/acme/repo /src',
  ])
    assert.deepEqual(fixesOf(findings(asDockerfile(body), RULE)[0]), [], body);
});

test('one report per URL: unverified and in the clear is this finding alone, naming the missing check', () => {
  const text = asDockerfile('RUN curl -fsSL http://get.x.example/install.sh | sh');
  assert.equal(findings(text, RULE).length, 1);
  // ADD without --checksum: not add-remote-without-checksum's as well
  const add = asDockerfile('ADD http://x.example/a.tgz /a.tgz');
  assert.equal(findings(add, 'add-remote-without-checksum').length, 0);
  assert.equal(findings(add, RULE).length, 1);
  assert.match(findings(add, RULE)[0].message, /--checksum=sha256:<digest>/);
  // saved and not verified: not download-without-verification's as well
  const saved = asDockerfile('RUN curl -fsSLo /tmp/a.tgz http://x.example/a.tgz && tar -xzf /tmp/a.tgz');
  assert.equal(findings(saved, 'download-without-verification').length, 0);
  assert.match(findings(saved, RULE)[0].message, /nothing in the build checks what arrives.*pin its checksum/);
  // the https fix hands the missing check back to the rule that reports it alone
  const [fix] = fixesOf(findings(saved, RULE)[0]);
  const after = applyEdits(saved, fix.edits).text;
  assert.deepEqual(findings(after, RULE), []);
  assert.equal(findings(after, 'download-without-verification').length, 1);
  // a mirror in internalHosts is not this rule's, so the missing check is reported where it always is
  assert.equal(
    findings(saved, 'download-without-verification', { config: { internalHosts: ['x.example'] } }).length,
    1,
  );
  assert.equal(findings(add, 'add-remote-without-checksum', { config: { internalHosts: ['x.example'] } }).length, 1);
  // verified in the clear: information here, nothing there
  const checked = asDockerfile(
    `RUN curl -fsSLo /tmp/a.tgz http://x.example/a.tgz && echo "${SHA}  /tmp/a.tgz" | sha256sum -c -`,
  );
  assert.deepEqual(
    findings(checked, RULE).map((d) => d.severity),
    [3],
  );
  assert.equal(findings(checked, 'download-without-verification').length, 0);
});

test('PowerShell and cmd downloads: the URL as the script builds it, info when the file is hash-checked, https fix', () => {
  const WIN = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\n';
  const win = (run: string) => `${WIN}${run}\nUSER ContainerUser\n`;
  assert.deepEqual(hits(win('RUN Invoke-WebRequest -Uri http://x.example/a.zip -OutFile C:\\a.zip')), [
    'http://x.example/a.zip',
  ]);
  assert.deepEqual(hits(win("RUN (New-Object Net.WebClient).DownloadFile('http://x.example/a.msi', 'C:\\a.msi')")), [
    "'http://x.example/a.msi'",
  ]);
  // the script's own variables and the image's ENV are filled in
  assert.equal(hits(win('ENV MIRROR=http://mirror.x.example\nRUN iwr "$env:MIRROR/a.zip" -OutFile a.zip')).length, 1);
  assert.equal(hits(win("RUN $url = 'http://x.example/a.zip'; iwr $url -OutFile a.zip")).length, 1);
  // cmd: curl.exe
  assert.equal(
    hits(
      `# escape=\`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN curl.exe -fsSLo a.zip http://x.example/a.zip\nUSER ContainerUser\n`,
    ).length,
    1,
  );
  // https, this machine and a request that sends data are not downloads in the clear
  assert.deepEqual(hits(win('RUN iwr https://x.example/a.zip -OutFile a.zip')), []);
  assert.deepEqual(hits(win('RUN iwr http://localhost:8080/a.zip -OutFile a.zip')), []);
  assert.deepEqual(hits(win('RUN iwr http://x.example/api -Method Post -Body $b')), []);
  // a hash check lowers it to information
  const checked = win(
    'RUN iwr http://x.example/a.zip -OutFile a.zip; if ((Get-FileHash a.zip -Algorithm SHA256).Hash -ne $env:A_SHA256) { exit 1 }',
  );
  assert.deepEqual(severityOf(checked), [3]);
  assert.deepEqual(severityOf(win('RUN iwr http://x.example/a.zip -OutFile a.zip')), [2]);
  // the fix writes https where the scheme is written
  const body = win('RUN Invoke-WebRequest -Uri "http://x.example/a.zip" -OutFile a.zip');
  const [fix] = fixesOf(findings(body, RULE)[0]);
  assert.equal(fix.manual, true);
  assert.match(applyEdits(body, fix.edits).text, /-Uri "https:\/\/x\.example\/a\.zip"/);
});
