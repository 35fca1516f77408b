import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerInstruction } from '../model/model';
import { displayUrl, hostOf } from '../analysis/downloads';
import { PLAIN_SCHEME as PLAIN, RemoteFetch, clearTextFetches } from '../analysis/remoteFetches';
import { looksInternal } from '../analysis/internalHosts';

export const plainHttpDownload: DockerfileRule = {
  id: 'plain-http-download',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Download over plain HTTP',
  rationale:
    'A download over `http://` (or the `git://` protocol) is neither encrypted nor authenticated: anyone on the network path (a proxy, a compromised router or mirror, a hostile network) can read what the build fetches and any credentials it sends, and answer with content of their own. Following a redirect to https does not help: the first request and its answer already crossed the network in the clear.',
  remedy:
    'Use `https://` (when the server supports it). A mirror on your own network that only speaks HTTP goes in `internalHosts`.',
  guidance: ['Build: verify downloads and packages'],
  anchors: [],
  fixes: ['Use https://'],
  fixSafety: 'manual',
  fixLeaves: ['download-without-verification', 'add-remote-without-checksum'],
  check({ model, config }) {
    const plain = clearTextFetches(model, config.internalHosts ?? []);
    // a RUN that fetches its checksum list or key in the clear proves nothing against the network path
    const anchorsInClear = new Set<DockerInstruction>(plain.filter((f) => f.trustAnchor).map((f) => f.inst));
    const seen = new Set<string>();
    const out: Report[] = [];
    for (const f of plain) {
      const key = `${f.start}:${f.end}`;
      if (seen.has(key)) continue; // a `$(…)` in a `sh -c "…"` string is read twice, at the same offsets
      seen.add(key);
      const lowered = !!f.verifiedBy && !f.trustAnchor && !f.credentials && !anchorsInClear.has(f.inst);
      out.push({
        range: model.range(f.start, f.end),
        message: message(f, lowered, anchorsInClear.has(f.inst)),
        ...(lowered ? { severity: 'info' as const } : {}),
        fixes: f.toHttps
          ? [
              {
                title: f.impliedScheme ? 'Write https:// before the URL' : `Use https:// instead of ${scheme(f)}://`,
                edits: [{ range: model.range(f.toHttps.start, f.toHttps.end), newText: f.toHttps.newText }],
                isPreferred: true,
                manual: true,
              },
            ]
          : [],
      });
    }
    return out;
  },
};

function scheme(f: RemoteFetch): string {
  return f.url.slice(0, f.url.indexOf(':')).toLowerCase();
}

function message(f: RemoteFetch, lowered: boolean, anchorInClear: boolean): string {
  const url = displayUrl(f.url);
  // the URL as the build uses it; as written too when a variable holds its scheme (`$MIRROR/x`)
  const shown =
    f.variables && !PLAIN.test(f.written)
      ? `\`${f.via} ${displayUrl(f.written)}\` (${url})`
      : `\`${f.via} ${f.impliedScheme ? displayUrl(f.written) : url}\``;
  const how =
    scheme(f) === 'git'
      ? `${shown} uses the git protocol, which is neither encrypted nor authenticated`
      : f.impliedScheme
        ? `${shown} names no scheme, so ${f.via} fetches it over plain HTTP`
        : `${shown} fetches over plain HTTP`;
  const fix = `Use \`https://\` if the server supports it${looksInternal(hostOf(f.url)) ? ' (a mirror on your own network that only speaks HTTP goes in internalHosts)' : ''}.`;
  if (lowered)
    return `${how}. ${cap(f.verifiedBy ?? '')} catches tampered content, but anyone on the network path still sees what the build downloads. ${fix}`;
  if (f.trustAnchor)
    return `${how}, and it is a checksum list or key: anyone on the network path can replace it, and with it whatever it is used to check. ${fix}`;
  if (f.credentials)
    return `${how}, credentials included: anyone on the network path can read them, and replace what is downloaded. ${fix}`;
  if (f.verifiedBy && anchorInClear)
    return `${how}, and the checksum list or key it is checked against also arrives over plain HTTP in this RUN: anyone on the network path can replace both. ${fix}`;
  const redirect = scheme(f) === 'http' ? ' (a redirect to https comes too late)' : '';
  // nothing checks it either: download-without-verification and add-remote-without-checksum leave this URL to this
  // finding (one report per problem), so it names the check too
  const check =
    f.via === 'ADD'
      ? ' and add `--checksum=sha256:<digest>` (git sources: pin a full commit), so changed content fails the build'
      : f.via.startsWith('git')
        ? ', and check out a full commit (`git checkout <40-hex sha>`) or verify a signed tag (`git verify-tag`)'
        : ", and pin its checksum (`sha256sum -c`, in PowerShell `Get-FileHash`) or verify the publisher's signature";
  return `${how}: anyone on the network path can read it and replace it with content of their own${redirect}, and nothing in the build checks what arrives. ${fix.slice(0, -1)}${check}.`;
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
