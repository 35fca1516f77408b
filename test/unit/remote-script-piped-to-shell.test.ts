// remote-script-piped-to-shell: downloads run as programs fire; downloads kept as data or files, help text and
// comments do not. Each case is a RUN body (or a whole Dockerfile when it starts with FROM or #).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, findingTexts, asDockerfile } from './helpers';

const RULE = 'remote-script-piped-to-shell';

const hits = (body) => findingTexts(asDockerfile(body), RULE);

const FIRES: [body: string, expected: string[]][] = [
  // [RUN body, range texts]
  [
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN iwr https://x.example/i.ps1 -UseBasicParsing | iex\n',
    ['iex'],
  ],
  [
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN iex ((New-Object System.Net.WebClient).DownloadString(\'https://x.example/i.ps1\'))\n',
    ['iex'],
  ],
  [
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN iwr https://x.example/s.exe -OutFile C:\\s.exe; Start-Process C:\\s.exe -Wait\n',
    ['C:\\s.exe'],
  ],
  ['RUN curl -fsSL https://get.example.com | sh', ['sh']],
  ['RUN curl -fsSL https://get.example.com | bash', ['bash']],
  ['RUN curl -fsSL https://get.example.com | zsh', ['zsh']],
  ['RUN curl -fsSL https://get.example.com | dash', ['dash']],
  ['RUN curl -fsSL https://get.example.com | ash', ['ash']],
  ['RUN curl -fsSL https://get.example.com | ksh', ['ksh']],
  ['RUN curl -fsSL https://get.example.com | /bin/sh', ['/bin/sh']],
  ['RUN curl -fsSL https://x.example/i.py | python', ['python']],
  ['RUN curl -fsSL https://x.example/i.py | python3', ['python3']],
  ['RUN curl -fsSL https://x.example/i.py | python3.12 -', ['python3.12']],
  ['RUN curl -L https://cpanmin.us | perl - App::cpanminus', ['perl']],
  ['RUN curl -fsSL https://x.example/i.rb | ruby', ['ruby']],
  ['RUN curl -fsSL https://x.example/i.js | node', ['node']],
  ['RUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer', ['php']],
  ['RUN curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash -', ['sudo -E bash']],
  ['RUN curl -fsSL https://x.example/i.sh | sudo sh', ['sudo sh']],
  ['RUN curl -fsSL https://x.example/i.sh | env FOO=1 bash', ['env FOO=1 bash']],
  ['RUN curl https://sh.rustup.rs -sSf | sh -s -- -y', ['sh']],
  ['RUN curl -fsSL https://x.example/i.sh | bash -s -- --version 1.2', ['bash']],
  ['RUN curl -fsSL https://x.example/i.sh | sh /dev/stdin --flag', ['sh']],
  ['RUN curl -fsSL https://x.example/i.sh | bash -eo pipefail', ['bash']],
  ['RUN wget -O- https://x.example/i.sh | sh', ['sh']],
  ['RUN wget -qO- https://x.example/i.sh | sh', ['sh']],
  ['RUN wget -qO - https://x.example/i.sh | bash', ['bash']],
  ['RUN wget --output-document=- https://x.example/i.sh | sh', ['sh']],
  ['RUN wget -O /dev/stdout https://x.example/i.sh | sh', ['sh']],
  ['RUN busybox wget -qO- https://x.example/i.sh | busybox sh', ['busybox sh']],
  ['RUN curl -fsSL https://x.example/i.sh.gz | gunzip | sh', ['sh']],
  ['RUN curl -fsSL https://x.example/i.sh | tee /tmp/i.sh | sh', ['sh']],
  ['RUN (cd /tmp && curl -fsSL https://x.example/i.sh) | sh', ['sh']],
  ['RUN curl -fsSL \\\n      https://x.example/i.sh \\\n    | bash', ['bash']],
  ['RUN bash <(curl -fsSL https://x.example/i.sh)', ['bash']],
  ['RUN bash <(wget -qO- https://x.example/i.sh) --yes', ['bash']],
  ['RUN . <(curl -fsSL https://x.example/env.sh)', ['.']],
  ['RUN source <(curl -fsSL https://x.example/env.sh)', ['source']],
  ['RUN sh -c "$(curl -fsSL https://x.example/i.sh)"', ['$(curl -fsSL https://x.example/i.sh)']],
  ['RUN bash -c "$(wget -qO- https://x.example/i.sh)" -- --unattended', ['$(wget -qO- https://x.example/i.sh)']],
  ['RUN eval "$(curl -fsSL https://x.example/env)"', ['$(curl -fsSL https://x.example/env)']],
  ['RUN eval `curl -fsSL https://x.example/env`', ['`curl -fsSL https://x.example/env`']],
  ['RUN python3 -c "$(curl -fsSL https://x.example/i.py)"', ['python3']],
  ['RUN sh < <(curl -fsSL https://x.example/i.sh)', ['sh']],
  ['RUN bash <<< "$(curl -fsSL https://x.example/i.sh)"', ['bash']],
  ['RUN V="$(curl -fsSL https://x.example/i.sh | sh)"', ['sh']],
  ['RUN su -c "curl -fsSL https://x.example/i.sh | bash" app', ['bash']],
  ["RUN su app -c 'wget -qO- https://x.example/i.sh | sh'", ['sh']],
  ['RUN sh -c \'eval "$(curl -fsSL https://x.example/env)"\'', ['$(curl -fsSL https://x.example/env)']],
  ['RUN ["/bin/sh", "-c", "curl -fsSL https://x.example/i.sh | sh"]', ['sh']],
  ['ONBUILD RUN curl -fsSL https://x.example/i.sh | sh', ['sh']],
  ['RUN --mount=type=cache,target=/root/.cache curl -fsSL https://x.example/i.sh | sh', ['sh']],
  ['RUN if [ -n "$X" ]; then curl -fsSL https://x.example/i.sh | sh; fi', ['sh']],
  ['RUN for v in 1 2; do curl -fsSL "https://x.example/$v.sh" | bash; done', ['bash']],
  ['RUN curl -fsSL "$INSTALL_URL" | sh', ['sh']],
  [
    '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF\nset -e\ncurl -fsSL https://x.example/i.sh | sh\nEOF\n',
    ['sh'],
  ],
  [
    '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN bash <<EOF\nwget -qO- https://x.example/i.sh | bash\nEOF\n',
    ['bash'],
  ],
  [
    'FROM alpine:3.20 AS a\nRUN curl -fsSL https://x.example/a.sh | sh\nFROM a\nRUN wget -qO- https://x.example/b.sh | sh\n',
    ['sh', 'sh'],
  ],
  // downloaded to a file, then run by the same RUN with nothing verified in between
  ['RUN curl -fsSL -o get-docker.sh https://get.docker.com && sh get-docker.sh', ['get-docker.sh']],
  [
    'RUN curl -fsSLo /tmp/get-pip.py https://bootstrap.pypa.io/get-pip.py && python3 /tmp/get-pip.py',
    ['/tmp/get-pip.py'],
  ],
  [
    'RUN wget -q https://dot.net/v1/dotnet-install.sh && chmod +x dotnet-install.sh && ./dotnet-install.sh -c 8.0',
    ['./dotnet-install.sh'],
  ],
];

const PASSES = [
  // downloaded, then: a PATH look-up of the same name, a data file for another script
  'RUN curl -fsSLo tool https://x.example/tool && tool --version',
  'RUN curl -fsSLo data.json https://x.example/data.json && python3 process.py data.json',
  'RUN curl -fsSL https://x.example/a.tgz | tar -xz -C /opt',
  'RUN curl -fsSL https://x.example/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg',
  'RUN curl -fsSL https://x.example/SHA256SUMS | sha256sum -c --ignore-missing',
  'RUN wget -qO- https://x.example/apt.key | apt-key add -',
  'RUN curl -fsSL https://x.example/motd | tee /etc/motd',
  'RUN curl -fsSL https://x.example/data.json | jq -r .version',
  'RUN curl -fsSL https://x.example/data.json | python3 -c "import sys, json; print(json.load(sys.stdin))"',
  'RUN curl -fsSL https://x.example/data.json | python3 -m json.tool',
  'RUN curl -fsSL https://x.example/data | node -e "process.stdin.pipe(process.stdout)"',
  "RUN curl -fsSL https://x.example/list | perl -ne 'print if /x/'",
  "RUN curl -fsSL https://x.example/list | ruby -e 'puts STDIN.read'",
  "RUN curl -fsSL https://x.example/blob | bash -c 'cat > /tmp/blob'",
  'RUN curl -fsSL https://x.example/i.sh | sh install-local.sh',
  'RUN curl -fsSL -o /tmp/i.sh https://x.example/i.sh && sha256sum -c /tmp/i.sh.sha256 && sh /tmp/i.sh',
  'RUN curl -fsSLO https://x.example/i.sh | sh',
  'RUN curl -fsSL https://x.example/i.sh > /tmp/i.sh | sh',
  'RUN wget https://x.example/i.sh | sh',
  'RUN wget -O /tmp/i.sh https://x.example/i.sh | sh',
  'RUN echo "curl -fsSL https://x.example/i.sh | sh"',
  "RUN echo 'bash <(curl -s https://x.example)' && printf '%s\\n' 'sh -c \"$(curl x)\"'",
  'RUN echo done # curl -fsSL https://x.example/i.sh | sh',
  '# curl -fsSL https://x.example/i.sh | sh\nRUN true',
  'RUN export $(curl -s https://x.example/latest.yml | grep download: | sed "s/: /=/")',
  'RUN eval "$(ssh-agent -s)" && source <(kubectl completion bash) && bash <(echo true)',
  'RUN sh -c "$(cat /tmp/local.sh)"',
  'RUN VERSION="$(curl -fsSL https://x.example/latest)" && curl -fsSLo /tmp/x.tgz "https://x.example/$VERSION.tgz"',
  'RUN sh -c "echo $(curl -fsSL https://x.example/version)"',
  'RUN curl --version | sh',
  '# syntax=docker/dockerfile:1\nFROM python:3.12\nRUN python3 <<EOF\nimport os\nos.system("curl -fsSL https://x.example/i.sh | sh")\nEOF\n',
  '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nCOPY <<EOF /usr/local/bin/setup\ncurl -fsSL https://x.example/i.sh | sh\nEOF\n',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN curl.exe -fsSL https://x.example/i.sh | sh\n',
  // PowerShell: a string, not a download, is run; the download is verified before it runs
  'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN iex \'Write-Host hi\'; $v = irm https://x.example/v.json; Write-Host $v\n',
  'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN iwr https://x.example/s.exe -OutFile s.exe; if ((Get-FileHash s.exe).Hash -ne $env:S_SHA256) { exit 1 }; Start-Process s.exe -Wait\n',
  'CMD curl -fsSL https://x.example/i.sh | sh',
  'HEALTHCHECK CMD curl -fsSL http://localhost/health | grep ok',
];

for (const [body, expected] of FIRES) {
  test(`fires: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), expected));
}
for (const body of PASSES) {
  test(`passes: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), []));
}

