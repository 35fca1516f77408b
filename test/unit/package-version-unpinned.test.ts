// package-version-unpinned: each package operand of an apt/apk/yum/dnf/microdnf/tdnf/zypper/pacman/pip/pipx/npm/yarn/
// pnpm/gem/go install without a version fires on the operand; versions (also from variables), lock and requirement
// files, local files, groups, unknown operands and Windows stages do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, findingTexts, asDockerfile } from './helpers';
import { anchorKey } from '../../server/src/rules/suppression';

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
  // yum, dnf, microdnf, tdnf: name, name.arch, a lower bound alone; a name may end in a number (gcc-toolset-13)
  ['RUN dnf install -y httpd httpd-2.4.57-5.el9', ['httpd']],
  [
    "RUN dnf install -y shadow-utils.x86_64 gcc-toolset-13 java-1.8.0-openjdk 'httpd >= 2.4' libcudnn9-cuda-13",
    ["shadow-utils.x86_64 gcc-toolset-13 java-1.8.0-openjdk 'httpd >= 2.4' libcudnn9-cuda-13"],
  ],
  ['RUN yum -y install tar && microdnf install -y gzip && tdnf install -y jq', ['tar', 'gzip', 'jq']],
  // dnf's aliases and forms (dnf/cli/commands: in, localinstall, install-n, dg, swap) and groupinstall's neighbours
  ['RUN dnf in -y vim && dnf localinstall -y git && dnf dg -y curl', ['vim', 'git', 'curl']],
  // install-n reads the spec as a name only: `httpd-2.4.57` names no version there
  ['RUN dnf install-n -y httpd-2.4.57', ['httpd-2.4.57']],
  // swap removes the first and installs the second
  ['RUN dnf -y swap gnupg2-minimal gnupg2-full', ['gnupg2-full']],
  // a module without a stream takes the default one
  ['RUN dnf module install -y nodejs', ['nodejs']],
  // zypper: name, a lower bound alone; `package:` is a package
  ["RUN zypper -n install curl 'zypper>=1.0' package:git", ["curl 'zypper>=1.0' package:git"]],
  ['RUN zypper in -y less=590-2.1 vim', ['vim']],
  // pacman: -S and -Syu install the named packages; `repo/name`; a lower bound alone
  ['FROM archlinux\nRUN pacman -Syu --noconfirm git "bash>=5" core/vim bash=5.2.026-2\n', ['git "bash>=5" core/vim']],
  ['FROM archlinux\nRUN pacman -S --needed --noconfirm base-devel openssl-1.0\n', ['base-devel openssl-1.0']],
  ['FROM archlinux\nRUN pacman --sync --noconfirm --refresh git\n', ['git']],
  // go get without a version implies @upgrade; go run's package is its first operand, the rest are its arguments
  [
    'RUN go get example.com/pkg && go get example.com/a@v1.2.3 example.com/b@latest',
    ['example.com/pkg', 'example.com/b@latest'],
  ],
  ['RUN go get -tool golang.org/x/tools/cmd/stringer', ['golang.org/x/tools/cmd/stringer']],
  [
    'RUN go run gotest.tools/gotestsum@latest --format testname -- ./... && go run example.com/x@main arg',
    ['gotest.tools/gotestsum@latest', 'example.com/x@main'],
  ],
  // pipx passes the spec to pip; inject's first operand is the environment; run without --spec runs the latest app
  [
    'RUN pipx install black && pipx install --include-deps transformers tokenizers',
    ['black', 'transformers tokenizers'],
  ],
  ['RUN pipx inject poetry poetry-plugin-export && pipx run pycowsay moo', ['poetry-plugin-export', 'pycowsay']],
  ["RUN pipx install 'ruff>=0.4' git+https://github.com/x/y.git", ["'ruff>=0.4' git+https://github.com/x/y.git"]],
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
  'RUN go run example.com/tool && go run ./cmd/gen && go run main.go util.go arg && go install tool',
  // a pinned go run: what follows the package is its arguments (hadolint#1134)
  'RUN go run github.com/GoogleCloudPlatform/artifact-registry-go-tools/cmd/auth@v0.1.0 add-locations --locations=x',
  // @none removes a requirement
  'RUN go get example.com/old@none && go get ./... && go get example.com/lib@v1.4.0',
  // dnf: NAME-VERSION, NAME-VERSION-RELEASE, an epoch, an arch, a glob within the version, `=`/`<` in the spec
  "RUN dnf install -y httpd-2.4.57 httpd-2.4.57-5.el9 httpd-0:2.4.57-5.el9.x86_64 'httpd-2.4*' 'mod_ssl = 1:2.4.57' 'curl < 8'",
  'RUN yum install -y java-1.8.0-openjdk-1.8.0.362.b09-2.el8 compat-openssl10-1.0.2o-3.el8 libnccl-2.18.3-1+cuda12.2',
  // local and remote package files; versions from variables
  'RUN dnf install -y ./x.rpm /tmp/*.rpm https://example.com/pkg-1.0-1.x86_64.rpm && yum localinstall -y /mnt/linux.rpm',
  'RUN microdnf install -y MariaDB-server-${MARIADB_VERSION} "cuda-toolkit-${CUDA_VERSION}"',
  // groups have no version; a module is pinned by its stream; reinstall puts back the installed version
  'RUN dnf install -y @development-tools @nodejs:18 && dnf group install -y "Development Tools" && dnf groupinstall -y base',
  'RUN dnf module install -y nodejs:18/common && dnf reinstall -y tzdata && dnf rei -y tzdata && dnf builddep -y x.spec',
  'RUN dnf upgrade -y curl && dnf remove -y curl && dnf download curl',
  // zypper: `=`, `<`, `name-version`; patterns and patches have no version
  "RUN zypper -n install 'zypper=1.14.59' 'vim<9' less-643-1.3 && zypper in -t pattern devel_basis && zypper in pattern:lamp_server",
  // pacman: `=` (the build stops when the repository moves on), package files and URLs, removals, queries
  'FROM archlinux\nRUN pacman -S --noconfirm bash=5.2.026-2 "glibc<3" && pacman -U --noconfirm /tmp/x-1-1-x86_64.pkg.tar.zst https://archive.archlinux.org/packages/c/curl/curl-8.5.0-1-x86_64.pkg.tar.zst && pacman -Rns --noconfirm git && pacman -Ss git && pacman -Sy && pacman -Syu --noconfirm\n',
  // pacman on a dated Arch Linux Archive snapshot: every package comes at that day's version
  "FROM archlinux\nRUN echo 'Server=https://archive.archlinux.org/repos/2024/01/15/$repo/os/$arch' > /etc/pacman.d/mirrorlist\nRUN pacman -Syu --noconfirm git\n",
  // pipx: a pinned spec, a lock file or pip constraints, local paths and pinned VCS refs; run --spec
  "RUN pipx install 'ruff==0.4.1' && pipx install --lock pylock.toml black && pipx install --pip-args='-c /c.txt' isort",
  'RUN pipx install ./tool git+https://github.com/x/y.git@v1.2 && pipx run --spec black==24.1.0 black . && pipx uninstall black',
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

