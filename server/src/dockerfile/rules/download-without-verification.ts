import type { DockerfileRule } from '../context';
import { basename } from '../analysis/commands';
import { displayUrl } from '../analysis/downloads';
import { ShellFinding, toReports } from '../analysis/shellFindings';
import { unverifiedDownloads } from '../analysis/unverifiedDownloads';
import { unverifiedClearTextStarts } from '../analysis/remoteFetches';
import { describeWindowsDownload, hashCheck, unverifiedWindowsDownloads } from '../analysis/windowsDownloads';

export const downloadWithoutVerification: DockerfileRule = {
  id: 'download-without-verification',
  kind: 'dockerfile',
  severity: 'info',
  title: 'Download not verified',
  rationale:
    'A file fetched with curl, wget, Invoke-WebRequest or WebClient is whatever the server, a mirror, a CDN or the network path served at build time. Without a pinned checksum or a signature check, a compromised release or a swapped file goes into the image unnoticed.',
  remedy:
    'Check what you download in the same RUN: pin its checksum (`echo "<sha256>  file" | sha256sum -c -`; in PowerShell compare `(Get-FileHash file -Algorithm SHA256).Hash` with a pinned value) or verify the publisher\'s signature (`gpg --batch --verify file.asc file`, `cosign verify-blob`, `Get-AuthenticodeSignature`), before using it.',
  guidance: ['Build: verify downloads and packages'],
  anchors: [],
  shell: true,
  fixes: [],
  check({ model, config }) {
    const findings: ShellFinding[] = [];
    // fetched over plain HTTP too: plain-http-download reports the URL once, naming the missing check
    const inTheClear = unverifiedClearTextStarts(model, config.internalHosts ?? []);
    for (const { download: d, target, runBy } of unverifiedDownloads(model)) {
      // saved and then run: remote-script-piped-to-shell reports it, at error (one report per problem)
      const url = d.urls[0];
      if (runBy || inTheClear.has(url.start)) continue;
      const shown = `\`${d.tool} ${displayUrl(url.value)}\``;
      findings.push({
        start: url.start,
        end: url.end,
        message:
          target.kind === 'stream'
            ? `${shown} is unpacked by \`${target.tool}\` straight from the network, and nothing in this RUN verifies it. Download it to a file, check it (\`echo "<sha256>  file" | sha256sum -c -\` or \`gpg --batch --verify file.asc file\`), then unpack it.`
            : `${shown} saves ${target.file ? `\`${target.file}\`` : 'a file'} that nothing in this RUN verifies, so a compromised server or mirror goes unnoticed. Pin its checksum (\`echo "<sha256>  ${target.file ? basename(target.file) : 'file'}" | sha256sum -c -\`) or check the publisher's signature (\`gpg --batch --verify\`) before using it.`,
      });
    }
    // PowerShell and cmd (Windows stages, `pwsh -c` in Linux stages)
    for (const { download: d, runBy } of unverifiedWindowsDownloads(model)) {
      if (runBy || !d.file || inTheClear.has(d.url.start)) continue;
      findings.push({
        start: d.url.start,
        end: d.url.end,
        message: `${describeWindowsDownload(d)} saves \`${d.file.value}\` that nothing in this RUN verifies, so a compromised server or mirror goes unnoticed. ${hashCheck(d)} before using it.`,
      });
    }
    return toReports(model, findings);
  },
};
