/**
 * A rule page's generated header (scripts/generate.mjs writes `# <id> — <title>` and `Kind: … · Default severity: …`):
 * what the client's rule picker shows beside each id. Pure (no `vscode`).
 */
export function ruleDocHeader(text: string): { title?: string; severity?: string } {
  // the first lines only: the header is at the top of the page
  const head = text.slice(0, 2000);
  const title = /^# \S+ \u2014 ([^\n]+)$/m.exec(head)?.[1]?.trim();
  const severity = /Default severity: ([a-z]+)/.exec(head)?.[1];
  return { title, severity };
}
