// package-version-unpinned: each package operand of an apt/apk/pip/npm/yarn/pnpm/gem/go install without a version
// fires on the operand; versions (also from variables), lock and requirement files, local files, unknown operands and
// Windows stages do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, findingTexts, asDockerfile } from './helpers';

const RULE = 'package-version-unpinned';
const doc = asDockerfile;
const hits = (body) => findingTexts(doc(body), RULE);

// one finding per install command, over its unpinned packages (from the first to the last)
const FIRES: [body: string, expected: string[]][] = [
  ['RUN apt-get install -y --no-install-recommends curl ca-certificates=20230311', ['curl']],
  ['RUN apt install -y curl:arm64 jq/bookworm-backports', ['curl:arm64 jq/bookworm-backports']],
  ['RUN apt-get install -y -t bookworm-backports curl', ['curl']],
  ['RUN apt-get -o Dpkg::Options::=--force-confold install -y curl', ['curl']],
  ['RUN apt-get reinstall -y curl', ['curl']],
  ['RUN apk add --no-cache curl bash=5.2.26-r0', ['curl']],
  ['RUN apk add --no-cache --virtual .deps "gcc>13" musl-dev@edge', ['"gcc>13" musl-dev@edge']],
  ['RUN apk add -X https://dl-cdn.alpinelinux.org/alpine/edge/testing --no-cache tool', ['tool']],
  ['RUN pip install requests flask==3.0.3', ['requests']],
  ["RUN pip3 install 'urllib3>=2' 'idna!=3.0'", ["'urllib3>=2' 'idna!=3.0'"]],
  ['RUN python3 -m pip install --index-url https://pypi.example.com/simple foobar', ['foobar']],
  ['RUN pip install "uvicorn[standard]"', ['"uvicorn[standard]"']],
  ['RUN pip install --upgrade pip', ['pip']],
  ['RUN pip install git+https://github.com/example/tool.git', ['git+https://github.com/example/tool.git']],
  ['RUN pip install -r requirements.txt extra-tool', ['extra-tool']],
  ['RUN npm install -g typescript', ['typescript']],
  ['RUN npm i -g typescript@latest @angular/cli@next', ['typescript@latest @angular/cli@next']],
  ['RUN npm install --save-dev "eslint@>=8"', ['"eslint@>=8"']],
  ['RUN npm install github:user/repo', ['github:user/repo']],
  ['RUN npm install --prefix /opt/tools left-pad', ['left-pad']],
  ['RUN yarn add react', ['react']],
  ['RUN yarn global add @vue/cli', ['@vue/cli']],
  ['RUN pnpm add -g pnpm@*', ['pnpm@*']],
  ['RUN gem install bundler', ['bundler']],
  ['RUN gem install --no-document -n /usr/local/bin rake', ['rake']],
  // a unique prefix of install is install (gem i, gem ins)
  ['RUN gem i rake && gem ins rails', ['rake', 'rails']],
  ['RUN gem install nokogiri -- --use-system-libraries', ['nokogiri']],
  ['RUN go install golang.org/x/tools/gopls@latest', ['golang.org/x/tools/gopls@latest']],
  ['RUN go install -ldflags "-s -w" example.com/cmd/tool@master', ['example.com/cmd/tool@master']],
  ['RUN CGO_ENABLED=0 go install "github.com/x/y@latest"', ['"github.com/x/y@latest"']],
  ["RUN sh -c 'gem install rake'", ['rake']],
  ['FROM alpine:3.20 AS build\nRUN apk add --no-cache gcc\nFROM scratch\nCOPY --from=build /x /x\n', ['gcc']],
  ['# syntax=docker/dockerfile:1\nFROM debian:12\nRUN <<EOF\napt-get install -y curl\nEOF\n', ['curl']],
];

