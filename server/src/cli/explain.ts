import type { Anchor, RuleMeta } from '../rules/types';
import { normalizeAnchorId } from '../rules/anchors';
import { allRules, ruleById } from '../service/registry';
import { editDistance } from '../text/editDistance';

/** What `bulkhead explain <id>` names: a Bulkhead rule, another tool's check, or nothing known. */
export type ExplainTarget =
  | { kind: 'rule'; rule: RuleMeta }
  /** Another tool's id (hadolint DL3002, Checkov CKV_DOCKER_3, Trivy AVD-DS-0002...): the rules whose anchors name it. */
  | { kind: 'anchor'; anchor: Anchor; rules: RuleMeta[] }
  | { kind: 'unknown'; suggestions: string[] };

/** Longer input is no id anyone meant: it gets no suggestions, so the distances stay bounded. */
const MAX_SUGGEST_INPUT = 64;
const MAX_SUGGESTIONS = 3;

/**
 * A Bulkhead rule id (any case), else another tool's id matched against every rule's anchors as their ignore pragmas
 * are (normalizeAnchorId: any case, `AVD-DS-0002` = `DS002` = `DS-0002`), else the nearest known ids.
 */
export function explainTarget(input: string): ExplainTarget {
  const id = input.trim();
  const rule = ruleById(id) ?? ruleById(id.toLowerCase());
  if (rule) return { kind: 'rule', rule };
  let anchor: Anchor | undefined;
  const rules: RuleMeta[] = [];
  for (const r of allRules) {
    const match = r.anchors.find((a) => normalizeAnchorId(a.tool, id) === normalizeAnchorId(a.tool, a.id));
    if (!match) continue;
    anchor ??= match;
    rules.push(r);
  }
  if (anchor) return { kind: 'anchor', anchor, rules };
  return { kind: 'unknown', suggestions: nearestIds(id) };
}

/**
 * The known ids (Bulkhead's, then the anchors', each once) nearest to a mistyped one: at most a third of its length
 * away (at least 1, at most 3 edits), the closest first, ties in catalogue order. Each comparison is bounded by the
 * input's length cap and the distance limit.
 */
function nearestIds(input: string): string[] {
  if (!input || input.length > MAX_SUGGEST_INPUT) return [];
  const wanted = input.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(wanted.length / 3)));
  const known = new Map<string, string>();
  for (const r of allRules) known.set(r.id.toLowerCase(), r.id);
  for (const r of allRules)
    for (const a of r.anchors) if (!known.has(a.id.toLowerCase())) known.set(a.id.toLowerCase(), a.id);
  const near: { id: string; distance: number }[] = [];
  for (const [lower, id] of known) {
    if (lower.length > MAX_SUGGEST_INPUT) continue;
    const distance = editDistance(wanted, lower, limit);
    if (distance <= limit) near.push({ id, distance });
  }
  // a stable sort keeps catalogue order among equals
  return near
    .sort((a, b) => a.distance - b.distance)
    .slice(0, MAX_SUGGESTIONS)
    .map((n) => n.id);
}
