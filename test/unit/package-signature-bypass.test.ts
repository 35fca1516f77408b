// package-signature-bypass: options and configuration that turn package signature checks off fire on their token;
// the same words as text, enabled checks and local repositories do not; fixes remove only the option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, findingTexts, asDockerfile, fixOutputTests, type FixCase } from './helpers';

const RULE = 'package-signature-bypass';
const doc = asDockerfile;

const hits = (body) => findingTexts(doc(body), RULE);

const FIRES: [body: string, expected: string[]][] = [
  ['RUN apt-get install -y --allow-unauthenticated python3', ['--allow-unauthenticated']],
  ['RUN apt-get --allow-unauthenticated install python3', ['--allow-unauthenticated']],
  ['RUN apt install -y --force-yes python3', ['--force-yes']],
  ['RUN apt-get update --allow-insecure-repositories', ['--allow-insecure-repositories']],
  ['RUN aptitude install -y --allow-untrusted python3', ['--allow-untrusted']],
  ['RUN apt-get -o APT::Get::AllowUnauthenticated=true install x', ['-o APT::Get::AllowUnauthenticated=true']],
  ['RUN apt-get -o "APT::Get::AllowUnauthenticated=1" install x', ['-o "APT::Get::AllowUnauthenticated=1"']],
  ['RUN apt-get -oAcquire::AllowInsecureRepositories=true update', ['-oAcquire::AllowInsecureRepositories=true']],
  [
    'RUN apt-get --option=Acquire::AllowDowngradeToInsecureRepositories=yes update',
    ['--option=Acquire::AllowDowngradeToInsecureRepositories=yes'],
  ],
  ['RUN sudo apt-get install -y --allow-unauthenticated x', ['--allow-unauthenticated']],
  ['RUN apk add --allow-untrusted python3', ['--allow-untrusted']],
  ['RUN apk --allow-untrusted add python3', ['--allow-untrusted']],
  ['RUN apk add --no-cache --allow-untrusted /tmp/pkgs/app-1.0.apk', ['--allow-untrusted']],
  ['RUN yum install -y --nogpgcheck python3', ['--nogpgcheck']],
  ['RUN dnf --nogpgcheck install -y python3', ['--nogpgcheck']],
  ['RUN dnf5 install -y --no-gpgchecks python3', ['--no-gpgchecks']],
  ['RUN microdnf --nogpgcheck install python3', ['--nogpgcheck']],
  ['RUN tdnf install -y --nogpgcheck python3', ['--nogpgcheck']],
  ['RUN yum-config-manager --add-repo https://r.example/x.repo --nogpgcheck', ['--nogpgcheck']],
  ['RUN dnf --setopt=gpgcheck=0 install x', ['--setopt=gpgcheck=0']],
  ['RUN dnf --setopt=*.gpgcheck=false install x', ['--setopt=*.gpgcheck=false']],
  ['RUN yum --setopt internal.gpgcheck=no install x', ['--setopt internal.gpgcheck=no']],
  ['RUN dnf config-manager setopt internal.gpgcheck=0', ['internal.gpgcheck=0']],
  ['RUN rpm -ivh --nosignature /tmp/x.rpm', ['--nosignature']],
  ['RUN rpm -Uvh --nodigest /tmp/x.rpm', ['--nodigest']],
  ['RUN rpm --install --noverify /tmp/x.rpm', ['--noverify']],
  ['RUN rpm -i --nofiledigest /tmp/x.rpm', ['--nofiledigest']],
  ['RUN zypper --no-gpg-checks install -y x', ['--no-gpg-checks']],
  ['RUN zypper install -y --allow-unsigned-rpm /tmp/x.rpm', ['--allow-unsigned-rpm']],
  ['RUN zypper addrepo --no-gpgcheck https://r.example/ r', ['--no-gpgcheck']],
  ['RUN zypper ar -G https://r.example/ r', ['-G']],
  ['RUN zypper ar -fG https://r.example/ r', ['G']],
  ['RUN zypper mr --gpgcheck-allow-unsigned r', ['--gpgcheck-allow-unsigned']],
  ['RUN echo "deb [trusted=yes] http://apt.example.com/ ./" > /etc/apt/sources.list.d/x.list', ['trusted=yes']],
  [
    'RUN echo "deb [arch=amd64 trusted=yes] https://apt.example.com stable main" | tee /etc/apt/sources.list.d/x.list',
    ['trusted=yes'],
  ],
  [
    'RUN echo "deb [ allow-insecure=yes ] https://apt.example.com stable main" >> /etc/apt/sources.list',
    ['allow-insecure=yes'],
  ],
  ['RUN add-apt-repository "deb [trusted=yes] http://apt.example.com focal main"', ['trusted=yes']],
  ['RUN echo "gpgcheck=0" >> /etc/yum.repos.d/x.repo', ['gpgcheck=0']],
  ['RUN echo -e "[x]\\nbaseurl=http://r.example/\\ngpgcheck=0\\nenabled=1" > /etc/yum.repos.d/x.repo', ['gpgcheck=0']],
  ["RUN printf '[x]\\ngpgcheck = false\\n' | sudo tee /etc/yum.repos.d/x.repo", ['gpgcheck = false']],
  ["RUN sed -i 's/^gpgcheck=1/gpgcheck=0/' /etc/yum.conf", ['gpgcheck=0']],
  ["RUN sed -i -e 's|gpgcheck=1|gpgcheck=0|g' /etc/yum.repos.d/a.repo", ['gpgcheck=0']],
  [
    'RUN echo \'APT::Get::AllowUnauthenticated "true";\' > /etc/apt/apt.conf.d/99unauth',
    ['APT::Get::AllowUnauthenticated "true"'],
  ],
  [
    'RUN tee /etc/apt/sources.list.d/x.sources <<EOF\nTypes: deb\nURIs: https://apt.example.com\nTrusted: yes\nEOF',
    ['Trusted: yes'],
  ],
  [
    '# syntax=docker/dockerfile:1\nFROM rockylinux:9\nRUN cat <<EOF > /etc/yum.repos.d/x.repo\n[x]\ngpgcheck=0\nEOF\n',
    ['gpgcheck=0'],
  ],
  [
    '# syntax=docker/dockerfile:1\nFROM rockylinux:9\nCOPY <<EOF /etc/yum.repos.d/x.repo\n[x]\ngpgcheck=0\nEOF\n',
    ['gpgcheck=0'],
  ],
  [
    '# syntax=docker/dockerfile:1\nFROM rockylinux:9\nRUN <<EOF\ncat > /etc/yum.repos.d/y.repo <<REPO\n[y]\ngpgcheck=0\nREPO\ndnf install -y --nogpgcheck y\nEOF\n',
    ['gpgcheck=0', '--nogpgcheck'],
  ],
  ["RUN sh -c 'apk add --allow-untrusted x'", ['--allow-untrusted']],
  ['RUN ["apt-get", "install", "-y", "--allow-unauthenticated", "x"]', ['"--allow-unauthenticated"']],
  ['ONBUILD RUN yum install -y --nogpgcheck x', ['--nogpgcheck']],
  [
    'FROM debian:12 AS build\nRUN apt-get install -y --force-yes gcc\nFROM debian:12\nRUN apt-get install -y --allow-unauthenticated x\n',
    ['--force-yes', '--allow-unauthenticated'],
  ],
];

