import type { Anchor } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerfileModel } from '../model/model';
import type { Word } from '../model/shell';
import { ExecCommand, applet, executedCommands } from '../analysis/executed';
import { CURL_OPTIONS, WGET_OPTIONS, isLoopbackHost, onlyLoopback } from '../analysis/downloads';
import { ParsedOption, isFalse, longMatches, optionWords, parseOptions } from '../analysis/options';
import { envSettings } from '../analysis/envSettings';
import { fileWrites, matchesIn } from '../analysis/fileWrites';
import { removeCommand, removeWords } from '../analysis/commandEdits';
import { ShellFinding, optionFinding, optionText, toReports } from '../analysis/shellFindings';
import { deleteInstruction, deleteWords } from '../analysis/edits';
import { RPM_FAMILY } from '../analysis/packages';
import { GIT_CLONE_OPTIONS, gitInvocation } from '../analysis/git';
import { windowsTlsFindings } from './tls-verification-disabled/windows';

/** A host list (`PIP_TRUSTED_HOST="a b:8080"`) naming some host that is not this machine. */
const remoteHosts = (v: string | null): boolean =>
  v !== null &&
  v.trim() !== '' &&
  !v
    .trim()
    .split(/\s+/)
    .every((h) => isLoopbackHost(h.replace(/:\d+$/, '')));

/** Environment variables that switch verification off, and when a value does. */
const ENV_SWITCHES: { name: RegExp; off: (v: string | null) => boolean; what: string; instead: string }[] = [
  {
    name: /^PIP_TRUSTED_HOST$/,
    off: remoteHosts,
    what: 'makes pip accept plain HTTP and any certificate from those hosts',
    instead: 'use an HTTPS index with a valid certificate (a private CA goes in PIP_CERT)',
  },
  {
    name: /^UV_INSECURE_HOST$/,
    off: remoteHosts,
    what: 'makes uv accept plain HTTP and any certificate from those hosts',
    instead: 'use an HTTPS index with a valid certificate (a private CA goes in SSL_CERT_FILE)',
  },
  {
    name: /^npm_config_strict_ssl$/i,
    off: isFalse,
    what: 'makes npm accept any certificate from the registry',
    instead: 'for a private CA set NPM_CONFIG_CAFILE instead',
  },
  {
    name: /^YARN_ENABLE_STRICT_SSL$/,
    off: isFalse,
    what: 'makes Yarn accept any certificate from the registry',
    instead: 'for a private CA set YARN_CA_FILE_PATH instead',
  },
  {
    name: /^NODE_TLS_REJECT_UNAUTHORIZED$/,
    off: (v) => v !== null && v.trim() === '0',
    what: 'makes every Node.js TLS connection accept any certificate',
    instead: 'trust a private CA with NODE_EXTRA_CA_CERTS instead',
  },
  {
    name: /^PYTHONHTTPSVERIFY$/,
    off: (v) => v !== null && v.trim() === '0',
    what: "turns off certificate checks in Python's HTTPS client",
    instead: 'add a private CA to the system trust store (or SSL_CERT_FILE) instead',
  },
  {
    name: /^GIT_SSL_NO_VERIFY$/,
    off: () => true,
    what: 'makes git accept any certificate (git only checks that it is set, so even 0, false or an empty value turns verification off)',
    instead: 'for a private CA set http.sslCAInfo instead',
  },
];

/**
 * Every ENV_SWITCHES name, case-insensitive: a name it does not match matches none of them (each is an anchored
 * literal), so one test stands for seven on the many settings that are none of these.
 */
const ENV_SWITCH_NAMES =
  /^(?:PIP_TRUSTED_HOST|UV_INSECURE_HOST|npm_config_strict_ssl|YARN_ENABLE_STRICT_SSL|NODE_TLS_REJECT_UNAUTHORIZED|PYTHONHTTPSVERIFY|GIT_SSL_NO_VERIFY)$/i;

