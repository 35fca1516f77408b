import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import { runCommands } from '../analysis/commands';
import { readsSecret } from '../analysis/secretSources';
import { credentialPlace, credentials, RANDOM_VALUE, TEMPLATE } from '../analysis/credentials';
import { powerShellCredentials } from './credentials-in-run/powershell';
import { netUserPasswords } from './credentials-in-run/netUser';

export const credentialsInRun: DockerfileRule = {
  id: 'credentials-in-run',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Credentials passed on a RUN command line',
  rationale:
    'A credential on a RUN command line is kept in the image history and the build log, visible in the process list, and often written to a config file in the layer (git remotes, ~/.aws/credentials, .npmrc).',
  remedy:
    'Mount the credential for the one step that needs it with `RUN --mount=type=secret` and read it from the mounted file or variable (for example `--password-stdin < /run/secrets/<id>`).',
  guidance: ['Build: no secrets in images'],
  anchors: [
    { tool: 'trivy', id: 'DS-0031' },
    { tool: 'checkov', id: 'CKV2_DOCKER_17' },
  ],
  shell: true,
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    const seen = new Set<number>();
    for (const c of runCommands(model)) {
      for (const cred of credentials(c)) {
        if (seen.has(cred.word.start)) continue;
        if (!cred.value || TEMPLATE.test(cred.value) || RANDOM_VALUE.test(cred.value)) continue;
        // the spec's exception: the RUN mounts a secret and the credential is read from it
        if (readsSecret(model, c.inst, c.script, cred.value)) continue;
        seen.add(cred.word.start);
        out.push({
          range: model.range(cred.word.start, cred.word.end),
          message: cred.message,
          secret: credentialPlace(model, cred.word.start, cred.word.end, cred.value),
        });
      }
    }
    // PowerShell code (credentials-in-run/powershell.ts)
    for (const cred of powerShellCredentials(model)) {
      if (seen.has(cred.start) || !cred.value || TEMPLATE.test(cred.value)) continue;
      seen.add(cred.start);
      out.push({
        range: model.range(cred.start, cred.end),
        message: cred.message,
        secret: credentialPlace(model, cred.start, cred.end, cred.value),
      });
    }
    // `net user <name> <password>` in Windows stages (credentials-in-run/netUser.ts)
    for (const cred of netUserPasswords(model)) {
      if (seen.has(cred.start)) continue;
      // a variable is a credential when a build argument or ENV of the file sets it (its value is then in the image
      // history or configuration); one the script assigns itself (a generated password) is not known to be one.
      // Windows reads environment names in any case: the name as written, or in upper or lower case
      const vars = model.varsAt(cred.inst);
      const env = cred.env;
      const declared = env !== null && [env, env.toUpperCase(), env.toLowerCase()].some((n) => vars.has(n));
      if (cred.dynamic && !declared) continue;
      if (TEMPLATE.test(cred.value) || WINDOWS_RANDOM.test(cred.value)) continue;
      seen.add(cred.start);
      out.push({
        range: model.range(cred.start, cred.end),
        message: cred.message,
        secret: credentialPlace(model, cred.start, cred.end, cred.value),
      });
    }
    return out;
  },
};

/** PowerShell values generated at build time (`$([guid]::NewGuid())`, `Get-Random`, `GeneratePassword(…)`). */
// linear: literal alternatives
const WINDOWS_RANDOM = /NewGuid|New-Guid|Get-Random|GeneratePassword|RandomNumberGenerator/i;