const PASSES = [
  'RUN apt-get install -y --allow-downgrades --allow-change-held-packages x',
  'RUN apt-get install -y apt-transport-https gnupg allow-unauthenticated-docs',
  'RUN echo "--force-yes is deprecated" && echo "--nogpgcheck"',
  'RUN grep -- --allow-unauthenticated /etc/apt/apt.conf || true',
  '# never use --allow-unauthenticated\nRUN true',
  'RUN apt-get -o APT::Get::AllowUnauthenticated=false install x',
  'RUN apt-get --allow-unauthenticated=false install x',
  'RUN apk index --allow-untrusted -o /tmp/APKINDEX.tar.gz /tmp/*.apk',
  'RUN dnf --setopt=repo_gpgcheck=0 --setopt=localpkg_gpgcheck=0 install x',
  'RUN dnf --setopt=gpgcheck=1 install x',
  'RUN yum install -y nogpgcheck-helper',
  'RUN rpm -qp --nosignature /tmp/x.rpm',
  'RUN rpm -K --nosignature /tmp/x.rpm',
  'RUN rpm -e --nodigest x',
  'RUN echo "gpgcheck=0"',
  "RUN sed -i 's/gpgcheck=0/gpgcheck=1/' /etc/yum.repos.d/*.repo",
  'RUN echo -e "[x]\\nrepo_gpgcheck=0\\ngpgcheck=1" > /etc/yum.repos.d/x.repo',
  'RUN echo "deb [ trusted=yes ] file://$tempDir ./" > /etc/apt/sources.list.d/temp.list',
  'RUN echo "deb [trusted=yes] copy:/var/local/repo ./" > /etc/apt/sources.list.d/local.list',
  'RUN echo "deb [signed-by=/usr/share/keyrings/x.gpg] https://apt.example.com stable main" > /etc/apt/sources.list.d/x.list',
  'RUN echo "deb [trusted=yes] http://apt.example.com/ ./"',
  'RUN zypper -n install -y x',
  'RUN zypper --gpg-auto-import-keys refresh',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN apt-get install --allow-unauthenticated x; yum install -y --nogpgcheck y\n',
  'CMD ["apt-get", "install", "--allow-unauthenticated", "x"]',
];