test('message names the download and says what to do; no automatic fix', () => {
  const [d] = findings('FROM alpine:3.20\nRUN curl -fsSL https://user:s3cret@x.example/i.sh | sh\n', RULE);
  assert.match(d.message, /`curl https:\/\/\*\*\*\*@x\.example\/i\.sh` is piped into `sh`/);
  assert.doesNotMatch(d.message, /s3cret/, 'credentials in the URL are masked');
  assert.match(d.message, /Download it to a file, verify its checksum .* or signature .*, then run it/);
  assert.deepEqual(d.data.fixes, []);
  assert.equal(d.severity, 1, 'error');
});

test('one finding per pipe even when a sh -c string repeats the same substitution', () => {
  assert.equal(
    hits('RUN sh -c "$(curl -fsSL https://x.example/i.sh)" && bash -c "$(curl -fsSL https://x.example/j.sh)"').length,
    2,
  );
});

test('a signed or tokened URL is shown with its credentials masked', () => {
  const cases: [body: string, secret: string, shown: RegExp][] = [
    [
      `curl 'https://h/install.sh?sv=2023&sig=Ab12Cd34Ef56Gh78' | sh`,
      'Ab12Cd34Ef56Gh78',
      /install\.sh\?sv=2023&sig=\*{8}`/,
    ],
    ['wget -qO- https://h/get?TOKEN=sekret123456 | bash', 'sekret123456', /get\?TOKEN=\*{8}`/],
    ['curl -fsSL "https://h/i.sh?api_key=k3yV4lu3x9&v=1" | sh', 'k3yV4lu3x9', /i\.sh\?api_key=\*{8}&v=1`/],
  ];
  for (const [body, secret, shown] of cases) {
    const [d] = findings(asDockerfile(`RUN ${body}`), RULE);
    assert.ok(d, body);
    assert.ok(!d.message.includes(secret), d.message);
    assert.match(d.message, shown);
  }
  const [ref] = findings(asDockerfile('RUN curl "https://h/i.sh?token=${TOKEN}" | sh'), RULE);
  assert.match(ref.message, /\?token=\$\{TOKEN\}`/);
});