test('messages show how to pin for the rpm family, zypper, pacman and go get', () => {
  const msg = (body) => findings(doc(body), RULE)[0].message;
  assert.match(
    msg('RUN dnf install -y httpd'),
    /`dnf install httpd`.*`httpd-<version>` or `httpd-<version>-<release>`/,
  );
  assert.match(msg("RUN dnf install -y 'httpd >= 2.4'"), /`>=2.4` does not fix a version/);
  assert.match(msg('RUN dnf module install -y nodejs'), /`nodejs:<stream>`/);
  assert.match(msg('RUN zypper in -y vim'), /`vim=<version>` or `vim-<version>`/);
  const pacman = msg('FROM archlinux\nRUN pacman -S --noconfirm git\n');
  assert.match(pacman, /`pacman -S git`.*`git=<version>-<pkgrel>`.*pacman -U.*archive\.archlinux\.org\/repos/);
  assert.match(msg('RUN go get example.com/pkg'), /`go get example.com\/pkg` installs.*`example.com\/pkg@v<version>`/);
  assert.match(msg('RUN go run example.com/tool@latest x'), /`go run example.com\/tool@latest` runs whatever version/);
  assert.match(msg('RUN pipx install black'), /`black==<version>`\)\.$/);
});

test("hadolint's ids for yum (DL3033), dnf and microdnf (DL3041) and zypper (DL3037) suppress only their findings", () => {
  const body = (pragma) =>
    doc(
      `RUN true\n# hadolint ignore=${pragma}\nRUN yum install -y git && dnf install -y curl && microdnf install -y tar && zypper in -y vim && tdnf install -y jq`,
    );
  assert.deepEqual(findingTexts(body('DL3033'), RULE), ['curl', 'tar', 'vim', 'jq']);
  assert.deepEqual(findingTexts(body('DL3041'), RULE), ['git', 'vim', 'jq']);
  assert.deepEqual(findingTexts(body('DL3037'), RULE), ['git', 'curl', 'tar', 'jq']);
  assert.deepEqual(findingTexts(body('DL3033,DL3041,DL3037'), RULE), ['jq']);
});

test('.hadolint.yaml ignoring DL3041 drops the dnf and microdnf findings only', () => {
  const text = doc('RUN yum install -y git && dnf install -y curl && microdnf install -y tar && zypper in -y vim');
  const found = findings(text, RULE, { config: { ignoredAnchors: [anchorKey({ tool: 'hadolint', id: 'DL3041' })] } });
  assert.deepEqual(
    found.map((d) => d.message.match(/`[^`]+`/)![0]),
    ['`yum install git`', '`zypper in vim`'],
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
