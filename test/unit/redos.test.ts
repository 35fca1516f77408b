// ReDoS guard: every regular expression in server/src is checked for super-linear backtracking with recheck (its
// pure-JS analyser, in worker threads). Found with the TypeScript compiler API: each regex literal, and each
// `new RegExp(…)` / `RegExp(…)` whose pattern is known before run time (string literals, and templates, `+` and `?:`
// over constants of the same file). Each must be `safe`, or be in ALLOWED with the reason it is linear (and a
// `// linear:` comment right above it in the source). A RegExp built from run-time text must be in DYNAMIC with its
// reason. Nothing is cached on disk; a pattern whose analysis passes the budget fails as `unknown` until it is listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import ts from 'typescript';
import { ROOT, listFiles } from './helpers';

const SRC = path.join(ROOT, 'server/src');
/** Analysis budget per pattern; the slow ones are in ALLOWED (their analysis is skipped), so it is rarely reached. */
const BUDGET_MS = 10_000;
/**
 * recheck's fuzzer also stops matching on wall-clock limits, which makes a verdict depend on the machine's load (two
 * busy workers turned a safe pattern `vulnerable`): only its step limits count here, and the verdict is reproducible.
 */
const PARAMS = { timeout: BUDGET_MS, attackTimeout: null, incubationTimeout: null, seedingTimeout: null };

/**
 * Reviewed patterns, each with the reason it is linear: those whose analysis costs more than this test can spend (a
 * second or more each: it is skipped), and those recheck calls `vulnerable` as written though the code only runs them
 * where they are linear (`vulnerable: true`). Keyed by file and exact source: an edited pattern is checked anew.
 */
