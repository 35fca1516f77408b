import type { ImageLookup } from '../registry/facts';
import type { CodeAction, Diagnostic, Hover, Position, Range } from 'vscode-languageserver-types';
import type { DaemonEnvironment, EffectiveConfig, LintEnvironment } from './context';
import type { RuleMeta } from './types';

/**
 * How Bulkhead handles one kind of document (a Dockerfile, a daemon.json, a Compose file): how it is recognised,
 * linted, hovered and fixed. The pipeline (service/languages.ts) dispatches on it; the language server, the CLI and Scan
 * Workspace call only the pipeline, so none of them tests a kind. A new kind is its folder under server/src (model,
 * parser, rules, and service/ with its lint, hover, code actions and this descriptor) plus one line in LANGUAGES
 * (service/languages.ts).
 */
export interface Language<R extends LintResult = LintResult, K extends string = string> {
  readonly kind: K;
  /** For messages: "a Dockerfile", "a daemon.json". */
  readonly noun: string;
  /** For messages and the header of the kind's rule pages ("Kind: Compose file"): "Dockerfile", "daemon.json". */
  readonly name: string;
  readonly recognise: Recognition;
  /** How a finding of this kind is suppressed, as the hovers, `bulkhead explain`, SARIF help and rule pages say it. */
  readonly suppression: SuppressionHelp;
  /** The kind's rules (its `rules/index.ts`): the registry (service/registry.ts) lists every kind's. */
  readonly rules: readonly RuleMeta[];
  lint(text: string, uri: string, setup: LintSetup, options: LintOptions): R;
  /**
   * Loads now the Node modules this kind's lint loads on first use (daemon.json: node:net), for a caller about to lint
   * under a deadline (the CLI, the language server): V8 stops a lint without running its `finally` blocks, and a Node
   * module stopped half-loaded stays broken for the rest of the process.
   */
  preload?(): void;
  hover(result: R, position: Position, options: HoverOptions): Hover | null;
  /** Quick fixes for the findings the client sent, the kind's own source actions, and its Fix All. */
  codeActions(
    result: R,
    doc: DocumentRef,
    range: Range,
    diagnostics: Diagnostic[],
    only: string[] | undefined,
    options?: CodeActionOptions,
  ): CodeAction[];
  /**
   * Findings the editor reports itself when the client has its own language features for the format (VS Code's JSON
   * service reports broken JSON): left out of what is published, so nothing shows twice.
   */
  shownByEditor?(result: R): (d: Diagnostic) => boolean;
  /**
   * Other documents this one names (a devcontainer.json's `build.dockerfile` and `dockerComposeFile`), paths as written
   * (relative to the document's folder): the folder walk lints them as the given kind, a Dockerfile with `context` as
   * its build context, even when their names are not ones the walk knows.
   */
  references?(text: string): FileReference[];
  /**
   * The image references `bulkhead pin` may rewrite to `name:tag@sha256:…`, in document order, each with why it is not
   * pinned when the document alone says so (a stage's name, a variable, an image this file builds). Absent: the kind
   * names no image to pin.
   */
  imageReferences?(text: string): ImageReference[];
  /**
   * The credentials the linted document holds, by value (daemon.json's: values of secret-named keys, URL user info):
   * what an output that shows the document's own lines (`check --fix-dry-run`'s diff) masks wherever they appear there,
   * beside the places the findings point at (Report.secret). Kept in the process: never sent or printed. Absent: none
   * known by value.
   */
  credentials?(result: R): string[];
}

/** One image reference in a document: where its text is and what it says (`bulkhead pin`). */
export interface ImageReference {
  /** 0-based line. */
  line: number;
  /** Offset of the reference in the whole text. */
  offset: number;
  text: string;
  /** Why it is not pinned, when that is known from the file alone. */
  skip?: string;
}

/**
 * How a kind's findings are suppressed, told to the user (the kind's `suppression.ts` reads its ignore comments): the
 * hovers and the rule pages read it here, so no table elsewhere names the kinds.
 */
export interface SuppressionHelp {
  /** The line comment an ignore comment is written in (`#`, `//`); absent when the format takes no comments. */
  readonly comment?: string;
  /** Markdown for a hover, after "Suppress: ": the ignore comment with a reason, and where it goes. */
  hover(id: string): string;
  /** The rule page's paragraph ("To suppress: …"): the ignore comment, where it goes, and the whole-file form. */
  page(id: string): string;
}

export interface FileReference {
  /** As written in the document, relative to its folder. */
  path: string;
  kind: string;
  /** A Dockerfile's build context, relative to the referring document's folder. */
  context?: string;
  /** A Compose file's service that the referring document's container is (a devcontainer.json's `service`). */
  service?: string;
}

export interface Recognition {
  /** The editor's language id alone says it (`dockerfile`). */
  languageIds?: readonly string[];
  /** Editor languages whose documents may be this kind, by name or setting only (`json`, `yaml`). */
  hostLanguageIds?: readonly string[];
  /** The file name says it. */
  fileName(name: string): boolean;
  /**
   * A name the language id alone does not make this kind: the editor's `Dockerfile.*` association also gives
   * `Dockerfile.template` and `Dockerfile.md` the `dockerfile` language, and neither is a Dockerfile.
   */
  notByLanguageId?(name: string): boolean;
  /**
   * The name test is loose (`Dockerfile.prod`, `app.dockerfile`): tried after every other kind's names and settings,
   * and never for a document in another kind's host language.
   */
  nameIsLoose?: boolean;
  /** The `bulkhead.<filesSetting>.files` globs name more files of this kind. */
  filesSetting?: string;
  /** On the command line, a file named explicitly with this extension is of this kind whatever its name. */
  explicitExtension?: RegExp;
}

/** Every lint result: the findings, and the rules that threw (a bug: reported, never fatal). */
export interface LintResult {
  diagnostics: Diagnostic[];
  failures: { rule: string; error: string }[];
}

/** What a lint needs beyond the text: the merged configuration, the Dockerfile's environment, the daemon's target. */
export interface LintSetup {
  config: EffectiveConfig;
  env?: LintEnvironment;
  daemon?: DaemonEnvironment;
}

export interface LintOptions {
  /** Base URI of the rule documentation pages (`codeDescription.href`). */
  docsBase: string;
  /**
   * False when no fix will be offered or applied (`bulkhead check` without --fix prints findings only): each
   * diagnostic's data.fixes is left empty rather than copied and masked. Default: the fixes are wanted.
   */
  fixes?: boolean;
}

export interface HoverOptions {
  /**
   * The editor explains a format's keys itself (VS Code shows the contributed daemon.json schema's descriptions), so
   * a hover never says the same thing twice.
   */
  editorKeyCards?: boolean;
  /**
   * The editor shows the findings' messages in the same hover (VS Code's problem hover): the findings' explanation
   * leaves them out, so each message is read once.
   */
  editorShowsMessages?: boolean;
  /** What the registry said about image references (bulkhead.registry.enabled): hovers on them show it. */
  images?: ImageLookup;
}

export interface CodeActionOptions {
  /**
   * The client confirms the daemon.json secure baseline itself, showing its caveats (VS Code's command
   * `bulkhead.applySecureBaseline`): the action carries that command, with the edit and the caveats, instead of an
   * edit behind a change annotation (which VS Code shows in the Refactor Preview with every change unticked).
   */
  secureBaselineCommand?: boolean;
}

export interface DocumentRef {
  uri: string;
  version: number | null;
}
