import type { CodeAction, Diagnostic, Hover, Position, Range, TextEdit } from 'vscode-languageserver-types';
import type {
  CodeActionOptions,
  DocumentRef,
  HoverOptions,
  Language,
  LintOptions,
  LintResult,
  LintSetup,
} from '../rules/language';
import { dockerfileLanguage } from '../dockerfile/service/language';
import { daemonLanguage } from '../daemon/service/language';
import { composeLanguage } from '../compose/service/language';
import { devcontainerLanguage } from '../devcontainer/service/language';
import { basenameOf, compiledFilesGlob, pathOf, settingGlobs } from '../common/documents';
import { matchGlob } from '../text/glob';
import { DEFAULT_DOCS_BASE } from '../common/docsBase';
import { FIX_ALL_KIND, batchFixActions, wantsQuickFixes } from '../rules/codeActions';
import { fixAllUntilStable } from './fixAll';
import { rangeContains } from '../rules/hover';
import { plainText } from '../text/plain';

/**
 * The kinds of document Bulkhead lints, and the one pipeline every caller goes through: recognise a document, lint it,
 * hover it, offer its code actions. The language server, the CLI and Scan Workspace call only these functions, so
 * none of them names a kind; a new kind is one more descriptor in this list (see rules/language.ts).
 */
export const LANGUAGES = [dockerfileLanguage, daemonLanguage, composeLanguage, devcontainerLanguage] as const;

/** One of the descriptors in LANGUAGES, with its kind's literal type. */
export type LintedLanguage = (typeof LANGUAGES)[number];

/** Which documents Bulkhead lints: the descriptors' kinds (the one list of kinds; a rule's `kind` is one of them). */
export type LintedKind = LintedLanguage['kind'];

export function languageOf(kind: LintedKind): Language {
  return LANGUAGES.find((l) => l.kind === kind) as Language;
}

/** Globs of more files per kind, keyed by the kind's `filesSetting` (`bulkhead.daemon.files` under `daemon`). */
export type FilesSettings = Partial<Record<string, readonly string[]>>;

/**
 * The kind of a document, from its language id (editor), its name and the files settings' globs: a language id that
 * names a kind (unless the name says the document is not one: `Dockerfile.template`); a name that names one (daemon.json, compose.yaml); the globs; then, unless the document is in another
 * kind's host language (JSON, YAML), the loose names (`Dockerfile.prod`).
 */
export function documentKind(uri: string, languageId?: string, globs: FilesSettings = {}): LintedKind | null {
  const name = basenameOf(uri);
  for (const l of LANGUAGES)
    if (languageId && l.recognise.languageIds?.includes(languageId) && !l.recognise.notByLanguageId?.(name))
      return l.kind;
  for (const l of LANGUAGES) if (!l.recognise.nameIsLoose && l.recognise.fileName(name)) return l.kind;
  for (const l of LANGUAGES) {
    const patterns = l.recognise.filesSetting ? (globs[l.recognise.filesSetting] ?? []) : [];
    if (!patterns.length) continue;
    const path = pathOf(uri);
    if (settingGlobs(patterns).some((g) => matchGlob(compiledFilesGlob(g), path, { anyFolder: true }))) return l.kind;
  }
  if (languageId && mayBeNamedBySettings(languageId)) return null;
  for (const l of LANGUAGES) if (l.recognise.nameIsLoose && l.recognise.fileName(name)) return l.kind;
  return null;
}

/** A document in one of the kinds' host languages (JSON, YAML) is linted only when its name or a files setting says so. */
export function mayBeNamedBySettings(languageId: string): boolean {
  return LANGUAGES.some((l) => l.recognise.hostLanguageIds?.includes(languageId));
}

/**
 * What a file named on the command line is linted as: a kind's own name, else the extension of a file named
 * explicitly (`*.json` a daemon.json, `*devcontainer.json` a devcontainer.json, `*.yml` a Compose file: the longest
 * ending that matches), else a Dockerfile (the loose kind).
 */
