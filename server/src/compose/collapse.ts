import type { Diagnostic, DiagnosticRelatedInformation, Range, TextEdit } from 'vscode-languageserver-types';
import { isMap, isPair, isScalar } from 'yaml';
import type { ComposeModel } from './model';
import { definedElsewhere } from './serviceValues';
import type { DiagnosticData } from '../rules/diagnostics';
import type { Fix } from '../rules/types';
import { sameRange } from '../rules/codeActions';
import { maskSecretsIn } from '../rules/secrets';
import { joinList } from '../text/list';

/**
 * One finding for a setting most services leave out. A file whose five services all lack `no-new-privileges` gets
 * one finding on `services:` naming them (with related information pointing at each service), not five identical
 * ones: the same advice repeated per service is noise that hides the findings that differ. It carries one fix that
 * adds the setting to all of them and a fix per service.
 *
 * A rule's findings are collapsed when at least two services and more than half of the services this file defines
 * fully (not partial ones: see definedElsewhere) leave the same setting out, as the findings' summaries say
 * (compose-no-resource-limits names the limits each service lacks: services that lack the same ones are one group).
 * Findings about a value a service writes (`read_only: false`) are never collapsed: each says something of its own.
 */

/** Services named in a collapsed message before "and N more". */
const NAMED = 6;

/** The range of the `services` key, if the file has one. */
function servicesKeyRange(model: ComposeModel): Range | undefined {
  const root = model.yaml.contents;
  if (!isMap(root)) return undefined;
  for (const item of root.items) {
    if (isPair(item) && isScalar(item.key) && item.key.value === 'services' && item.key.range) {
      return model.range(item.key.range[0], item.key.range[1]);
    }
  }
  return undefined;
}

/** `a`, `a` and `b`, `a`, `b` and `c`, … and N more. */
function nameList(names: readonly string[]): string {
  const quoted = names.slice(0, NAMED).map((n) => `\`${n}\``);
  const rest = names.length - quoted.length;
  return joinList(rest > 0 ? [...quoted, `${rest} more`] : quoted);
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/**
 * The edits of every service's preferred fix as one fix, or undefined when two of them touch the same text
 * differently. Services that share an anchored list get the same edit (append to that list): it is made once.
 */
function allServicesFix(group: readonly Diagnostic[], count: number): Fix | undefined {
  const edits: TextEdit[] = [];
  let manual = false;
  let title: string | undefined;
  for (const d of group) {
    const fixes = (d.data as DiagnosticData).fixes;
    const fix = fixes.find((f) => f.isPreferred) ?? (fixes.length === 1 ? fixes[0] : undefined);
    if (!fix || fix.otherFile) return undefined;
    title ??= fix.title;
    manual ||= !!fix.manual;
    for (const e of fix.edits) {
      if (edits.some((x) => sameRange(x.range, e.range) && x.newText === e.newText)) continue;
      edits.push(e);
    }
  }
  const sorted = [...edits].sort((a, b) =>
    before(a.range.start, b.range.start) ? -1 : before(b.range.start, a.range.start) ? 1 : 0,
  );
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1].range;
    const next = sorted[i].range;
    // overlapping edits would not apply as one fix
    if (before(next.start, prev.end)) return undefined;
  }
  if (!title || !edits.length) return undefined;
  return { title: `${title} (all ${count} services)`, edits, isPreferred: true, ...(manual ? { manual: true } : {}) };
}

/**
 * Collapse each rule's left-out-setting findings (DiagnosticData.absent) that cover most services into one finding
 * on `services:`. `suppressedAt(rule, line)` says whether an ignore comment covers the collapsed finding's line
 * (above `services:`); such a group is dropped. Other diagnostics pass through unchanged, in their order.
 */
export function collapseAbsent(
  model: ComposeModel,
  diagnostics: readonly Diagnostic[],
  suppressedAt: (rule: string, line: number) => boolean,
): Diagnostic[] {
  const bySetting = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const data = d.data as DiagnosticData | undefined;
    if (!data?.absent) continue;
    const key = `${data.rule}\n${data.absent.summary}`;
    let group = bySetting.get(key);
    if (!group) bySetting.set(key, (group = []));
    group.push(d);
  }
  if (!bySetting.size) return [...diagnostics];
  const at = servicesKeyRange(model);
  if (!at) return [...diagnostics];
  const judged = model.services.filter((s) => !definedElsewhere(model, s)).length;
  const replaced = new Map<Diagnostic, Diagnostic | null>();
  for (const group of bySetting.values()) {
    const rule = (group[0].data as DiagnosticData).rule;
    const names = [...new Set(group.map((d) => (d.data as DiagnosticData).absent!.service))];
    if (names.length < 2 || names.length * 2 <= judged) continue;
    if (suppressedAt(rule, at.start.line)) {
      for (const d of group) replaced.set(d, null);
      continue;
    }
    const first = group[0];
    const data = first.data as DiagnosticData;
    const who = names.length === judged ? `All ${judged} services (${nameList(names)})` : `Services ${nameList(names)}`;
    // each service's own finding, where it is: what the service has instead (a list without the entry, from an anchor)
    const related: DiagnosticRelatedInformation[] = group.map((d) => ({
      location: { uri: model.uri, range: d.range },
      message: typeof d.message === 'string' ? d.message : d.message.value,
    }));
    const perService: Fix[] = [];
    for (const d of group) {
      const service = (d.data as DiagnosticData).absent!.service;
      for (const f of (d.data as DiagnosticData).fixes) {
        perService.push({ ...f, title: maskSecretsIn(`${f.title} (service \`${service}\`)`), isPreferred: false });
      }
    }
    const all = allServicesFix(group, names.length);
    const severity = Math.min(...group.map((d) => d.severity ?? 3)) as Diagnostic['severity'];
    const collapsed: Diagnostic = {
      ...first,
      range: at,
      severity,
      // service names are the file's text: masked as every message is (rules/diagnostics.ts)
      message: maskSecretsIn(`${who} ${data.absent!.summary}`),
      relatedInformation: related,
      data: { rule: data.rule, fixes: all ? [all, ...perService] : perService, services: names },
    };
    replaced.set(first, collapsed);
    for (const d of group.slice(1)) replaced.set(d, null);
  }
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const r = replaced.get(d);
    if (r === undefined) out.push(d);
    else if (r) out.push(r);
  }
  return out;
}
