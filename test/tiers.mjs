// The real-client test tiers and what each needs from the machine: one list for the tier files, the summary at the
// end of `npm test`, and the rule that under CI=true a skipped client tier is a failure (CI installs what they need,
// so a skip there means a broken install step).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingPrerequisites } from './e2e/codeServer.mjs';

let emacs;
/** What the Emacs tier lacks: Emacs, or the eglot and dockerfile-mode packages it loads (test/emacs/packages.el). */
function emacsMissing() {
  if (emacs !== undefined) return emacs;
  if (spawnSync('emacs', ['--version']).status !== 0) return (emacs = 'emacs is not installed');
  const packages = path.join(path.dirname(fileURLToPath(import.meta.url)), 'emacs/packages.el');
  const r = spawnSync('emacs', ['--batch', '-Q', '-l', packages], { encoding: 'utf8', timeout: 60000 });
  const why = r.stderr?.trim().split('\n').pop();
  return (emacs =
    r.status === 0 ? null : `Emacs cannot load eglot and dockerfile-mode (${why || r.error || r.signal})`);
}

export function clientTiers() {
  const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  const registryTools = ['docker-registry', 'skopeo', 'htpasswd', 'openssl'].filter(
    (bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0,
  );
  return [
    {
      name: 'Neovim',
      missing: nvim.status === 0 ? null : 'nvim is not installed',
      enable: 'apt-get install neovim (or: bash scripts/system-deps.sh test, as root)',
    },
    {
      // test/emacs/: the server in eglot, Emacs's LSP client (built in from Emacs 29; Debian 12 has Emacs 28)
      name: 'Emacs',
      get missing() {
        return emacsMissing();
      },
      enable:
        'apt-get install -y --no-install-recommends emacs-nox elpa-eglot elpa-dockerfile-mode (or: bash scripts/system-deps.sh test, as root)',
    },
    {
      name: 'VS Code end-to-end',
      missing: missingPrerequisites(),
      enable:
        'bash scripts/system-deps.sh test (as root), or apt-get install chromium ripgrep build-essential python3 libkrb5-dev',
    },
    {
      // test/unit/registry-real.test.ts: the registry client against CNCF distribution's registry
      name: 'Real registry',
      missing: registryTools.length ? `${registryTools.join(', ')} not installed` : null,
      enable:
        'apt-get install -y --no-install-recommends docker-registry skopeo apache2-utils (and openssl; or: bash scripts/system-deps.sh test, as root)',
    },
  ];
}

/** A tier's `skip` option: false when it can run; its reason when not; under CI=true, false (the tier runs and fails). */
export function skipUnlessAvailable(name) {
  const tier = clientTiers().find((t) => t.name === name);
  if (!tier?.missing) return { skip: false, missing: null };
  if (process.env.CI === 'true')
    return { skip: false, missing: `${name} tier cannot run under CI=true: ${tier.missing}; ${tier.enable}` };
  return { skip: `${name} tier skipped: ${tier.missing}; enable it with: ${tier.enable}`, missing: tier.missing };
}