export function kindOfNamedFile(name: string, explicit: boolean): LintedKind {
  for (const l of LANGUAGES) if (!l.recognise.nameIsLoose && l.recognise.fileName(name)) return l.kind;
  if (explicit) {
    // the longest ending wins: `x.devcontainer.json` is a devcontainer.json before it is any `*.json`
    let best: { kind: LintedKind; length: number } | undefined;
    for (const l of LANGUAGES) {
      const m = l.recognise.explicitExtension?.exec(name);
      if (m && (!best || m[0].length > best.length)) best = { kind: l.kind, length: m[0].length };
    }
    if (best) return best.kind;
  }
  return (LANGUAGES.find((l) => l.recognise.nameIsLoose) ?? LANGUAGES[0]).kind;
}

/** A document's lint, with what can be asked of it afterwards (its kind's hover and code actions). */
export interface DocumentLint {
  readonly kind: LintedKind;
  readonly result: LintResult;
  /** The text linted. */
  readonly text: string;
  hover(position: Position, options?: HoverOptions): Hover | null;
  /** Quick fixes for the findings the client sent, the kind's source actions, and Fix All when `only` asks for it. */
  codeActions(
    doc: DocumentRef,
    range: Range,
    diagnostics: Diagnostic[],
    only?: string[],
    options?: CodeActionOptions,
  ): CodeAction[];
  /** Fix All (fixAll.ts): one edit, empty when there is nothing Fix All may apply. */
  fixAll(): TextEdit[];
  /** The findings to show; with `editorJsonFeatures`, less those the editor reports itself. */
  published(options?: { editorFeatures?: boolean }): Diagnostic[];
}

function bind<R extends LintResult>(
  language: Language<R>,
  result: R,
  text: string,
  relint: (text: string) => R,
): DocumentLint {
  let fixAll: TextEdit[] | undefined;
  let plain: Diagnostic[] | undefined;
  const lint: DocumentLint = {
    kind: language.kind as LintedKind,
    result,
    text,
    hover: (position, options = {}) => language.hover(result, position, options),
    codeActions(doc, range, diagnostics, only, options) {
      // A client may ask in the moment after an edit when it holds no findings for the document yet (VS Code clears
      // them until the next pull answers): the findings of the current lint at the cursor stand in for them.
      const sent = diagnostics.length
        ? diagnostics
        : result.diagnostics.filter((d) => d.code !== undefined && rangeContains(d.range, range.start));
      const actions = language.codeActions(result, doc, range, sent, only, options);
      if (wantsQuickFixes(only)) actions.push(...batchFixActions(result, doc, sent));
      if (only?.some((k) => k !== '' && FIX_ALL_KIND.startsWith(k))) {
        const edits = lint.fixAll();
        if (edits.length)
          actions.push({
            title: 'Fix all Bulkhead problems',
            kind: FIX_ALL_KIND,
            edit: { changes: { [doc.uri]: edits } },
          });
      }
      return actions;
    },
    fixAll: () => (fixAll ??= fixAllUntilStable(text, result, relint)),
    published({ editorFeatures = false } = {}) {
      // the Problems panel shows messages as plain text: Markdown stays in hovers (text/plain.ts)
      plain ??= result.diagnostics.map((d) => ({
        ...d,
        message: typeof d.message === 'string' ? plainText(d.message) : d.message,
        // a Compose finding for several services: each service's own finding, shown under it
        ...(d.relatedInformation
          ? { relatedInformation: d.relatedInformation.map((r) => ({ ...r, message: plainText(r.message) })) }
          : {}),
      }));
      if (!editorFeatures || !language.shownByEditor) return plain;
      const shown = language.shownByEditor(result);
      return plain.filter((d) => !shown(d));
    },
  };
  return lint;
}

/** Lint a document of a known kind: the one dispatch the LSP server, Scan Workspace and the CLI share. */
export function lintDocument(
  kind: LintedKind,
  text: string,
  uri: string,
  setup: LintSetup,
  options: LintOptions = { docsBase: DEFAULT_DOCS_BASE },
): DocumentLint {
  const language = languageOf(kind);
  return bind(language, language.lint(text, uri, setup, options), text, (next) =>
    language.lint(next, uri, setup, options),
  );
}
