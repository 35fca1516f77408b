import type { DockerfileModel } from '../../model/model';
import { PsArg, PsToken, argText, bindParameters, isLiteral } from '../../analysis/powershell';
import { windowsRuns } from '../../analysis/windowsScripts';
import { urlUserinfo } from '../../../data/secretPatterns';

/** A credential written in PowerShell code: where, its value, and the advice. */
export interface PowerShellCredential {
  start: number;
  end: number;
  value: string;
  message: string;
}

const SECRET_HINT =
  'RUN --mount=type=secret,id=…,env=… (docker build --secret …), and read it in PowerShell from `$env:<name>`';

/** Parameters whose value is a secret when written as a literal (whole names: `-Password`, `-NuGetApiKey`, `-Token`). */
const SECRET_PARAMETER =
  /^(password|passwd|pwd|plainpassword|apikey|nugetapikey|token|accesstoken|personalaccesstoken|clientsecret|secret)$/i;

/**
 * Credentials in PowerShell code: `ConvertTo-SecureString 'literal' -AsPlainText` (also through a variable assigned a
 * literal in the same script, and inside `New-Object PSCredential(…)` / `[pscredential]::new(…)`), a literal after
 * `-Password`, `-NuGetApiKey`, `-Token` …, and URLs with a password. A literal after `-Credential` is a user name
 * (PowerShell prompts for the password), not a secret.
 */
export function powerShellCredentials(model: DockerfileModel): PowerShellCredential[] {
  const out: PowerShellCredential[] = [];
  const text = model.text;
  for (const run of windowsRuns(model).powershell) {
    const assigned = new Map<string, PsToken[]>();
    for (const el of run.script.elements) {
      const c = el.command;
      if (c && c.name.replace(/^[\w.]+\\/, '') === 'convertto-securestring') {
        const b = bindParameters(c, {
          names: ['string', 'asplaintext', 'force', 'securekey', 'key'],
          switches: ['asplaintext', 'force'],
          positional: ['string', 'securekey'],
        });
        const value = b.named.get('string')?.value;
        if (value && b.named.has('asplaintext')) {
          const literal = literalOf(value, assigned);
          if (literal)
            out.push({
              start: literal[0].start,
              end: literal[literal.length - 1].end,
              value: argText(literal, text),
              message: `ConvertTo-SecureString -AsPlainText turns a password written in the Dockerfile into a SecureString: it stays readable in the image history and build log. Read it from a build secret instead: ${SECRET_HINT}.`,
            });
        }
      }
      if (c) {
        c.args.forEach((a, k) => {
          if (!a.dash || !SECRET_PARAMETER.test(a.dash.value)) return;
          const value = a.dash.colon || !c.args[k + 1]?.dash ? c.args[k + 1] : undefined;
          const literal = value && literalOf(value, assigned);
          if (literal)
            out.push({
              start: literal[0].start,
              end: literal[literal.length - 1].end,
              value: argText(literal, text),
              message: `\`${c.nameToken.value} -${a.dash.value}\` gets a credential written in the Dockerfile, where the image history and build log keep it. Read it from a build secret instead: ${SECRET_HINT}.`,
            });
        });
      }
      for (const t of el.tokens) {
        if ((t.kind !== 'string' && t.kind !== 'word') || !t.value.includes('://') || !t.value.includes('@')) continue;
        const url = urlUserinfo(t.value);
        if (url?.user && url.password && !url.password.startsWith('$'))
          out.push({
            start: t.start,
            end: t.end,
            value: url.password,
            message: `A password in this URL is written in the Dockerfile, where the image history and build log keep it. Read it from a build secret instead: ${SECRET_HINT}.`,
          });
      }
      if (el.assignTo && el.tokens.length === 1 && isLiteral(el.tokens)) assigned.set(el.assignTo, el.tokens);
    }
  }
  return out;
}

/** The literal an argument is: itself, or the literal last assigned to the variable it names. */
function literalOf(arg: PsArg, assigned: Map<string, PsToken[]>): PsToken[] | null {
  if (isLiteral(arg)) return arg.tokens;
  const only = arg.tokens.length === 1 ? arg.tokens[0] : undefined;
  if (only?.kind === 'variable') return assigned.get(only.value.toLowerCase()) ?? null;
  // `(ConvertTo-SecureString …)` is read as its own command; nothing else is a literal
  return null;
}
