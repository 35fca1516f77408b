// download-without-verification: a curl/wget download kept as a file (or unpacked from the network) with no checksum
// or signature check in the same RUN fires on its URL; verified downloads, verification material, data read from a
// pipe and what the shell pipes into an interpreter (another rule) do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, findingTexts, asDockerfile } from './helpers';

const RULE = 'download-without-verification';
const hits = (body) => findingTexts(asDockerfile(body), RULE);
const SHA = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

const FIRES: [body: string, expected: string[]][] = [
  // cmd (the default shell of a Windows stage) and PowerShell
  [
    '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN curl.exe -fsSLo C:\\a.zip https://x.example/a.zip; `\n    Expand-Archive C:\\a.zip\n',
    ['https://x.example/a.zip'],
  ],
  [
    'FROM stefanscherer/node-windows:10\nRUN powershell -Command wget https://x.example/a.zip -OutFile a.zip ; Expand-Archive a.zip\n',
    ['https://x.example/a.zip'],
  ],
  [
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Invoke-WebRequest -Uri:https://x.example/a.zip -OutF a.zip',
    ['https://x.example/a.zip'],
  ],
  [
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["pwsh", "-Command"]\nRUN (New-Object Net.WebClient).DownloadFile(\'https://x.example/a.zip\', \'a.zip\')',
    ["'https://x.example/a.zip'"],
  ],
  [
    'RUN curl -fsSLo /tmp/app.tgz https://x.example/app.tgz && tar -xzf /tmp/app.tgz -C /opt',
    ['https://x.example/app.tgz'],
  ],
  ['RUN curl -fsSL -o /usr/local/bin/app https://x.example/app', ['https://x.example/app']],
  ['RUN curl -fsSL --output /usr/local/bin/app https://x.example/app', ['https://x.example/app']],
  ['RUN curl -fsSLO https://x.example/app.tgz', ['https://x.example/app.tgz']],
  ['RUN curl -fsSL --remote-name https://x.example/app.tgz', ['https://x.example/app.tgz']],
  ['RUN curl -fsSL https://x.example/app > /usr/local/bin/app', ['https://x.example/app']],
  ['RUN curl -fsSL "https://x.example/app-${VERSION}.tgz" -o app.tgz', ['"https://x.example/app-${VERSION}.tgz"']],
  ['RUN wget https://x.example/app.tgz', ['https://x.example/app.tgz']],
  ['RUN wget -q -O /tmp/app.tgz https://x.example/app.tgz', ['https://x.example/app.tgz']],
  ['RUN wget -P /tmp https://x.example/app.tgz', ['https://x.example/app.tgz']],
  ['RUN wget -qO- https://x.example/app > /usr/local/bin/app', ['https://x.example/app']],
  ['RUN busybox wget -O /tmp/a.tgz https://x.example/a.tgz', ['https://x.example/a.tgz']],
  ['RUN curl -fsSL https://x.example/app.tgz | tar -xz -C /opt', ['https://x.example/app.tgz']],
  ['RUN wget -qO- https://x.example/app.tar.xz | tar xJf - -C /opt', ['https://x.example/app.tar.xz']],
  ['RUN curl -fsSL https://x.example/app.gz | gunzip > /usr/local/bin/app', ['https://x.example/app.gz']],
  ['RUN curl -fsSL https://x.example/app | tee /usr/local/bin/app > /dev/null', ['https://x.example/app']],
  ['RUN curl -fsSL https://x.example/a.cpio | cpio -idm', ['https://x.example/a.cpio']],
  [
    'RUN curl -fsSLo /tmp/a https://x.example/a && curl -fsSLo /tmp/b https://x.example/b',
    ['https://x.example/a', 'https://x.example/b'],
  ],
  ['RUN sh -c "curl -fsSLo /tmp/a.tgz https://x.example/a.tgz"', ['https://x.example/a.tgz']],
  ['RUN ["curl", "-fsSLo", "/tmp/a.tgz", "https://x.example/a.tgz"]', ['"https://x.example/a.tgz"']],
  ['ONBUILD RUN wget https://x.example/a.tgz', ['https://x.example/a.tgz']],
  ['RUN --mount=type=cache,target=/var/cache curl -fsSLo /tmp/a https://x.example/a', ['https://x.example/a']],
  [
    '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF\nset -e\nwget -O /tmp/a.tgz https://x.example/a.tgz\ntar -xzf /tmp/a.tgz\nEOF\n',
    ['https://x.example/a.tgz'],
  ],
  ['RUN curl -fsSL \\\n      -o /tmp/a.tgz \\\n      https://x.example/a.tgz', ['https://x.example/a.tgz']],
  // a checksum file fetched but never checked, and a signature that is never verified
  ['RUN curl -fsSLO https://x.example/a.tgz && curl -fsSLO https://x.example/a.tgz.asc', ['https://x.example/a.tgz']],
  // a later RUN that verifies another file does not cover this one
  [
    'RUN curl -fsSLo /tmp/a.tgz https://x.example/a.tgz\nRUN echo "' + SHA + '  b.tgz" | sha256sum -c -',
    ['https://x.example/a.tgz'],
  ],
  // a branch or tag in a raw URL moves
  [
    'RUN curl -fsSLo /etc/app.conf https://raw.githubusercontent.com/acme/app/main/app.conf',
    ['https://raw.githubusercontent.com/acme/app/main/app.conf'],
  ],
  [
    'FROM alpine:3.20 AS a\nRUN wget https://x.example/a.tgz\nFROM a\nRUN wget https://x.example/b.tgz\n',
    ['https://x.example/a.tgz', 'https://x.example/b.tgz'],
  ],
];

const PASSES = [
  `RUN curl -fsSLo /tmp/app.tgz https://x.example/app.tgz && echo "${SHA}  /tmp/app.tgz" | sha256sum -c - && tar -xzf /tmp/app.tgz`,
  `RUN wget -O app.tgz https://x.example/app.tgz; echo "${SHA} *app.tgz" | sha256sum --check; tar -xzf app.tgz`,
  'RUN curl -fsSLO https://x.example/a.tgz && curl -fsSLO https://x.example/SHA256SUMS && sha256sum -c --ignore-missing SHA256SUMS',
  'RUN curl -fsSLO https://x.example/a.tgz && shasum -a 256 -c a.tgz.sha256',
  'RUN curl -fsSLO https://x.example/a.tgz && sha512sum -c a.tgz.sha512',
  'RUN curl -fsSLo a.tgz https://x.example/a.tgz && [ "$(sha256sum a.tgz | cut -d" " -f1)" = "$A_SHA256" ]',
  'RUN wget -O a.tgz https://x.example/a.tgz && wget -O a.tgz.asc https://x.example/a.tgz.asc && gpg --batch --verify a.tgz.asc a.tgz',
  'RUN curl -fsSLo a https://x.example/a && curl -fsSLo a.sig https://x.example/a.sig && gpgv --keyring ./k.gpg a.sig a',
  'RUN curl -fsSLo a https://x.example/a && cosign verify-blob --key k.pub --signature a.sig a',
  'RUN curl -fsSLo a https://x.example/a && minisign -Vm a -P RWQ...',
  'RUN curl -fsSLo a.rpm https://x.example/a.rpm && rpm -K a.rpm && rpm -i a.rpm',
  'RUN sh -c "curl -fsSLo /a https://x.example/a && sha256sum -c /a.sha256"',
  // verified in a later RUN of the same stage (or a stage built on it), naming the file
  `RUN curl -fsSLo /tmp/app.tgz https://x.example/app.tgz\nRUN echo "${SHA}  /tmp/app.tgz" | sha256sum -c -`,
  `FROM alpine:3.20 AS dl\nRUN wget -O /app.tgz https://x.example/app.tgz\nFROM dl\nRUN echo "${SHA}  /app.tgz" | sha256sum -c -\n`,
  // verification material and keys
  'RUN curl -fsSLo /usr/share/keyrings/x.gpg https://x.example/key.gpg',
  'RUN curl -fsSL https://x.example/key.asc -o /tmp/key.asc && gpg --dearmor -o /usr/share/keyrings/x.gpg /tmp/key.asc',
  'RUN wget -O /tmp/KEYS https://x.example/KEYS && gpg --import /tmp/KEYS',
  'RUN wget -O /etc/apk/keys/x.rsa.pub https://x.example/x.rsa.pub',
  'RUN curl -fsSLO https://x.example/SHA256SUMS',
  'RUN curl -fsSL https://x.example/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg',
  'RUN wget -qO- https://x.example/apt.key | apt-key add -',
  // data read from a pipe or a substitution, not kept
  'RUN curl -fsSL https://api.x.example/releases/latest | jq -r .tag_name',
  'RUN VERSION="$(curl -fsSL https://x.example/VERSION)" && echo "$VERSION"',
  'RUN curl -fsSL https://x.example/SHA256SUMS | sha256sum -c --ignore-missing',
  // piped into a shell: remote-script-piped-to-shell
  'RUN curl -fsSL https://x.example/install.sh | sh',
  // no content kept: /dev/null, HEAD requests, spiders, uploads
  'RUN curl -fsS -o /dev/null https://x.example/health',
  'RUN curl -fsSI https://x.example/a.tgz',
  'RUN wget --spider https://x.example/a.tgz',
  'RUN curl -fsS -X POST -d @payload.json -o /tmp/out.json https://x.example/api',
  'RUN curl -fsSLo /tmp/a http://localhost:8080/a && wget http://127.0.0.1/b',
  // content named by a full commit on a git host is immutable
  'RUN curl -fsSLo /etc/app.conf https://raw.githubusercontent.com/acme/app/0123456789abcdef0123456789abcdef01234567/app.conf',
  'ENV APP_COMMIT=0123456789abcdef0123456789abcdef01234567\nRUN wget -O /usr/local/bin/dind "https://raw.githubusercontent.com/docker/docker/${APP_COMMIT}/hack/dind"',
  // words, not commands; Windows; template fragments
  'RUN echo "curl -o /tmp/a https://x.example/a"',
  '# curl -o /tmp/a https://x.example/a\nRUN true',
  // PowerShell: the content stays in a variable; verified by Get-FileHash compared; PowerShell refuses `-o` (ambiguous)
  'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN $r = Invoke-RestMethod https://x.example/latest; Write-Host $r.tag',
  `FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN iwr https://x.example/a.zip -OutFile a.zip; if ((Get-FileHash a.zip).Hash -ne '${SHA}') { exit 1 }`,
  'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN iwr https://x.example/a.zip -o a.zip',
  'RUN curl -fsSLo /etc/app.conf https://github.com/acme/dist/raw/{{ .commit }}/app.conf',
  // saved and then run in the same RUN: remote-script-piped-to-shell's finding, at error (one report per problem)
  'RUN curl -fsSL -o get-docker.sh https://get.docker.com && sh get-docker.sh',
  // a RUN before any FROM (a template whose FROM is a placeholder) is no build step
  '# template\n{{ .base }}\nRUN curl -fsSLo /tmp/a https://x.example/a\n',
];

for (const [body, expected] of FIRES) {
  test(`fires: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), expected));
}
for (const body of PASSES) {
  test(`passes: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), []));
}