for (const [body, expected] of FIRES) {
  test(`fires: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), expected));
}
for (const body of PASSES) {
  test(`passes: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), []));
}

const FIXES: FixCase[] = [
  ['apt flag', 'RUN apt-get install -y --allow-unauthenticated python3\n', 'RUN apt-get install -y python3\n'],
  [
    'apt -o and its value',
    'RUN apt-get -o APT::Get::AllowUnauthenticated=true install -y x\n',
    'RUN apt-get install -y x\n',
  ],
  [
    'flag alone on a continuation line',
    'RUN apt-get install -y \\\n      --force-yes \\\n      gcc\n',
    'RUN apt-get install -y \\\n      gcc\n',
  ],
  [
    'flag on the last line takes the continuation back',
    'RUN yum install -y x \\\n    --nogpgcheck\nUSER 1\n',
    'RUN yum install -y x\nUSER 1\n',
  ],
  [
    'one letter of a combined flag',
    'RUN zypper ar -fG https://r.example/ r\n',
    'RUN zypper ar -f https://r.example/ r\n',
  ],
  ['setopt', 'RUN dnf --setopt=*.gpgcheck=0 install -y x\n', 'RUN dnf install -y x\n'],
  [
    'lone config-manager setopt command',
    'RUN dnf config-manager setopt internal.gpgcheck=0 && dnf install -y x\n',
    'RUN dnf install -y x\n',
  ],
  ['rpm', 'RUN rpm -ivh --nosignature /tmp/x.rpm\n', 'RUN rpm -ivh /tmp/x.rpm\n'],
  ['apk inside sh -c', "RUN sh -c 'apk add --allow-untrusted x'\n", "RUN sh -c 'apk add x'\n"],
];
fixOutputTests(test, RULE, FIXES, doc);

test('written configuration and exec form get no automatic fix', () => {
  for (const body of [
    'RUN echo "gpgcheck=0" >> /etc/yum.repos.d/x.repo',
    'RUN echo "deb [trusted=yes] http://a.example/ ./" > /etc/apt/sources.list',
    'RUN ["apk", "add", "--allow-untrusted", "x"]',
  ]) {
    const [d] = findings(doc(body), RULE);
    assert.deepEqual(d.data.fixes, [], body);
  }
});

test('messages say what to do; local apk files mention verifying and suppressing', () => {
  const [apt] = findings(doc('RUN apt-get install -y --allow-unauthenticated x'), RULE);
  assert.match(apt.message, /signed-by=/);
  const [local] = findings(doc('RUN apk add --allow-untrusted ./app.apk'), RULE);
  assert.match(local.message, /abuild-sign.*bulkhead-ignore package-signature-bypass/);
  const [trusted] = findings(
    doc('RUN echo "deb [trusted=yes] http://apt.example.com/ ./" > /etc/apt/sources.list'),
    RULE,
  );
  assert.match(trusted.message, /http:\/\/apt\.example\.com\/ serves, signed or not/);
});