const ALLOWED = [
  {
    file: 'compose/rules/compose-secret-in-environment.ts',
    pattern: String.raw`^(["'])(.*)\1$`,
    reason: 'anchored: `.*` backs off once to the closing quote',
  },
  {
    file: 'data/minimalImages.ts',
    pattern: String.raw`^(?!.*(?:windowsservercore|nanoserver))(?:\d+(?:\.\d+){0,2}|[a-z]+)(?:-[a-z0-9.]+)*$`,
    reason: 'anchored; the lookahead reads the tag once; each `-[a-z0-9.]+` part starts at its own `-`',
  },
  {
    file: 'data/minimalImages.ts',
    pattern: String.raw`^(?:(\d+(?:\.\d+){0,2})(?:-(jessie|stretch|buster|bullseye|bookworm|trixie|forky))?|(jessie|stretch|buster|bullseye|bookworm|trixie|forky))$`,
    reason: 'anchored; a version, then a codename after `-`: every character has one reading',
  },
  {
    file: 'data/minimalImages.ts',
    pattern: String.raw`^(?:\d+(?:\.\d+){0,2}|[a-z]+)(?:-(?:jessie|stretch|buster|bullseye|bookworm|trixie|forky))?$`,
    reason: 'anchored; a version or a word, then an optional codename after `-`: one reading',
  },
  {
    file: 'data/minimalImages.ts',
    pattern: String.raw`^(?:jessie|stretch|buster|bullseye|bookworm|trixie|forky|sid|stable|oldstable|oldoldstable|testing|unstable|\d+(?:\.\d+)?)(?:-\d{8})?$`,
    reason: 'anchored alternatives of words and digit groups, each ended by a character it cannot read',
  },
  {
    file: 'data/minimalImages.ts',
    pattern: String.raw`^(\d+(?:\.\d+){0,2}(?:-(?:cli|fpm|zts))?)(?:-(?:jessie|stretch|buster|bullseye|bookworm|trixie|forky))?$`,
    reason: 'anchored; a version, an optional literal variant, an optional codename: one reading',
  },
  {
    file: 'data/minimalImages.ts',
    pattern: String.raw`^dotnet(\s+(run|watch|test|build|publish|ef|tool|format)\b|\s*$)`,
    reason: 'anchored: a literal, then one run of blanks before a word or the end',
  },
  {
    file: 'data/secretPatterns.ts',
    pattern: String.raw`(-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)(?:\\[nr]|\\(?![nr])|[\s"'])*(?:[A-Za-z-]+: (?:[^\n\\-]|\\(?!n)|-(?!----))*(?:\\n|\n)(?:\\[nr]|\\(?![nr])|[\s"'])*)*[A-Za-z0-9+/=]{40}`,
    reason:
      'one reading for every character; a header value ends at the first line end and holds no `-----`, so each BEGIN scans only its own block (recheck: safe, in about 16 s)',
  },
  {
    file: 'data/secretPatterns.ts',
    pattern: String.raw`(?<![A-Za-z0-9])(xox[abprs]-(?:[0-9]+-){1,3}[0-9A-Za-z]{10,})`,
    reason: 'a literal, at most three digit groups each ended by `-`, then one run; starts only at a run start',
  },
  {
    file: 'data/secretPatterns.ts',
    pattern: String.raw`(?<![A-Za-z0-9_-])(glpat-[A-Za-z0-9_-]{20,})`,
    reason: 'a literal, then one run; the lookbehind starts it only at the beginning of a run, never inside one',
  },
  {
    file: 'data/secretPatterns.ts',
    pattern: String.raw`(?<![A-Za-z0-9_])((?:sk|rk)_live_[0-9A-Za-z]{24,})`,
    reason: 'a literal, then one run of a class without `_`, so no other start lies inside it',
  },
  {
    file: 'data/secretPatterns.ts',
    pattern: String.raw`(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])`,
    reason: 'fixed-length token bodies between one-character lookarounds: bounded work at each position',
  },
  {
    file: 'data/secretPatterns.ts',
    pattern: '\\b[a-z][a-z0-9+.-]*:\\/\\/[^\\s:/@\'"`$<>{}]+:([^\\s/@\'"`<>]+)@[^\\s/\'"`@]+',
    vulnerable: true,
    reason:
      'searched from every word it is quadratic: findSecrets only runs it sticky from schemeStart, once per `://`, and from there each part reads a class up to its delimiter',
  },
  {
    file: 'dockerfile/analysis/distro.ts',
    pattern: String.raw`(^|\/)(ubi\d*|centos|rockylinux|almalinux|fedora|amazonlinux|oraclelinux|rhel\d*)(\/|$)|redhat\/ubi|ubi\d*\/ubi`,
    reason: 'literal names; the only runs, `\\d*` after `ubi`/`rhel`, end at `/`, the end or a letter',
  },
  {
    file: 'dockerfile/analysis/distro.ts',
    pattern: String.raw`^(debian|ubuntu|node|python|ruby|golang|php|openjdk|eclipse-temurin|amazoncorretto|maven|gradle|rust|perl|buildpack-deps|elixir|erlang|haskell|julia|r-base|swift|ghost|wordpress|drupal|httpd|nginx|postgres|mysql|mariadb|redis|mongo|rabbitmq|tomcat|jenkins\/jenkins|mcr\.microsoft\.com\/dotnet\/.*)$`,
    reason: 'anchored alternatives of literal names; only the last ends in `.*` to the end',
  },
  {
    file: 'dockerfile/analysis/distro.ts',
    pattern: String.raw`ubi\d*-(minimal|micro)|ubi\d*\/ubi-(minimal|micro)|-minimal$`,
    reason: 'literals; each `\\d*` follows `ubi` and ends at a character it cannot read',
  },
  {
    file: 'common/image.ts',
    pattern: String.raw`^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?|\[[0-9a-fA-F:]+\](?::[0-9]+)?)/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
    reason:
      'anchored reference grammar: runs joined by separators, each ended by what it cannot read (recheck: safe, in about 8 s)',
  },
  {
    file: 'dockerfile/model/model.ts',
    pattern: String.raw`^[^\S\n\r\u2028\u2029]*#\s*hadolint\s+shell\s*=\s*(powershell|pwsh|cmd)`,
    reason:
      'a line start reads only its own leading blanks, and each later `\\s` run follows a literal and precedes one it cannot read',
  },
  {
    file: 'dockerfile/analysis/packages.ts',
    pattern: String.raw`^([A-Za-z0-9][A-Za-z0-9._-]*)(?![A-Za-z0-9._-])(\[[^\]]*\])?\s*(?!\s)(.*)$`,
    reason:
      'anchored; name, extras and blanks are each read whole (lookaheads forbid backing off), then `.*` to the end',
  },
  {
    file: 'dockerfile/analysis/sources.ts',
    pattern: String.raw`^https?:\/\/(www\.)?(github\.com|gitlab\.com|bitbucket\.org)\/[^/]+\/[^/]+\/?$`,
    reason: 'anchored: literals, then two path parts each ended by `/` or the end',
  },
  {
    file: 'dockerfile/rules/apt-install-recommends.ts',
    pattern: String.raw`Install-Recommends\s*(?:"\s*)?(false|0|no|off)\b`,
    reason: 'a literal key, then blank runs around an optional quote, each ended by a character it cannot read',
  },
  {
    file: 'dockerfile/analysis/credentials.ts',
    pattern: String.raw`(?:^|[/:])(_authToken|_auth|_password)=(.*)`,
    reason: 'a literal key, then `.*` to the end: nothing after it can fail',
  },
  {
    file: 'dockerfile/analysis/credentials.ts',
    pattern: String.raw`\/dev\/u?random|openssl\s+rand|pwgen|uuidgen|\$RANDOM|mkpasswd\s+-[a-z]*R`,
    reason:
      'literal alternatives; `\\s+` and `[a-z]*` each follow a literal and end at a character outside their class',
  },
  {
    file: 'dockerfile/analysis/credentials.ts',
    pattern: String.raw`^--(.*[-_])?(disabled?|no|skip|without|empty|allow|ask|prompt|require|reset|change|expire|force|random|generate|show|print|ignore|keep|use|enable|with|from|read)[-_]`,
    reason: 'anchored: `.*` backs off once over the text, trying a literal word at each `-`/`_`',
  },
  {
    file: 'dockerfile/analysis/credentials.ts',
    pattern: String.raw`^--(?:[a-z0-9]+[-_])*(password|passwd|token|api[-_]?key|secret[-_]key|secret[-_]access[-_]key|client[-_]secret)$`,
    reason: 'anchored; each `[a-z0-9]+` word ends at its `-`/`_`, so the words split one way',
  },
  {
    file: 'dockerfile/analysis/credentials.ts',
    pattern: String.raw`^\s*(authorization|proxy-authorization|private-token|job-token|x-api-key|x-auth-token|[a-z-]*-token|[a-z-]*-api-key)\s*:\s*(\S.*)$`,
    reason: 'anchored; a name alternative is followed by `\\s*:` at one place only, so the value is read once',
  },
  {
    file: 'dockerfile/analysis/unverifiedDownloads.ts',
    pattern: String.raw`^https?:\/\/(?:[\w-]+\.)*(github\.com|githubusercontent\.com|gitlab\.com|bitbucket\.org|codeberg\.org)\/.*[/=]([0-9a-f]{40}|[0-9a-f]{64})([/.?#&]|$)`,
    reason: 'anchored; host labels end at `.`, and `.*` backs off once over the path trying a fixed-length hash',
  },
  {
    file: 'dockerfile/rules/image-not-minimal.ts',
    pattern: String.raw`\btail\s+-f\s+\/dev\/null\b|\bsleep\s+inf(inity)?\b`,
    reason: 'literals with a blank run between, each ended by a literal it cannot read',
  },
  {
    file: 'dockerfile/rules/package-signature-bypass.ts',
    pattern: String.raw`(?:^|[\s\]]|\\n)(gpgcheck\s*=\s*["']?(?:0|false|no|off)["']?)(?=$|[\s;'"]|\\n)`,
    reason: 'a literal key, then blank runs around `=`, each ended by a character it cannot read',
  },
  {
    file: 'dockerfile/rules/package-signature-bypass.ts',
    pattern: String.raw`(?:^|\n|\\n)[ \t]*(Trusted:[ \t]*yes)\b`,
    reason: 'each line start reads only its own leading blanks, then literals',
  },
  {
    file: 'dockerfile/rules/package-signature-bypass.ts',
    pattern: String.raw`(?:^|\n|\\n)[^\S\n]*URIs:\s*(file|copy|cdrom):`,
    reason: 'each line start reads only its own leading blanks (no line break), then literals',
  },
  {
    file: 'dockerfile/rules/package-signature-bypass.ts',
    pattern: String.raw`(?:^|\s|\\n)((APT::Get::AllowUnauthenticated|APT::Get::Force-Yes|Acquire::AllowInsecureRepositories|Acquire::AllowDowngradeToInsecureRepositories|APT::Get::AllowInsecureRepositories)\s+"?(?:true|1|yes)"?)`,
    reason: 'a literal key name, then one run of blanks and a literal: each run read once per key',
  },
  {
    file: 'dockerfile/rules/package-signature-bypass.ts',
    pattern: String.raw`deb(?:-src)?\s+\[(?=[^[\]]*\]\s*\S)[^[\]]*?\b((?:trusted|allow-insecure)\s*=\s*yes)\b[^[\]]*\]\s*(\S+)`,
    reason:
      'the options never span a `[`, so each `deb [` reads only its own, and the lookahead makes the first `trusted=yes` the match (recheck: safe, in about 15 s)',
  },
  {
    file: 'dockerfile/rules/secret-file-copied.ts',
    pattern: String.raw`(^|[._-])(cert|certs|certificate|chain|fullchain|bundle|ca|cacert|ca-certificates|ca-bundle|root|intermediate|trust|truststore|dh|dhparams?|ffdhe\d*)([._-]|$)`,
    reason: 'literal words between separators; the only run, `\\d*` after `ffdhe`, ends at a separator or the end',
  },
  {
    file: 'dockerfile/rules/tls-verification-disabled.ts',
    pattern: String.raw`(?:^|[\s\]]|\\n)(sslverify\s*=\s*["']?(?:0|false|no|off)["']?)(?=$|[\s;'"]|\\n)`,
    reason: 'a literal key, then blank runs around `=`, each ended by a character it cannot read',
  },
  {
    file: 'dockerfile/rules/tls-verification-disabled.ts',
    pattern: String.raw`(?:^|\s|\\n)(Acquire::https::(?:[^\s\\]+::)?Verify-(?:Peer|Host)\s*"?(?:false|0|no)"?)`,
    reason:
      'each start is after a blank or a `\\n`, and the host part stops at both, so no character is read from two starts',
  },
  {
    file: 'dockerfile/rules/tls-verification-disabled.ts',
    pattern: String.raw`(?:^|\s|\\n)(check_certificate\s*=\s*(?:off|no|0|false))(?=$|[\s;'"]|\\n)`,
    reason: 'a literal key, then blank runs around `=`, each ended by a character it cannot read',
  },
  {
    file: 'dockerfile/rules/tls-verification-disabled.ts',
    pattern: String.raw`(?:^|\s|\\n)(enableStrictSsl\s*:\s*["']?false["']?)(?=$|[\s;'"]|\\n)`,
    reason: 'a literal key, then blank runs around `:`, each ended by a character it cannot read',
  },
  {
    file: 'dockerfile/rules/tls-verification-disabled.ts',
    pattern: String.raw`(?:^|\s|\\n)(strict-ssl\s*(?:=\s*|\s)["']?(?:false|0)["']?)(?=$|[\s;'"]|\\n)`,
    reason: 'a literal key, then blank runs, each ended by a character it cannot read',
  },
  {
    file: 'dockerfile/rules/tls-verification-disabled.ts',
    pattern: String.raw`(?:^|\s|\\n)(trusted-host\s*=\s*(?!(?:localhost|127\.0\.0\.1)\s*(?:$|\n|\\n))[^\s'"\\]+)`,
    reason: 'a literal key, blank runs around `=`, then one run of the host that ends the match',
  },
  {
    file: 'dockerfile/rules/tls-verification-disabled.ts',
    pattern: String.raw`^(?!.*http\.)[^=]*sslverify`,
    reason: 'anchored: the lookahead reads the name once, `[^=]*` backs off once to the literal',
  },
  {
    file: 'dockerfile/rules/unnecessary-packages.ts',
    pattern: String.raw`^(?:(?:docker\.io\/)?(?:library\/)?(?:buildpack-deps|gcc|golang|rust|haskell|swift|node|python|ruby|perl)(?::(?![^@]*(?:alpine|slim|curl))[^@]*)?(?:@.*)?|mcr\.microsoft\.com\/(?:vscode\/)?devcontainers\/.*)$`,
    reason: 'anchored; the lookahead reads the tag once, and `[^@]*` ends at `@` or the end',
  },
  {
    file: 'dockerfile/rules/unnecessary-packages.ts',
    pattern: String.raw`^(dev|devel|develop|development|devcontainer|debug|test|tests|testing|lint|ci)([-_].*)?$`,
    reason: 'anchored: a literal word, then an optional `[-_]` and one run to the end',
  },
  {
    file: 'dockerfile/analysis/sources.ts',
    pattern: String.raw`^https?:\/\/[^/]*(github\.com|gitlab\.com|bitbucket\.org)\/[^/]+\/`,
    reason: 'anchored: the host ends at the first `/`, then one path part',
  },
  {
    file: 'rules/suppression.ts',
    pattern: String.raw`^(\s*)#\s*bulkhead-ignore(-file)?\s+([a-z0-9][a-z0-9-]*(?:\s*,\s*[a-z0-9][a-z0-9-]*)*)`,
    reason: 'anchored; ids are runs joined by commas, and nothing after them can fail',
  },
];

