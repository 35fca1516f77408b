import {
  CodeAction,
  CodeActionKind,
  Diagnostic,
  Hover,
  MarkupKind,
  Position,
  Range,
  AnnotatedTextEdit,
} from 'vscode-languageserver-types';
import type { DaemonLintResult } from './lint';
import { credentialMask } from './lint';
import { quickFixActions, wantsQuickFixes, DocumentRef } from '../../rules/codeActions';
import { daemonRules } from '../rules';
import { findingHoverSections, ruleLookup } from '../../rules/hover';
import { daemonSuppressionHelp } from '../suppression';
import { topLevelKeyMarkdown } from '../hover';
import { secureBaselineEdits } from './baseline';
import type { CodeActionOptions } from '../../rules/language';
import { SECURE_BASELINE_COMMAND, type SecureBaselineArguments } from '../../../../shared/src/protocol';

/** The "Apply secure baseline" action's kind when asked for as a source action. */
export const SECURE_BASELINE_KIND = 'source.bulkhead.secureBaseline';
const BASELINE_ANNOTATION = 'bulkhead.secureBaseline';
const ruleById = ruleLookup(daemonRules);

export interface DaemonHoverOptions {
  /**
   * Show key cards. Off where the editor shows them already from the contributed schema (VS Code), so a hover never
   * says the same thing twice.
   */
  keyCards?: boolean;
  /** Show the findings' messages (off where the editor shows them in the same hover). */
  messages?: boolean;
}

export function hoverDaemon(
  result: DaemonLintResult,
  position: Position,
  options: DaemonHoverOptions = {},
): Hover | null {
  const found = findingHoverSections(result.diagnostics, position, ruleById, {
    suppression: daemonSuppressionHelp,
    messages: options.messages !== false,
  });
  const sections = found.sections;
  let range = found.range;
  if (options.keyCards !== false) {
    const model = result.model;
    const offset = model.doc.offsetAt(position);
    const prop = model.properties.find(
      (p) => offset >= p.keyNode.offset && offset <= p.keyNode.offset + p.keyNode.length,
    );
    if (prop) {
      const card = topLevelKeyMarkdown(prop.key, { version: model.version, platform: model.platform });
      if (card) {
        sections.unshift(card);
        range = model.range(prop.keyNode.offset, prop.keyNode.offset + prop.keyNode.length);
      }
    }
  }
  if (!sections.length) return null;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range };
}

/**
 * The secure-baseline action: every CIS key at once, behind a confirmation that lists the caveats: a client command
 * that asks in a modal dialog (VS Code), or else an edit whose change annotation asks for confirmation.
 */
export function secureBaselineAction(
  result: DaemonLintResult,
  doc: DocumentRef,
  kind: string,
  diagnostics?: Diagnostic[],
  options: CodeActionOptions = {},
): CodeAction | undefined {
  const baseline = secureBaselineEdits(result.model);
  if (!baseline || !baseline.edits.length) return undefined;
  // the caveats quote values of the file (the insecure registries it empties): its credentials are masked there too
  const mask = credentialMask(result.model);
  const title = mask(`Apply secure baseline (CIS Docker Benchmark): ${baseline.changes.join(', ')}`);
  if (options.secureBaselineCommand) {
    const args: SecureBaselineArguments = {
      uri: doc.uri,
      version: doc.version,
      edits: baseline.edits,
      changes: baseline.changes.map(mask),
      caveats: baseline.caveats.map(mask),
    };
    return { title, kind, diagnostics, command: { title, command: SECURE_BASELINE_COMMAND, arguments: [args] } };
  }
  const edits: AnnotatedTextEdit[] = baseline.edits.map((e) => ({ ...e, annotationId: BASELINE_ANNOTATION }));
  return {
    title,
    kind,
    diagnostics,
    edit: {
      documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }],
      changeAnnotations: {
        [BASELINE_ANNOTATION]: {
          label: 'Apply the CIS secure baseline to daemon.json',
          needsConfirmation: true,
          description: mask(baseline.caveats.join(' ')),
        },
      },
    },
  };
}

export function codeActionsDaemon(
  result: DaemonLintResult,
  doc: DocumentRef,
  range: Range,
  contextDiagnostics: Diagnostic[],
  only?: string[],
  options: CodeActionOptions = {},
): CodeAction[] {
  const actions: CodeAction[] = [];
  const wants = (kind: string) => !only || only.some((k) => k !== '' && (kind === k || kind.startsWith(k + '.')));
  if (wantsQuickFixes(only)) {
    const quick = quickFixActions(result, doc, range, contextDiagnostics);
    actions.push(...quick.actions);
    const cisFindings = quick.answered
      .filter(({ fixes }) => ruleById(fixes.data.rule)?.anchors.some((a) => a.tool === 'docker-bench'))
      .map(({ sent }) => sent);
    if (cisFindings.length) {
      const action = secureBaselineAction(result, doc, CodeActionKind.QuickFix, cisFindings, options);
      if (action) actions.push(action);
    }
  }
  if (only && wants(SECURE_BASELINE_KIND)) {
    const action = secureBaselineAction(result, doc, SECURE_BASELINE_KIND, undefined, options);
    if (action) actions.push(action);
  }
  return actions;
}
