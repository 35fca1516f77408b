import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import { addSources, copyOperands } from '../analysis/sources';
import type { DockerfileModel, DockerInstruction } from '../model/model';
import { trimTrailing } from '../../text/scan';
import { remembered } from '../../common/memo';
import { visitInstructions } from '../visitor';

/** Sensitive file names (matched on the last path segment, case-insensitive) and what they are. */
const SENSITIVE_FILES: { re: RegExp; what: string }[] = [
  { re: /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?([._-].*)?$/, what: 'an SSH private key' },
  { re: /\.pem$/, what: 'a PEM key file' },
  { re: /\.key$/, what: 'a private key file' },
  { re: /\.(p12|pfx)$/, what: 'a PKCS#12 key store' },
  { re: /\.(jks|keystore)$/, what: 'a Java key store' },
  { re: /^\.env(\..+)?$/, what: 'an environment file with secrets' },
  { re: /^\.npmrc$/, what: 'an npm config with registry tokens' },
  { re: /^\.pypirc$/, what: 'a PyPI config with upload credentials' },
  { re: /^\.netrc$/, what: 'a netrc with login passwords' },
  { re: /^\.git-credentials$/, what: 'stored git credentials' },
  { re: /^(.*\.)?kubeconfig$/, what: 'a kubeconfig' },
  { re: /^credentials\.json$/, what: 'a credentials file' },
  { re: /\.tfstate(\.backup)?$/, what: 'Terraform state (it holds secrets in clear text)' },
];

/** Directories whose whole content is credentials (`.ssh/`, `.aws/`, `.kube/`, `.gnupg/`, `.docker/config.json`). */
const SENSITIVE_DIRS: { re: RegExp; what: string }[] = [
  { re: /(^|\/)\.ssh(\/|$)/, what: 'an SSH key directory' },
  { re: /(^|\/)\.aws(\/|$)/, what: 'AWS credentials' },
  { re: /(^|\/)\.kube\/config$|(^|\/)\.kube\/?$/, what: 'a kubeconfig' },
  { re: /(^|\/)\.gnupg(\/|$)/, what: 'GnuPG private keys' },
  { re: /(^|\/)\.docker\/config\.json$/, what: 'Docker registry credentials' },
];

/** Templates and public halves: safe to ship. */
const SAFE = [
  /\.(pub|crt|cer|asc)$/i,
  /^\.env\.(example|sample|template|tmpl|tpl|dist|defaults?|schema|test|ci)$/i,
  /\.(example|sample|template|tmpl|tpl|dist)$/i,
];

/** `.key`/`.pem` files named as public or package-repository signing keys (`nodesource.gpg.key`, `release.key`). */
const PUBLIC_KEY_NAME = /(^|[._-])(public|pub|gpg|pgp|apt|repo|release|signing|archive|keyring)([._-]|$)/i;

/** `.pem` holds certificates as often as keys: these names say certificate. */
const CERTIFICATE_PEM =
  // linear: literal words between separators; the only run, `\d*` after `ffdhe`, ends where the digits do
  /(^|[._-])(cert|certs|certificate|chain|fullchain|bundle|ca|cacert|ca-certificates|ca-bundle|root|intermediate|trust|truststore|dh|dhparams?|ffdhe\d*)([._-]|$)/i;

/** Files in `.ssh/` that hold only public material. */
const SSH_PUBLIC = /^(authorized_keys2?|known_hosts|config|.*\.pub)$/i;

/** A destination that names the file as public (`COPY release.key /usr/share/keyrings/x.gpg`, `… /war/key.pub`). */
const PUBLIC_DESTINATION = /\.(pub|asc|gpg|crt|cer)$|(^|\/)(keyrings?|trusted\.gpg\.d|ca-certificates)(\/|$)/i;

export const secretFileCopied: DockerfileRule = {
  id: 'secret-file-copied',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Secret file copied into the image',
  rationale:
    'A key, token file or credential store copied with COPY/ADD is stored in an image layer; anyone who can pull the image can extract it, even when a later step deletes the file.',
  remedy:
    'Mount the file only for the step that needs it with `RUN --mount=type=secret,id=<id>,target=<path>` (or `--mount=type=ssh` for SSH keys) and build with `--secret`.',
  guidance: ['Build: no secrets in images'],
  anchors: [
    { tool: 'trivy', id: 'DS-0031' },
    { tool: 'dockle', id: 'CIS-DI-0010' },
  ],
  fixes: [],
  check: (ctx) =>
    visitInstructions(ctx, {
      keywords: ['COPY', 'ADD'],
      onbuild: true,
      visit(inst, { model }) {
        const out: Report[] = [];
        const destination = copyDestination(model, inst);
        if (PUBLIC_DESTINATION.test(destination)) return;
        for (const src of addSources(model, inst)) {
          if (src.remote || !src.known) continue;
          const path = src.value;
          const what = sensitive(path);
          if (!what) continue;
          const ssh = /ssh/i.test(what);
          const shown = path === src.written ? `"${path}"` : `${src.written} = "${path}"`;
          out.push({
            range: model.range(src.start, src.end),
            message: `${inst.effectiveKeyword} puts ${what} (${shown}) into an image layer, where anyone who can pull the image can read it. Mount it only for the step that needs it with ${ssh ? 'RUN --mount=type=ssh (or --mount=type=secret)' : 'RUN --mount=type=secret,id=…,target=…'} instead.`,
          });
        }
        return out;
      },
    }),
};

/**
 * What sensitive thing a source path names, or null. Globs (`*.pem`, `.env*`) count when their pattern does. Answers
 * kept: the same sources recur (`.`, `package.json`, `requirements.txt`), and each look-up runs some forty patterns
 * (issue 21: 3 % of a warm lint of typical Dockerfiles).
 */
const sensitive = remembered(sensitiveNow);

function sensitiveNow(path: string): string | null {
  // Windows paths use backslashes
  const clean = trimTrailing(path.replace(/\\/g, '/'), '/').replace(/^\.\//, '');
  const base = clean.slice(clean.lastIndexOf('/') + 1);
  const inSsh = /(^|\/)\.ssh\/[^/]+$/.test(clean);
  for (const d of SENSITIVE_DIRS) if (d.re.test(clean) && !(inSsh && SSH_PUBLIC.test(base))) return d.what;
  if (!base || SAFE.some((s) => s.test(base))) return null;
  if (/\.(pem|key)\*?$/i.test(base) && PUBLIC_KEY_NAME.test(base)) return null;
  if (/\.pem\*?$/i.test(base) && CERTIFICATE_PEM.test(base)) return null;
  // `.env*` / `*.pem`: check the glob with its wildcard removed
  const literal = trimTrailing(base, '*').replace(/^\*+/, '');
  const lowerBase = base.toLowerCase();
  const lowerLiteral = literal !== base && literal ? literal.toLowerCase() : null;
  for (const f of SENSITIVE_FILES)
    if (f.re.test(lowerBase) || (lowerLiteral !== null && f.re.test(lowerLiteral))) return f.what;
  return null;
}

function copyDestination(model: DockerfileModel, inst: DockerInstruction): string {
  const operands = copyOperands(model, inst);
  return operands.length > 1 ? trimTrailing(operands[operands.length - 1].value, '/') : '';
}