/** RegExps built from run-time text: the file, the construction as written, and why the result is linear. */
const DYNAMIC = [
  {
    file: 'dockerfile/analysis/edits.ts',
    code: 'new RegExp(`${esc}[ \\\\t]*$`)',
    reason: 'the escape character (one character, escaped) then `[ \\t]*$`: one literal before the only run',
  },
  {
    file: 'dockerfile/analysis/fileWrites.ts',
    code: 'new RegExp(re.source, flags)',
    reason:
      'a global copy of a pattern a rule passes to matchesIn (a literal, or built from constants), checked here as written',
  },
  {
    file: 'dockerfile/analysis/imageRefs.ts',
    code: "new RegExp(`(^|[=,\"'])${option}=([^,\"']*)`, 'i')",
    reason:
      'option is a flag option name its callers write (`from`): a literal word, then one run of a class that ends the match',
  },
  {
    file: 'dockerfile/rules/secret-value.ts',
    code: 'new RegExp(regex.source, regex.flags)',
    reason: 'a fresh copy of a SECRET_PATTERNS literal (checked here as written), so lastIndex is not shared',
  },
  {
    file: 'dockerfile/rules/secret-value.ts',
    code: "new RegExp(regex.source, regex.flags.replace('g', '') + 'y')",
    reason:
      'the sticky copy of a SECRET_PATTERNS literal (checked here as written) that the matcher runs from one place per `://`',
  },
  {
    file: 'rules/secrets.ts',
    code: "new RegExp(p.regex.source, p.regex.flags.includes('g') ? p.regex.flags : p.regex.flags + 'g')",
    reason: 'global copies of the SECRET_PATTERNS literals (checked here as written), url-password excluded',
  },
  {
    file: 'data/secretPatterns.ts',
    code: 'new RegExp(markerTrie([...new Set(SECRET_PATTERNS.flatMap((p) => p.markers))]))',
    reason:
      "the secret formats' markers as a trie, every RegExp metacharacter escaped: nested alternations of literals, no quantifier",
  },
  {
    file: 'rules/secrets.ts',
    code: "new RegExp(`(?<![A-Za-z0-9])${text.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&')}(?![A-Za-z0-9])`, 'g')",
    reason:
      'a credential of the file with every RegExp metacharacter escaped: a literal between two one-character lookarounds, no quantifier',
  },
];