test('messages say what was fetched, where it went and how to verify it', () => {
  const [file] = findings(asDockerfile('RUN curl -fsSLo /tmp/app.tgz https://x.example/app.tgz'), RULE);
  assert.match(
    file.message,
    /`curl https:\/\/x\.example\/app\.tgz` saves `\/tmp\/app\.tgz`.*"<sha256> {2}app\.tgz" \| sha256sum -c -.*gpg --batch --verify/,
  );
  assert.equal(file.severity, 3);
  assert.deepEqual(file.data.fixes, []);
  const [stream] = findings(asDockerfile('RUN curl -fsSL https://x.example/app.tgz | tar -xz'), RULE);
  assert.match(stream.message, /unpacked by `tar` straight from the network.*Download it to a file/);
  const [masked] = findings(asDockerfile('RUN curl -fsSLo /tmp/a https://user:secret@x.example/a'), RULE);
  assert.doesNotMatch(masked.message, /secret/);
});

test('printing a hash is not verifying it; comparing it is', () => {
  const d = (run) => findings(asDockerfile(run), RULE).length;
  assert.equal(d('RUN wget -O /x.tgz https://example.org/a.tgz && sha256sum /x.tgz'), 1);
  assert.equal(d('RUN wget -O /x.tgz https://example.org/a.tgz && sha256sum /x.tgz > /x.sha'), 1);
  assert.equal(d('RUN wget -O /x.tgz https://example.org/a.tgz && echo "abc  /x.tgz" | sha256sum -c -'), 0);
  assert.equal(
    d('RUN wget -O /x.tgz https://example.org/a.tgz && [ "$(sha256sum /x.tgz | cut -d" " -f1)" = "$SHA" ]'),
    0,
  );
  assert.equal(d('RUN wget -O /x.tgz https://example.org/a.tgz && shasum -a 256 --check /x.sha'), 0);
});

test('credential query parameters named like secrets (client_secret, access_key) are masked in the message', () => {
  const [d] = findings(
    asDockerfile('RUN curl -fsSL -o /x "https://h/x?client_secret=abcDEF123456&access_key=AKzzzz99999&v=2"'),
    RULE,
  );
  assert.match(d.message, /client_secret=\*{8}&access_key=\*{8}&v=2/);
  assert.ok(!/abcDEF123456|AKzzzz99999/.test(d.message), d.message);
  const [camel] = findings(
    asDockerfile('RUN curl -fsSL -o /x "https://h/x?clientSecret=abcDEF123456&accessToken=AKzzzz99999&pageSize=2"'),
    RULE,
  );
  assert.match(camel.message, /clientSecret=\*{8}&accessToken=\*{8}&pageSize=2/);
});
