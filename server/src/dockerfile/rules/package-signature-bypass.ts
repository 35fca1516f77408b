import type { Anchor } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerfileModel } from '../model/model';
import { ExecCommand, applet, executedCommands, wordText } from '../analysis/executed';
import { ParsedOption, isFalse, isTrue, parseOptions } from '../analysis/options';
import { fileWrites, matchesIn } from '../analysis/fileWrites';
import { removeCommand, removeWords } from '../analysis/commandEdits';
import { ShellFinding, optionFinding, toReports } from '../analysis/shellFindings';
import type { LogicalText } from '../model/logical';
import { RPM_FAMILY } from '../analysis/packages';

const YUM = /^(yum|dnf|dnf5|dnf-3|microdnf|tdnf|yum-config-manager)$/;
const LOCAL_URI = /^["']?(file|copy|cdrom):/i;
/** apt configuration keys that let unsigned or unauthenticated packages in when true. */
const APT_KEY_NAMES =
  'APT::Get::AllowUnauthenticated|APT::Get::Force-Yes|Acquire::AllowInsecureRepositories|Acquire::AllowDowngradeToInsecureRepositories|APT::Get::AllowInsecureRepositories';
const APT_KEYS = new RegExp(`^(${APT_KEY_NAMES})$`, 'i');
// linear: a literal key name, then one run of blanks and a literal: each run read once per key
const APT_CONF_LINE = new RegExp(`(?:^|\\s|\\\\n)((${APT_KEY_NAMES})\\s+"?(?:true|1|yes)"?)`, 'i');
const YUM_HINT = 'import the vendor key (`rpm --import <key>` or `gpgkey=` in the .repo file) instead';
const APT_HINT = "add the repository's key (`signed-by=/usr/share/keyrings/<name>.gpg`) instead";

export const packageSignatureBypass: DockerfileRule = {
  id: 'package-signature-bypass',
  kind: 'dockerfile',
  severity: 'error',
  title: 'Package signature checks bypassed',
  rationale:
    'Package signatures are what proves a package came from its maintainers and was not altered by a mirror, a proxy or an attacker on the network. Turning the check off installs whatever is served.',
  remedy:
    'Remove the option; if a repository or package is rejected, import its signing key (apt `signed-by=`, `rpm --import`, /etc/apk/keys) rather than turning verification off.',
  guidance: ['Build: verify downloads and packages'],
  anchors: [
    { tool: 'checkov', id: 'CKV2_DOCKER_7' },
    { tool: 'checkov', id: 'CKV2_DOCKER_8' },
    { tool: 'checkov', id: 'CKV2_DOCKER_9' },
    { tool: 'checkov', id: 'CKV2_DOCKER_10' },
    { tool: 'checkov', id: 'CKV2_DOCKER_11' },
  ],
  shell: true,
  fixes: ['Remove the flag or option'],
  fixSafety: 'manual',
  check({ model }) {
    const findings: ShellFinding[] = [];
    for (const c of executedCommands(model)) findings.push(...commandFindings(model, c));
    for (const w of fileWrites(model)) {
      const into = w.target ? ` into ${w.target}` : '';
      findings.push(...trustedYes(w.text, (option) => `Writing \`[${option}]\`${into}`));
      for (const m of matchesIn(
        w.text,
        // linear: a literal key, then blank runs around `=`, each ended by a character it cannot read
        /(?:^|[\s\]]|\\n)(gpgcheck\s*=\s*["']?(?:0|false|no|off)["']?)(?=$|[\s;'"]|\\n)/i,
      )) {
        findings.push({
          start: m.start,
          end: m.end,
          message: `Writing \`${m.match[1]}\`${into} makes yum/dnf/zypper install that repository's packages without checking their signatures. Set gpgcheck=1 and ${YUM_HINT}.`,
        });
      }
      for (const m of matchesIn(w.text, APT_CONF_LINE)) {
        findings.push({
          start: m.start,
          end: m.end,
          message: `Writing \`${m.match[1]}\`${into} makes apt accept unsigned or unauthenticated packages in every later install. Remove it and ${APT_HINT}.`,
        });
      }
      // linear: each line start reads only its own leading blanks, then literals
      for (const m of matchesIn(w.text, /(?:^|\n|\\n)[ \t]*(Trusted:[ \t]*yes)\b/i)) {
        // linear: each line start reads only its own leading blanks (no line break), then literals
        if (/(?:^|\n|\\n)[^\S\n]*URIs:\s*(file|copy|cdrom):/i.test(w.text.text)) continue;
        findings.push({
          start: m.start,
          end: m.end,
          message: `Writing \`Trusted: yes\`${into} makes apt accept anything that repository serves, signed or not. Remove it and reference the repository key with \`Signed-By:\`.`,
        });
      }
    }
    return toReports(model, findings, checkovChecks);
  },
};

/** `deb [trusted=yes] http://…` — a local `file:` repository built in the same step is not a network risk. */
function trustedYes(text: LogicalText, what: (option: string) => string): ShellFinding[] {
  const out: ShellFinding[] = [];
  for (const m of matchesIn(
    text,
    // linear: the options end at the first `]` and never span a `[`, so each `deb [` scans only its own options, and the
    // lookahead checks first that they close and a URI follows, so the first `trusted=yes` found is the match
    /deb(?:-src)?\s+\[(?=[^[\]]*\]\s*\S)[^[\]]*?\b((?:trusted|allow-insecure)\s*=\s*yes)\b[^[\]]*\]\s*(\S+)/i,
  )) {
    if (LOCAL_URI.test(m.match[2])) continue;
    out.push({
      start: m.start,
      end: m.end,
      message: `${what(m.match[1])} makes apt accept anything ${m.match[2].replace(/["']/g, '')} serves, signed or not. Remove it and ${APT_HINT}.`,
    });
  }
  return out;
}

function commandFindings(model: DockerfileModel, c: ExecCommand): ShellFinding[] {
  const { name, args } = applet(c);
  const out: ShellFinding[] = [];
  const flag = (o: ParsedOption, message: string) => out.push(optionFinding(model, c, o, message));
  if (name === 'apt-get' || name === 'apt' || name === 'aptitude') {
    const p = parseOptions(args, {
      shortValue: 'octa',
      longValue: ['option', 'config-file', 'target-release', 'host-architecture'],
    });
    for (const o of p.options) {
      if (!o.long && o.name !== 'o') continue;
      const on = o.value === null || isTrue(o.value);
      if (o.name === 'allow-unauthenticated' && on) {
        flag(
          o,
          `\`${name} --allow-unauthenticated\` installs packages whose signatures are missing or wrong, so a tampered mirror or proxy can slip anything in. Remove it and ${APT_HINT}.`,
        );
      } else if (o.name === 'force-yes' && on) {
        flag(
          o,
          `\`${name} --force-yes\` also lets unauthenticated packages through (and is deprecated). Remove it; use -y, and \`--allow-downgrades\`/\`--allow-change-held-packages\` for the specific case you need.`,
        );
      } else if (o.name === 'allow-insecure-repositories' && on) {
        flag(
          o,
          `\`${name} --allow-insecure-repositories\` accepts repositories whose Release file is unsigned or fails verification. Remove it and ${APT_HINT}.`,
        );
      } else if (o.name === 'allow-untrusted' && name === 'aptitude' && on) {
        flag(
          o,
          '`aptitude --allow-untrusted` installs packages from unauthenticated sources. Remove it and ' +
            APT_HINT +
            '.',
        );
      } else if ((o.name === 'o' || o.name === 'option') && o.value) {
        const kv = /^([^=]+)=(.*)$/.exec(o.value.trim());
        if (kv && APT_KEYS.test(kv[1].trim()) && isTrue(kv[2])) {
          flag(
            o,
            `\`-o ${o.value.trim()}\` makes ${name} accept unsigned or unauthenticated packages. Remove it and ${APT_HINT}.`,
          );
        }
      }
    }
  } else if (name === 'apk') {
    const p = parseOptions(args, {
      shortValue: 'Xpt',
      longValue: [
        'repository',
        'root',
        'keys-dir',
        'cache-dir',
        'arch',
        'virtual',
        'repositories-file',
        'cache-max-age',
        'timeout',
        'progress-fd',
        'output',
      ],
    });
    // `apk index --allow-untrusted` only writes an index of local packages; it installs nothing
    if (p.operands[0]?.value === 'index') return out;
    const localFiles =
      p.operands.length > 1 &&
      p.operands.slice(1).every((w) => /\.apk$/.test(w.value) && !/^[a-z]+:\/\//i.test(w.value));
    for (const o of p.options) {
      if (o.long && o.name === 'allow-untrusted') {
        flag(
          o,
          localFiles
            ? '`apk --allow-untrusted` installs these package files without any signature check (and relaxes the check for everything else in the transaction). Sign them with abuild-sign and put the public key in /etc/apk/keys; if the build verifies the files itself (gpg --verify, sha256sum -c), record that with `# bulkhead-ignore package-signature-bypass -- <how>`.'
            : '`apk --allow-untrusted` installs packages whose signature is missing or made with an unknown key, for everything in that transaction. Remove it; sign local packages with abuild-sign and put the public key in /etc/apk/keys.',
        );
      }
    }
  } else if (YUM.test(name)) {
    const p = parseOptions(args, RPM_FAMILY);
    for (const o of p.options) {
      if (o.long && (o.name === 'nogpgcheck' || o.name === 'no-gpgchecks')) {
        flag(
          o,
          `\`${name} --${o.name}\` installs packages without checking their signatures, so a tampered mirror or proxy can slip anything in. Remove it and ${YUM_HINT}.`,
        );
      } else if (o.name === 'setopt' && o.value !== null && gpgcheckOff(o.value)) {
        flag(
          o,
          `\`--setopt=${o.value}\` makes ${name} install packages without checking their signatures. Remove it and ${YUM_HINT}.`,
        );
      }
    }
    const ops = p.operands;
    if (ops[0]?.value === 'config-manager' && ops[1]?.value === 'setopt') {
      const pairs = ops.slice(2);
      for (const w of pairs.filter((x) => gpgcheckOff(x.value))) {
        out.push({
          start: w.start,
          end: w.end,
          message: `\`config-manager setopt ${w.value}\` makes ${name} install packages without checking their signatures. Remove it and ${YUM_HINT}.`,
          fix: {
            title: 'Remove the setting',
            edits: pairs.length === 1 ? removeCommand(model, c, c.cmd) : removeWords(model, c, [w]),
          },
        });
      }
    }
  } else if (name === 'rpm') {
    const p = parseOptions(args, {
      shortValue: 'DE',
      longValue: [
        'root',
        'dbpath',
        'define',
        'eval',
        'macros',
        'rcfile',
        'prefix',
        'relocate',
        'excludepath',
        'queryformat',
        'qf',
        'pipe',
      ],
    });
    const shortLetters = p.options
      .filter((o) => !o.long)
      .map((o) => o.name)
      .join('');
    const queryish =
      /[qVKe]/.test(shortLetters) ||
      p.options.some((o) => o.long && /^(query|verify|checksig|erase|import)$/.test(o.name));
    const installs =
      !queryish &&
      (/[iUF]/.test(shortLetters) ||
        p.options.some((o) => o.long && /^(install|upgrade|freshen|reinstall)$/.test(o.name)));
    if (!installs) return out;
    for (const o of p.options) {
      if (o.long && /^(nosignature|nodigest|noverify|nofiledigest)$/.test(o.name)) {
        flag(
          o,
          `\`rpm --${o.name}\` installs the package without checking its ${o.name === 'nosignature' ? 'signature' : 'digests'}, so a tampered file goes in unnoticed. Remove it and import the vendor key with \`rpm --import\`.`,
        );
      }
    }
  } else if (name === 'zypper') {
    const p = parseOptions(args, {
      shortValue: 'RDrcnpt',
      longValue: [
        'root',
        'reposd-dir',
        'cache-dir',
        'raw-cache-dir',
        'solv-cache-dir',
        'pkg-cache-dir',
        'config',
        'repo',
        'from',
        'type',
        'name',
        'priority',
        'releasever',
      ],
    });
    const sub = p.operands[0]?.value ?? '';
    const repoCommand = /^(ar|addrepo|mr|modifyrepo)$/.test(sub);
    for (const o of p.options) {
      const bypass =
        (o.long &&
          /^(no-gpg-checks|allow-unsigned-rpm|gpgcheck-allow-unsigned|gpgcheck-allow-unsigned-repo|gpgcheck-allow-unsigned-package)$/.test(
            o.name,
          )) ||
        (o.long && o.name === 'no-gpgcheck' && repoCommand) ||
        (!o.long && o.name === 'G' && repoCommand && o.word.start > (p.operands[0]?.start ?? Infinity));
      if (bypass) {
        flag(
          o,
          `\`zypper ${o.long ? `--${o.name}` : '-G'}\` lets packages in without a valid signature, so a tampered mirror or proxy can slip anything in. Remove it and import the repository's signing key with \`rpm --import\`.`,
        );
      }
    }
  } else if (name === 'add-apt-repository' || name === 'apt-add-repository') {
    for (const w of args) out.push(...trustedYes(wordText(w), (option) => `\`[${option}]\``));
  }
  return out;
}

function gpgcheckOff(kv: string): boolean {
  const m = /^([^=]+)=(.*)$/.exec(kv.trim());
  return !!m && /(^|\.)gpgcheck$/i.test(m[1]) && isFalse(m[2]);
}

/** Checkov's separate checks (CKV2_DOCKER_7…11), by the option a finding points at; others match none of them. */
const CHECKOV_SIGNATURES: [RegExp, string][] = [
  [/^--allow-untrusted$/i, 'CKV2_DOCKER_7'],
  [/allow-?unauthenticated/i, 'CKV2_DOCKER_8'],
  [/^--nogpgcheck$/i, 'CKV2_DOCKER_9'],
  [/^--no(signature|digest|verify|filedigest)$/i, 'CKV2_DOCKER_10'],
  [/force-?yes/i, 'CKV2_DOCKER_11'],
];

function checkovChecks(token: string): Anchor[] {
  const hit = CHECKOV_SIGNATURES.find(([re]) => re.test(token));
  return hit ? [{ tool: 'checkov', id: hit[1] }] : [];
}