/** Settings written into config files (`.npmrc`, `pip.conf`, `*.repo`, `.gitconfig`, `.wgetrc`, apt.conf). */
const WRITTEN: { re: RegExp; what: string; target?: RegExp }[] = [
  {
    // linear: a literal key, then blank runs around `=`, each ended by a character it cannot read
    re: /(?:^|[\s\]]|\\n)(sslverify\s*=\s*["']?(?:0|false|no|off)["']?)(?=$|[\s;'"]|\\n)/i,
    what: 'turns off certificate checks for that repository or git remote',
  },
  {
    // linear: a literal key, then blank runs, each ended by a character it cannot read
    re: /(?:^|\s|\\n)(strict-ssl\s*(?:=\s*|\s)["']?(?:false|0)["']?)(?=$|[\s;'"]|\\n)/,
    what: 'makes npm/Yarn accept any certificate from the registry',
  },
  {
    // linear: a literal key, then blank runs around `:`, each ended by a character it cannot read
    re: /(?:^|\s|\\n)(enableStrictSsl\s*:\s*["']?false["']?)(?=$|[\s;'"]|\\n)/,
    what: 'makes Yarn accept any certificate from the registry',
  },
  {
    // linear: a literal key, blank runs around `=`, then one run of the host that ends the match
    re: /(?:^|\s|\\n)(trusted-host\s*=\s*(?!(?:localhost|127\.0\.0\.1)\s*(?:$|\n|\\n))[^\s'"\\]+)/,
    what: 'makes pip accept plain HTTP and any certificate from that host',
  },
  {
    // linear: a literal key, then blank runs around `=`, each ended by a character it cannot read
    re: /(?:^|\s|\\n)(check_certificate\s*=\s*(?:off|no|0|false))(?=$|[\s;'"]|\\n)/i,
    what: 'makes wget accept any certificate',
  },
  {
    // linear: the host part stops at a backslash, so a `\n`-joined line is scanned from one start, not from each `\n`
    re: /(?:^|\s|\\n)(Acquire::https::(?:[^\s\\]+::)?Verify-(?:Peer|Host)\s*"?(?:false|0|no)"?)/i,
    what: 'makes apt accept any certificate from HTTPS repositories',
  },
  {
    re: /(?:^|\n|\\n)[ \t]*(-k|--insecure|insecure)[ \t]*(?=$|\n|\\n)/,
    what: 'makes every curl call accept any certificate',
    target: /(^|\/)\.?curlrc$/,
  },
];

export const tlsVerificationDisabled: DockerfileRule = {
  id: 'tls-verification-disabled',
  kind: 'dockerfile',
  severity: 'error',
  title: 'TLS certificate verification turned off',
  rationale:
    'Without certificate checks anyone on the network path (a proxy, a compromised mirror, a hostile Wi-Fi) can answer instead of the real server, and the build installs what they send.',
  remedy:
    'Remove the flag or variable; if the server uses a private CA, add that CA to the trust store (ca-certificates, `--cacert`, PIP_CERT, NODE_EXTRA_CA_CERTS) instead.',
  guidance: ['Build: verify downloads and packages'],
  anchors: [
    { tool: 'checkov', id: 'CKV2_DOCKER_2' },
    { tool: 'checkov', id: 'CKV2_DOCKER_3' },
    { tool: 'checkov', id: 'CKV2_DOCKER_4' },
    { tool: 'checkov', id: 'CKV2_DOCKER_5' },
    { tool: 'checkov', id: 'CKV2_DOCKER_6' },
    { tool: 'checkov', id: 'CKV2_DOCKER_12' },
    { tool: 'checkov', id: 'CKV2_DOCKER_13' },
    { tool: 'checkov', id: 'CKV2_DOCKER_14' },
    { tool: 'checkov', id: 'CKV2_DOCKER_15' },
    { tool: 'checkov', id: 'CKV2_DOCKER_16' },
  ],
  shell: true,
  fixes: ['Remove the flag, option or variable'],
  fixSafety: 'manual',
  check({ model }) {
    const findings: ShellFinding[] = [];
    for (const c of executedCommands(model)) findings.push(...commandFindings(model, c));
    findings.push(...envFindings(model));
    findings.push(...windowsTlsFindings(model));
    for (const w of fileWrites(model)) {
      for (const p of WRITTEN) {
        if (p.target && !(w.target && p.target.test(w.target))) continue;
        for (const m of matchesIn(w.text, p.re)) {
          findings.push({
            start: m.start,
            end: m.end,
            message: `Writing \`${m.match[1].trim()}\`${w.target ? ` to ${w.target}` : ''} ${p.what}, so anyone on the network path can substitute what the build installs. Remove the setting; for a private CA, add the CA to the trust store instead.`,
          });
        }
      }
    }
    return toReports(model, findings, checkovChecks);
  },
};

function commandFindings(model: DockerfileModel, c: ExecCommand): ShellFinding[] {
  const { name, args } = applet(c);
  const out: ShellFinding[] = [];
  const flag = (o: ParsedOption, message: string) => out.push(optionFinding(model, c, o, message));
  if (name === 'curl') {
    const p = parseOptions(args, CURL_OPTIONS);
    const urls = [
      ...p.operands,
      ...p.options.filter((o) => o.name === 'url' && o.valueWord).map((o) => o.valueWord as Word),
    ];
    if (onlyLoopback(urls)) return out;
    for (const o of p.options) {
      if ((!o.long && o.name === 'k') || (o.long && ['insecure', 'proxy-insecure', 'doh-insecure'].includes(o.name))) {
        const shown = o.long ? `--${o.name}` : '-k';
        flag(
          o,
          `\`curl ${shown}\` turns off TLS certificate checks, so anyone on the network path can replace the download. Remove it; if the server uses a private CA, install that CA (ca-certificates) or pass --cacert.`,
        );
      }
    }
  } else if (name === 'wget' || name === 'wget2') {
    const p = parseOptions(args, WGET_OPTIONS);
    if (onlyLoopback(p.operands)) return out;
    for (const o of p.options) {
      const off =
        (o.long && o.value === null && longMatches(o.name, 'no-check-certificate', 'no-check-c'.length)) ||
        (o.long && o.name === 'check-certificate' && o.value !== null && /^(off|no|0|false|quiet)$/i.test(o.value)) ||
        ((o.name === 'e' || o.name === 'execute') &&
          o.value !== null &&
          /^\s*check_?-?certificate\s*=\s*(off|no|0|false)\s*$/i.test(o.value));
      if (off) {
        flag(
          o,
          `\`wget ${optionWords(o)
            .map((w) => w.value)
            .join(
              ' ',
            )}\` turns off TLS certificate checks, so anyone on the network path can replace the download. Remove it; if the server uses a private CA, install that CA (ca-certificates) or pass --ca-certificate.`,
        );
      }
    }
  } else if (pipArgs(name, args)) {
    const tool = name === 'uv' ? 'uv' : 'pip';
    const p = parseOptions(pipArgs(name, args) as Word[], {
      shortValue: 'ircetb',
      longValue: [
        'trusted-host',
        'allow-insecure-host',
        'index-url',
        'extra-index-url',
        'find-links',
        'requirement',
        'constraint',
        'target',
        'prefix',
        'root',
        'src',
        'cache-dir',
        'log',
        'proxy',
        'retries',
        'timeout',
        'cert',
        'client-cert',
        'editable',
        'platform',
        'python-version',
        'implementation',
        'abi',
        'upgrade-strategy',
        'progress-bar',
        'only-binary',
        'no-binary',
        'report',
        'config-settings',
        'global-option',
        'exists-action',
        'index-strategy',
        'python',
      ],
    });
    for (const o of p.options) {
      if (!o.long || !(longMatches(o.name, 'trusted-host', 'trusted'.length) || o.name === 'allow-insecure-host'))
        continue;
      if (o.value !== null && isLoopbackHost(o.value.replace(/:\d+$/, ''))) continue;
      flag(
        o,
        `\`${optionWords(o)
          .map((w) => w.value)
          .join(
            ' ',
          )}\` makes ${tool} accept plain HTTP and any certificate from that host, so anyone on the network path can swap the packages. Remove it and use an HTTPS index with a valid certificate (a private CA goes in --cert or PIP_CERT).`,
      );
    }
    // pip config set global.trusted-host host
    const ops = p.operands.map((w) => w.value);
    if (
      ops[0] === 'config' &&
      ops[1] === 'set' &&
      /(^|\.)trusted-host$/.test(ops[2] ?? '') &&
      ops[3] !== undefined &&
      !isLoopbackHost(ops[3])
    ) {
      out.push({
        start: p.operands[2].start,
        end: p.operands[3].end,
        message: `\`pip config set ${ops[2]} ${ops[3]}\` makes pip accept plain HTTP and any certificate from that host for every later install. Remove it and use an HTTPS index with a valid certificate.`,
        fix: { title: 'Remove the pip config command', edits: removeCommand(model, c, c.cmd) },
      });
    }
  } else if (name === 'npm' || name === 'npx' || name === 'yarn' || name === 'pnpm') {
    out.push(...npmFindings(model, c, name, args));
  } else if (name === 'git') {
    out.push(...gitFindings(model, c, args));
  } else if (/^(yum|dnf|dnf5|dnf-3|microdnf|tdnf|yum-config-manager)$/.test(name)) {
    const p = parseOptions(args, RPM_FAMILY);
    for (const o of p.options) {
      if (o.name === 'setopt' && o.value !== null && sslverifyOff(o.value)) {
        flag(
          o,
          `\`--setopt=${o.value}\` makes ${name} accept any certificate from the repositories, so anyone on the network path can serve the metadata and packages. Remove it; add the repository's CA to /etc/pki/ca-trust/source/anchors and run update-ca-trust instead.`,
        );
      }
    }
    // dnf5: dnf config-manager setopt repo.sslverify=0
    const ops = p.operands;
    if (ops[0]?.value === 'config-manager' && ops[1]?.value === 'setopt') {
      const pairs = ops.slice(2);
      for (const w of pairs.filter((w) => sslverifyOff(w.value))) {
        out.push({
          start: w.start,
          end: w.end,
          message: `\`config-manager setopt ${w.value}\` makes ${name} accept any certificate from the repositories. Remove it; add the repository's CA to the system trust store instead.`,
          fix: {
            title: 'Remove the setting',
            edits: pairs.length === 1 ? removeCommand(model, c, c.cmd) : removeWords(model, c, [w]),
          },
        });
      }
    }
  } else if (name === 'apt-get' || name === 'apt' || name === 'aptitude') {
    const p = parseOptions(args, {
      shortValue: 'octa',
      longValue: ['option', 'config-file', 'target-release', 'host-architecture'],
    });
    for (const o of p.options) {
      if (
        (o.name === 'o' || o.name === 'option') &&
        o.value &&
        /^Acquire::https::(\S+::)?Verify-(Peer|Host)=(false|0|no)$/i.test(o.value.trim())
      ) {
        flag(
          o,
          `\`-o ${o.value}\` makes apt accept any certificate from HTTPS repositories. Remove it; install the repository's CA into /usr/local/share/ca-certificates and run update-ca-certificates instead.`,
        );
      }
    }
  }
  return out;
}

function sslverifyOff(kv: string): boolean {
  const m = /^([^=]+)=(.*)$/.exec(kv.trim());
  return !!m && /(^|\.)sslverify$/i.test(m[1]) && isFalse(m[2]);
}

/** The arguments pip gets: `pip …`, `pip3.12 …`, `python3 -m pip …`, `uv pip …`. */
function pipArgs(name: string, args: Word[]): Word[] | null {
  if (/^pip(\d+(\.\d+)*)?$/.test(name)) return args;
  if (/^(python(\d+(\.\d+)*)?|pypy3?)$/.test(name)) {
    const m = args.findIndex((w) => w.value === '-m' || w.value === '-mpip');
    if (m >= 0 && (args[m].value === '-mpip' || args[m + 1]?.value === 'pip'))
      return args.slice(args[m].value === '-mpip' ? m + 1 : m + 2);
    return null;
  }
  if (name === 'uv') return args;
  return null;
}

function npmFindings(model: DockerfileModel, c: ExecCommand, name: string, args: Word[]): ShellFinding[] {
  const out: ShellFinding[] = [];
  const why = `makes ${name === 'yarn' ? 'Yarn' : name === 'pnpm' ? 'pnpm' : 'npm'} accept any certificate from the registry, so anyone on the network path can swap the packages`;
  for (let k = 0; k < args.length; k++) {
    const v = args[k].value;
    const eq = /^--strict-ssl=(.*)$/.exec(v);
    if ((eq && isFalse(eq[1])) || v === '--no-strict-ssl') {
      out.push({
        start: args[k].start,
        end: args[k].end,
        message: `\`${v}\` ${why}. Remove it; for a private CA set cafile instead.`,
        fix: { title: `Remove ${v}`, edits: removeWords(model, c, [args[k]]) },
      });
    } else if (v === '--strict-ssl' && isFalse(args[k + 1]?.value)) {
      out.push({
        start: args[k].start,
        end: args[k + 1].end,
        message: `\`--strict-ssl ${args[k + 1].value}\` ${why}. Remove it; for a private CA set cafile instead.`,
        fix: { title: 'Remove --strict-ssl false', edits: removeWords(model, c, [args[k], args[k + 1]]) },
      });
    }
  }
  // npm config set strict-ssl false | npm set strict-ssl=false | yarn config set enableStrictSsl false
  const ops = args.filter((w) => !w.value.startsWith('-'));
  const setAt =
    ops[0]?.value === 'set' && (name === 'npm' || name === 'pnpm')
      ? 0
      : ['config', 'c'].includes(ops[0]?.value ?? '') && ops[1]?.value === 'set'
        ? 1
        : -1;
  if (setAt < 0) return out;
  const rest = ops.slice(setAt + 1);
  const isKey = (k: string) => /^(strict-ssl|enableStrictSsl)$/i.test(k);
  for (let k = 0; k < rest.length; k++) {
    const w = rest[k];
    const kv = /^([^=]+)=(.*)$/.exec(w.value);
    let span: Word[] | null = null;
    if (kv && isKey(kv[1]) && isFalse(kv[2])) span = [w];
    else if (!kv && isKey(w.value) && isFalse(rest[k + 1]?.value)) span = [w, rest[k + 1]];
    if (!span) continue;
    const pairs =
      rest.filter((x) => x.value.includes('=')).length +
      Math.floor(rest.filter((x) => !x.value.includes('=')).length / 2);
    out.push({
      start: span[0].start,
      end: span[span.length - 1].end,
      message: `\`${name} config set ${span.map((x) => x.value).join(' ')}\` ${why}, in every later install. Remove it; for a private CA set cafile instead.`,
      fix: {
        title: 'Remove the strict-ssl setting',
        edits: pairs === 1 ? removeCommand(model, c, c.cmd) : removeWords(model, c, span),
      },
    });
  }
  return out;
}

const GIT_SSLVERIFY = /^http\.(.+\.)?sslverify$/i;

function gitFindings(model: DockerfileModel, c: ExecCommand, args: Word[]): ShellFinding[] {
  const out: ShellFinding[] = [];
  // `git -c key=value <command>` sets it for this run; `git clone -c/--config key=value` writes it into the clone
  const configOptions = (options: ParsedOption[], shown: string) => {
    for (const o of options) {
      if ((o.name !== 'c' && o.name !== 'config') || o.value === null) continue;
      const kv = /^([^=]+)=(.*)$/.exec(o.value);
      if (!kv || !GIT_SSLVERIFY.test(kv[1]) || !isFalse(kv[2])) continue;
      out.push({
        start: o.word.start,
        end: (o.valueWord ?? o.word).end,
        message: `\`${shown} ${optionText(o)}\` makes git accept any certificate from the remote, so anyone on the network path can serve the code. Remove it; for a private CA use http.sslCAInfo instead.`,
        fix: { title: `Remove ${optionText(o)}`, edits: removeWords(model, c, optionWords(o)) },
      });
    }
  };
  const { global, sub, rest } = gitInvocation(args);
  configOptions(global.options, 'git');
  if (sub?.value === 'clone') {
    const clone = parseOptions(rest, GIT_CLONE_OPTIONS);
    configOptions(clone.options, 'git clone');
  }
  if (sub?.value !== 'config') return out;
  const p = parseOptions(rest, { shortValue: 'f', longValue: ['file', 'blob', 'type', 'default', 'comment', 'value'] });
  if (
    p.options.some((o) =>
      /^(unset|unset-all|get|get-all|get-regexp|list|l|remove-section|rename-section)$/.test(o.name),
    )
  )
    return out;
  let ops = p.operands;
  if (ops[0]?.value === 'set') ops = ops.slice(1);
  if (ops.length === 2 && GIT_SSLVERIFY.test(ops[0].value) && isFalse(ops[1].value)) {
    out.push({
      start: ops[0].start,
      end: ops[1].end,
      message: `\`git config ${ops[0].value} ${ops[1].value}\` makes git accept any certificate from remotes, so anyone on the network path can serve the code. Remove it; for a private CA set http.sslCAInfo instead.`,
      fix: { title: 'Remove the git config command', edits: removeCommand(model, c, c.cmd) },
    });
  }
  return out;
}

function envFindings(model: DockerfileModel): ShellFinding[] {
  const out: ShellFinding[] = [];
  for (const s of envSettings(model)) {
    if (!ENV_SWITCH_NAMES.test(s.name)) continue;
    const sw = ENV_SWITCHES.find((e) => e.name.test(s.name));
    if (!sw || !sw.off(s.value)) continue;
    const shown = `${s.name}${s.value !== null ? `=${s.value}` : ''}`;
    const message = `${shown} ${sw.what}, so anyone on the network path can substitute what the build downloads. Remove it; ${sw.instead}.`;
    if (s.kind === 'instruction') {
      const edits =
        s.count === 1 ? [deleteInstruction(model, s.inst)] : deleteWords(model, [{ start: s.start, end: s.end }]);
      out.push({
        start: s.start,
        end: s.end,
        message,
        fix: { title: `Remove ${s.name} from ${s.inst.keyword}`, edits },
      });
    } else {
      const owner = s.where.script.commands.find(
        (cmd) => cmd.words.includes(s.word) || cmd.assignments.includes(s.word),
      );
      const wordOnly =
        s.how === 'prefix' ||
        s.how === 'env' ||
        (s.how === 'export' && (s.exportArgs ?? 0) > 1) ||
        (s.how === 'plain' && (owner?.assignments.length ?? 0) > 1);
      const edits = wordOnly
        ? removeWords(model, s.where, [s.word])
        : owner
          ? removeCommand(model, s.where, owner)
          : null;
      out.push({ start: s.word.start, end: s.word.end, message, fix: { title: `Remove ${s.name}`, edits } });
    }
  }
  return out;
}

/** Checkov's separate checks (CKV2_DOCKER_2…16), by the token a finding points at; others match none of them. */
const CHECKOV_TLS: [RegExp, string][] = [
  [/^PIP_TRUSTED_HOST$/i, 'CKV2_DOCKER_16'],
  [/trusted-host/i, 'CKV2_DOCKER_4'],
  [/^PYTHONHTTPSVERIFY$/i, 'CKV2_DOCKER_5'],
  [/^NODE_TLS_REJECT_UNAUTHORIZED$/i, 'CKV2_DOCKER_6'],
  [/^NPM_CONFIG_STRICT_SSL$/i, 'CKV2_DOCKER_12'],
  [/strict-ssl/i, 'CKV2_DOCKER_13'],
  [/^GIT_SSL_NO_VERIFY$/i, 'CKV2_DOCKER_14'],
  // linear: anchored: the lookahead reads the name once, `[^=]*` backs off once to the literal
  [/^(?!.*http\.)[^=]*sslverify/i, 'CKV2_DOCKER_15'],
  [/^--no-check-c/i, 'CKV2_DOCKER_3'],
  [/^(k|-k|--insecure)$/i, 'CKV2_DOCKER_2'],
];

function checkovChecks(token: string): Anchor[] {
  const hit = CHECKOV_TLS.find(([re]) => re.test(token));
  return hit ? [{ tool: 'checkov', id: hit[1] }] : [];
}
