import type { DockerfileModel } from '../../model/model';
import type { Word } from '../../model/shell';
import type { ShellFinding } from '../../analysis/shellFindings';
import { CURL_OPTIONS, WGET_OPTIONS, onlyLoopback } from '../../analysis/downloads';
import { ParsedOption, longMatches, parseOptions } from '../../analysis/options';
import { PsElement, PsToken, argWord, bindParameters } from '../../analysis/powershell';
import { INVOKE_RESTMETHOD, INVOKE_WEBREQUEST, cmdletOf } from '../../analysis/windowsDownloads';
import { programName, windowsRuns } from '../../analysis/windowsScripts';

/**
 * Certificate checks turned off in PowerShell and cmd: `Invoke-WebRequest -SkipCertificateCheck` (and
 * Invoke-RestMethod, any unique prefix of the name), a certificate validation callback that accepts everything
 * (`[Net.ServicePointManager]::ServerCertificateValidationCallback = { $true }`, a trust-all CertificatePolicy,
 * `DangerousAcceptAnyServerCertificateValidator`), and `curl.exe -k`/`--insecure`, `wget --no-check-certificate`.
 * `[Net.ServicePointManager]::SecurityProtocol = Tls12` chooses a protocol version; it turns nothing off.
 */
export function windowsTlsFindings(model: DockerfileModel): ShellFinding[] {
  const out: ShellFinding[] = [];
  const text = model.text;
  const { powershell, cmd } = windowsRuns(model);
  for (const run of powershell) {
    for (const el of run.script.elements) {
      const c = el.command;
      if (c) {
        const cmdlet = cmdletOf(c.name, run.edition);
        if (cmdlet === 'invoke-webrequest' || cmdlet === 'invoke-restmethod') {
          const b = bindParameters(c, cmdlet === 'invoke-webrequest' ? INVOKE_WEBREQUEST : INVOKE_RESTMETHOD);
          const skip = b.named.get('skipcertificatecheck');
          if (skip && !(skip.value && /^\$false$/i.test(text.slice(skip.value.start, skip.value.end)))) {
            out.push({
              start: skip.dash.start,
              end: skip.value ? skip.value.end : skip.dash.end,
              message: `\`${c.nameToken.value} -${skip.dash.dash?.value ?? 'SkipCertificateCheck'}\` accepts any certificate (expired, self-signed, for another host), so anyone on the network path can replace the download. Remove it; if the server uses a private CA, import that CA into the trust store (\`Import-Certificate -CertStoreLocation Cert:\\LocalMachine\\Root\`) instead.`,
            });
          }
        } else {
          const program = programName(c.name);
          const native =
            program === 'curl' || program === 'wget' ? cmdlet === program || c.name.endsWith('.exe') : false;
          if (native)
            out.push(
              ...nativeFindings(
                program,
                c.args.map((a) => argWord(a, text)),
              ),
            );
        }
      }
      out.push(...callbackFindings(el, text));
    }
  }
  for (const run of cmd)
    for (const c of run.commands)
      if (c.name === 'curl' || c.name === 'wget') out.push(...nativeFindings(c.name, c.args));
  return out;
}

/** `[Net.ServicePointManager]::ServerCertificateValidationCallback = { $true }` and its kin. */
function callbackFindings(el: PsElement, text: string): ShellFinding[] {
  const out: ShellFinding[] = [];
  const target = el.assignTarget;
  const member = target?.[target.length - 1];
  if (target && member?.kind === 'member') {
    const name = member.value.toLowerCase();
    const value = el.tokens;
    const accepts =
      name === 'servercertificatevalidationcallback' || name === 'servercertificatecustomvalidationcallback'
        ? value.some(acceptsAll) ||
          value.some((t) => t.kind === 'member' && /^DangerousAcceptAnyServerCertificateValidator$/i.test(t.value))
        : name === 'certificatepolicy' &&
          /trustall|acceptall/i.test(value.map((t) => text.slice(t.start, t.end)).join(' '));
    if (accepts) {
      out.push({
        start: target[0].start,
        end: member.end,
        message: `Setting \`${text.slice(target[0].start, member.end)}\` to accept every certificate turns off TLS checks for every later web request of this PowerShell session, so anyone on the network path can replace what the build downloads. Remove it; if a server uses a private CA, import that CA into the trust store (\`Import-Certificate -CertStoreLocation Cert:\\LocalMachine\\Root\`) instead.`,
      });
    }
    return out;
  }
  // `$handler.ServerCertificateCustomValidationCallback = [Net.Http.HttpClientHandler]::DangerousAcceptAny…`, or passed
  for (const t of el.tokens)
    if (t.kind === 'member' && /^DangerousAcceptAnyServerCertificateValidator$/i.test(t.value))
      out.push({
        start: t.start,
        end: t.end,
        message:
          '`DangerousAcceptAnyServerCertificateValidator` accepts every certificate, so anyone on the network path can replace what the build downloads. Remove it; if a server uses a private CA, import that CA into the trust store instead.',
      });
  return out;
}

/** A script block that returns `$true` whatever it is given: `{ $true }`, `{ param($a, $b) $true }`, `{ return $true }`. */
function acceptsAll(t: PsToken): boolean {
  if (t.kind !== 'group' || t.value !== '{' || !t.inner) return false;
  const tokens = t.inner.statements.flatMap((st) => st.elements.flatMap((e) => e.tokens));
  const rest = tokens.filter((x, k) => {
    if (x.kind === 'word' && /^(param|return)$/i.test(x.value)) return false;
    // the parameter list after `param`
    const before = tokens[k - 1];
    return !(x.kind === 'group' && x.value === '(' && before?.kind === 'word' && /^param$/i.test(before.value));
  });
  return rest.length === 1 && rest[0].kind === 'variable' && rest[0].value.toLowerCase() === 'true';
}

/** `curl.exe -k`/`--insecure`, `wget --no-check-certificate` run from PowerShell or cmd. */
function nativeFindings(tool: string, args: Word[]): ShellFinding[] {
  const out: ShellFinding[] = [];
  const at = (o: ParsedOption) => {
    const letter = !o.long && o.letter !== undefined && !o.alone ? o.word.offsets?.[o.letter] : undefined;
    return letter !== undefined ? { start: letter, end: letter + 1 } : { start: o.word.start, end: o.word.end };
  };
  if (tool === 'curl') {
    const p = parseOptions(args, CURL_OPTIONS);
    if (onlyLoopback(p.operands)) return out;
    for (const o of p.options)
      if ((!o.long && o.name === 'k') || (o.long && ['insecure', 'proxy-insecure', 'doh-insecure'].includes(o.name)))
        out.push({
          ...at(o),
          message: `\`curl ${o.long ? `--${o.name}` : '-k'}\` turns off TLS certificate checks, so anyone on the network path can replace the download. Remove it; if the server uses a private CA, import that CA into the Windows trust store or pass --cacert.`,
        });
  } else {
    const p = parseOptions(args, WGET_OPTIONS);
    if (onlyLoopback(p.operands)) return out;
    for (const o of p.options)
      if (o.long && o.value === null && longMatches(o.name, 'no-check-certificate', 'no-check-c'.length))
        out.push({
          ...at(o),
          message:
            '`wget --no-check-certificate` turns off TLS certificate checks, so anyone on the network path can replace the download. Remove it; if the server uses a private CA, pass --ca-certificate.',
        });
  }
  return out;
}