const PASSES = [
  'RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 "jq=1.6*"',
  'ARG CURL_VERSION=7.88.1-10+deb12u5\nRUN apt-get install -y "curl=${CURL_VERSION}" "libpq5=$PQ_VERSION"',
  'RUN apt-get install -y ./tool_1.0_amd64.deb /tmp/*.deb ../pkg.deb',
  'RUN apt-get install -y $PACKAGES $(cat /tmp/packages.txt) "${EXTRA}"',
  'RUN apt-get install -y python${PY_VERSION}-dev',
  'RUN apt-get install --only-upgrade -y openssl',
  'RUN apt-get build-dep -y nginx && apt-get remove -y curl',
  'RUN apk add --no-cache curl=8.5.0-r0 busybox~1.36 "openssl<3.2" bash==5.2.26-r0',
  'RUN apk add --no-cache /tmp/pkg.apk ./local.apk',
  'RUN pip install requests==2.32.3 "flask~=3.0" "django>=4.2,<5" "numpy===1.26.4" "pandas<3"',
  'ARG V=2.32.3\nRUN pip install "requests==${V}" "click==$CLICK"',
  'RUN pip install -r requirements.txt',
  'RUN pip install --requirement=requirements.txt --require-hashes',
  'RUN pip install -c constraints.txt requests flask',
  'RUN pip install . && pip install -e . && pip install -e ./plugins/a ./dist/app-1.0-py3-none-any.whl src/',
  'RUN pip install "git+https://github.com/example/tool.git@v1.2.0" https://example.com/pkg-1.0.tar.gz',
  'RUN pip install "tool @ https://example.com/tool-1.0.tar.gz"',
  'RUN pip uninstall -y requests && pip download requests',
  'RUN npm ci && npm ci --omit=dev && npm install && npm install --production && yarn && yarn install --frozen-lockfile && pnpm install',
  'RUN npm install -g typescript@5.4.5 @angular/cli@^17.3.0 pnpm@9 "eslint@>=8 <9" left-pad@1.x',
  'RUN npm install ./lib /opt/pkg.tgz file:../shared github:user/repo#v1.0.0',
  'RUN npm install "typescript@${TS_VERSION}" && yarn add react@18.2.0 && pnpm add -g pnpm@9.1.0',
  'RUN npm install https://registry.example.com/pkg/-/pkg-1.0.0.tgz',
  'RUN npm uninstall left-pad && npm update',
  'RUN gem install bundler -v 2.5.6 && gem install rake:13.1.0 && gem install rails --version "~> 7.1"',
  'RUN gem install ./vendor/tool-1.0.gem && bundle install && gem update --system',
  // after `--`: build arguments for native extensions, not gems
  'RUN gem install nokogiri:1.16.5 -- --use-system-libraries --with-xml2-config=/usr/bin/xml2-config',
  'RUN go install golang.org/x/tools/gopls@v0.15.3 "example.com/cmd@${VERSION}" example.com/x@8f3a2c1',
  'RUN go install ./cmd/... && go install . && go install && go install example.com/cmd',
  'RUN go run example.com/tool@latest && go get example.com/lib',
  'RUN yum install -y git && dnf install -y curl && zypper in -y less',
  'RUN echo "pip install requests"',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN pip install requests; npm install -g typescript\n',
];

for (const [body, expected] of FIRES) {
  test(`fires: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), expected));
}
for (const body of PASSES) {
  test(`passes: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), []));
}

test('messages show how to pin for the tool; hints have no fix', () => {
  const msg = (body) => findings(doc(body), RULE)[0];
  const apt = msg('RUN apt-get install -y curl');
  assert.match(apt.message, /`apt-get install curl`.*`curl=<version>`/);
  assert.equal(apt.severity, 4);
  assert.deepEqual(apt.data.fixes, []);
  assert.match(msg('RUN pip install requests').message, /`requests==<version>`.*--require-hashes/);
  assert.match(
    msg('RUN npm install -g typescript@latest').message,
    /`npm install typescript@latest`.*`latest` does not fix a version.*`typescript@<version>`.*npm ci/,
  );
  assert.match(msg('RUN go install example.com/cmd@latest').message, /`example.com\/cmd@v<version>`/);
  assert.match(msg('RUN gem install rake').message, /`rake:<version>` or `-v <version>`/);
  assert.match(
    msg('RUN pip install git+https://github.com/x/y.git').message,
    /without a fixed revision.*@<tag or commit>/,
  );
});

test("hadolint's per-manager ids suppress only that manager's findings", () => {
  const text = doc(
    'RUN true\n# hadolint ignore=DL3013\nRUN apt-get install -y curl && pip install requests && npm install -g left-pad',
  );
  assert.deepEqual(findingTexts(text, RULE), ['curl', 'left-pad']);
  const all = doc(
    'RUN true\n# hadolint ignore=DL3008,DL3016\nRUN apt-get install -y curl && pip install requests && npm install -g left-pad',
  );
  assert.deepEqual(findingTexts(all, RULE), ['requests']);
  assert.deepEqual(
    findingTexts(
      doc('RUN true\n# bulkhead-ignore package-version-unpinned\nRUN apt-get install -y curl && gem install rake'),
      RULE,
    ),
    [],
  );
});

test('a token or password in a URL is masked where the message quotes the URL; git@ and references stay readable', () => {
  const token = 'Zq9xK2mPl7RtY3vB8nWc';
  const msg = (body) =>
    findings(doc(body), RULE)
      .map((d) => d.message)
      .join('\n');
  assert.match(msg(`RUN pip install git+https://${token}@github.com/x/y`), /`git\+https:\/\/\*{8}@github\.com\/x\/y`/);
  assert.match(msg(`RUN apk add https://${token}@host/p.apk`), /`https:\/\/\*{8}@host\/p\.apk`/);
  assert.match(
    msg(`RUN pip install git+https://ci:${token}@github.com/x/y`),
    /`git\+https:\/\/ci:\*{8}@github\.com\/x\/y`/,
  );
  assert.match(msg('RUN pip install git+ssh://git@github.com/x/y'), /`git\+ssh:\/\/git@github\.com\/x\/y`/);
  assert.match(
    msg('RUN pip install git+https://${GH_TOKEN}@github.com/x/y'),
    /`git\+https:\/\/\$\{GH_TOKEN\}@github\.com\/x\/y`/,
  );
});