/** Every place server/src builds a regular expression. */
function regexSites() {
  const sites = [];
  for (const file of listFiles(SRC, (name) => name.endsWith('.ts'))) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const lineOf = (node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    const visit = (node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const slash = node.text.lastIndexOf('/');
        sites.push({
          file: rel,
          line: lineOf(node),
          source: node.text.slice(1, slash),
          flags: node.text.slice(slash + 1),
          how: 'literal',
        });
      } else if (
        (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'RegExp'
      ) {
        const [pattern, flags] = node.arguments ?? [];
        const sources = pattern ? fold(pattern) : [''];
        const flagSets = flags ? fold(flags) : [''];
        if (sources && flagSets) {
          for (const s of sources)
            for (const f of flagSets)
              sites.push({ file: rel, line: lineOf(node), source: s, flags: f, how: 'new RegExp over constants' });
        } else
          sites.push({
            file: rel,
            line: lineOf(node),
            code: node.getText(source).replace(/\s+/g, ' '),
            how: 'dynamic',
          });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return sites;
}

/** The strings an expression can be before run time, or null (at most 16 of them). */
function fold(node, depth = 0) {
  if (depth > 8) return null;
  const product = (lists) => {
    if (lists.some((l) => l === null)) return null;
    const out = lists.reduce((acc, l) => acc.flatMap((a) => l.map((b) => a + b)), ['']);
    return out.length <= 16 ? out : null;
  };
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return fold(node.expression, depth + 1);
  if (ts.isTemplateExpression(node)) {
    return product([
      [node.head.text],
      ...node.templateSpans.flatMap((s) => [fold(s.expression, depth + 1), [s.literal.text]]),
    ]);
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return product([fold(node.left, depth + 1), fold(node.right, depth + 1)]);
  }
  if (ts.isConditionalExpression(node)) {
    const both = [fold(node.whenTrue, depth + 1), fold(node.whenFalse, depth + 1)];
    return both.includes(null) ? null : [...new Set(both.flat())];
  }
  if (ts.isIdentifier(node)) {
    const init = constInitializer(node);
    return init ? fold(init, depth + 1) : null;
  }
  return null;
}

/** The initializer of the `const` an identifier names, looked up through the enclosing blocks. */
function constInitializer(id) {
  for (let scope = id.parent; scope; scope = scope.parent) {
    for (const statement of scope.statements ?? []) {
      if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
      for (const d of statement.declarationList.declarations)
        if (ts.isIdentifier(d.name) && d.name.text === id.text) return d.initializer ?? null;
    }
  }
  return null;
}

const SITES = regexSites();
const allowedFor = (site) => ALLOWED.find((a) => a.file === site.file && a.pattern === site.source);

test('the scan sees literals, constructions over constants and run-time constructions', () => {
  const how = (h) => SITES.filter((s) => s.how === h).length;
  assert.ok(how('literal') > 400, `${how('literal')} literals`);
  assert.ok(how('new RegExp over constants') >= 10, `${how('new RegExp over constants')} constructions over constants`);
  // the image reference grammar is assembled from constants of its file
  assert.ok(
    SITES.some(
      (s) =>
        s.file === 'common/image.ts' &&
        s.how === 'new RegExp over constants' &&
        s.source.startsWith('^(?:(?:[a-zA-Z0-9]'),
    ),
  );
});

test('every RegExp built from run-time text is listed with the reason it stays linear', () => {
  const dynamic = SITES.filter((s) => s.how === 'dynamic');
  const unlisted = dynamic.filter((s) => !DYNAMIC.some((d) => d.file === s.file && d.code === s.code));
  assert.deepEqual(
    unlisted.map((s) => `${s.file}:${s.line}: ${s.code}`),
    [],
    'add each to DYNAMIC with its reason (escaped text, a copy of a checked literal…), or build it from constants',
  );
  const stale = DYNAMIC.filter((d) => !dynamic.some((s) => s.file === d.file && s.code === d.code));
  assert.deepEqual(
    stale.map((d) => `${d.file}: ${d.code}`),
    [],
    'DYNAMIC entries that no longer match the code: remove or update them',
  );
  for (const d of DYNAMIC) assert.ok(d.reason?.length > 20, `${d.file}: ${d.code}: say why it is linear`);
});

test('every allow-listed pattern still exists and says why it is linear beside it in the source', () => {
  const stale = ALLOWED.filter((a) => !SITES.some((s) => s.file === a.file && s.source === a.pattern));
  assert.deepEqual(
    stale.map((a) => `${a.file}: /${a.pattern}/`),
    [],
    'ALLOWED entries that no longer match a pattern: remove or update them',
  );
  for (const a of ALLOWED) assert.ok(a.reason?.length > 20, `${a.file}: /${a.pattern}/: give the reason`);
  const uncommented = [];
  for (const site of SITES.filter(allowedFor)) {
    const lines = fs.readFileSync(path.join(SRC, site.file), 'utf8').split('\n');
    // the pattern's line, and the comment lines right above it
    let first = site.line - 1;
    while (first > 0 && /^\s*(\/\/|\/\*|\*)/.test(lines[first - 1])) first--;
    const beside = lines.slice(first, site.line).join('\n');
    if (!/linear:/.test(beside)) uncommented.push(`${site.file}:${site.line}: /${site.source}/`);
  }
  assert.deepEqual(uncommented, [], 'put a `// linear: …` comment right above each of these patterns');
});

test('every other regular expression is safe from super-linear backtracking (recheck)', async (t) => {
  const byPattern = new Map();
  for (const site of SITES) {
    if (site.how === 'dynamic' || allowedFor(site)) continue;
    const key = `${site.flags}/${site.source}`;
    if (!byPattern.has(key)) byPattern.set(key, { source: site.source, flags: site.flags, sites: [] });
    byPattern.get(key).sites.push(`${site.file}:${site.line}`);
  }
  const started = Date.now();
  const results = await checkAll([...byPattern.values()]);
  // a machine busy with other work can push a pattern past the budget: those get three times as long, once
  const timedOut = results.filter((r) => r.result.error?.kind === 'timeout');
  if (timedOut.length) {
    const again = await checkAll(
      timedOut.map((r) => r.pattern),
      { ...PARAMS, timeout: 3 * BUDGET_MS },
    );
    for (const r of again) results[results.findIndex((x) => x.pattern === r.pattern)] = r;
  }
  const problems = [];
  for (const { pattern, result, ms } of results) {
    if (result.status === 'safe') continue;
    const where = pattern.sites.join(', ');
    if (result.status === 'vulnerable') {
      problems.push(
        `${where}: /${pattern.source}/${pattern.flags} is vulnerable: ${result.complexity.summary}, attack ${result.attack.pattern.slice(0, 120)}`,
      );
    } else {
      const why =
        result.error?.kind === 'timeout'
          ? `its analysis took more than ${(3 * BUDGET_MS) / 1000} s`
          : `${result.error?.kind}: ${result.error?.message ?? ''}`;
      problems.push(
        `${where}: /${pattern.source}/${pattern.flags} is unknown (${why}, ${ms} ms): make it simpler, or add it to ALLOWED with the reason it is linear`,
      );
    }
  }
  // the ones to review for ALLOWED when this test grows slow (REDOS_SLOWEST=40 lists more)
  const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, +(process.env.REDOS_SLOWEST ?? 5));
  t.diagnostic(
    `${results.length} patterns in ${Date.now() - started} ms; slowest: ${slowest.map((r) => `${r.ms} ms ${r.pattern.sites[0]}`).join('; ')}`,
  );
  assert.deepEqual(problems, []);
});

/**
 * recheck on each pattern, spread over worker threads (its analysis is CPU-bound). Shortest first: the analyser warms
 * up on the cheap ones, so no pattern pays for a cold start close to the budget.
 */
/** recheck's verdict on one pattern (what the worker sends back), with the time it took. */
interface Checked {
  pattern: { source: string; flags: string; sites: string[] };
  result: {
    status: 'safe' | 'vulnerable' | 'unknown';
    complexity?: { summary: string };
    attack?: { pattern: string };
    error?: { kind: string; message?: string };
  };
  ms: number;
}

function checkAll(patterns, params = PARAMS): Promise<Checked[]> {
  const recheck = createRequire(import.meta.url).resolve('recheck');
  const queue = [...patterns].sort((a, b) => a.source.length - b.source.length);
  const workers = Math.max(1, Math.min(queue.length, os.availableParallelism?.() ?? os.cpus().length, 4));
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { checkSync } = require(workerData.recheck);
    parentPort.on('message', ({ source, flags }) => {
      const started = Date.now();
      const r = checkSync(source, flags, workerData.params);
      parentPort.postMessage({ ms: Date.now() - started, result: { status: r.status, complexity: r.complexity, attack: r.attack && { pattern: r.attack.pattern }, error: r.error } });
    });`;
  // the pure-JS backend: no native binary or JVM, the same analysis everywhere
  const env = { ...process.env, RECHECK_BACKEND: 'pure', RECHECK_SYNC_BACKEND: 'pure' };
  return new Promise((resolve, reject) => {
    const results: Checked[] = [];
    let running = 0;
    for (let w = 0; w < workers; w++) {
      const worker = new Worker(code, { eval: true, env, workerData: { recheck, params } });
      running++;
      let current;
      const next = () => {
        current = queue.shift();
        if (current) worker.postMessage({ source: current.source, flags: current.flags });
        else worker.terminate().then(() => --running === 0 && resolve(results), reject);
      };
      worker.on('message', ({ ms, result }) => {
        results.push({ pattern: current, result, ms });
        next();
      });
      worker.on('error', reject);
      next();
    }
  });
}
