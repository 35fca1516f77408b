import type { Range, TextEdit } from 'vscode-languageserver-types';

/** Severities as users write them in settings and `.bulkhead.json`. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** The piece of the container-security guidance a rule enforces. */
export type Guidance =
  | 'Host: least privilege'
  | 'Host: no-new-privileges'
  | 'Host: a daemon configuration that takes effect'
  | 'Host: no inter-container traffic'
  | 'Host: no userland proxy'
  | 'Host: logs to syslog/SIEM'
  | 'Host: authenticate and encrypt the daemon socket'
  | 'Host: auditing and authorization'
  | 'Host: user namespaces'
  | 'Host: resource limits'
  | 'Images: tag thoughtfully, check digests'
  | 'Images: only use trusted images and registries'
  | 'Images: enable content trust'
  | 'Images: start from minimal base images'
  | 'Build: run as a non-root user'
  | 'Build: use COPY instead of ADD'
  | 'Build: verify downloads and packages'
  | 'Build: no secrets in images'
  | 'Build: add only what is needed'
  | 'Build: update packages at build time'
  | 'Isolation: minimise open ports'
  | 'Isolation: do not break isolation'
  | 'Isolation: limit CPU and memory'
  | 'Isolation: restrict networks'
  | 'Isolation: read-only root filesystem or tmpfs'
  | 'Isolation: keep authenticating internal calls'
  | 'Orchestration: health checking'
  | 'Immutability: clean shutdown'
  | 'Keep patching';

/** Other tools' equivalent rule ids; used for docs, hovers, SARIF and their ignore pragmas. */
export type AnchorTool = 'hadolint' | 'buildkit' | 'trivy' | 'checkov' | 'kics' | 'dockle' | 'docker-bench';
export interface Anchor {
  tool: AnchorTool;
  id: string;
}

/** Edits to another file beside the document (e.g. creating or extending `.dockerignore`). */
export interface OtherFileEdit {
  /** Path relative to the linted document's folder. */
  relativePath: string;
  /** Create the file first (it does not exist). */
  create: boolean;
  edits: TextEdit[];
}

export interface Fix {
  title: string;
  /** Edits to the linted document. */
  edits: TextEdit[];
  otherFile?: OtherFileEdit;
  /** The obvious fix: shown first, applied by "Fix all" unless `manual`. */
  isPreferred?: boolean;
  /**
   * Changes what the image does beyond the finding (its user, base image, variables, permissions): offered as a quick
   * fix for a person to review, never applied by "Fix all" or on save.
   */
  manual?: boolean;
  /**
   * Fixes of one batch (across findings) are also offered together, as one action with the batch's title, when the
   * file has two or more ("Pin all images in this file").
   */
  batch?: { id: string; title: string };
}

/** What a rule reports; the engine adds severity, source, code and suppression. */
export interface Report {
  range: Range;
  message: string;
  fixes?: Fix[];
  /** Severity override for this report (e.g. the hint variant of image-untrusted-registry). */
  severity?: Severity;
  /**
   * Other tools' ids that match this particular finding, when the rule covers several of their checks (hadolint's
   * DL3006 untagged vs DL3007 `:latest`). Their ignore pragmas and `.hadolint.yaml` `ignored` then suppress only
   * the findings they mean. Defaults to the rule's anchors.
   */
  anchors?: Anchor[];
  /**
   * A Compose service leaves out a setting this rule asks for: the service's name, and the rest of the sentence for
   * several services ("do not set `read_only: true` …", after "Services `a` and `b`"). When a rule reports the same
   * left-out setting for most services of a file, its findings are reported once, on `services:`
   * (compose/collapse.ts).
   */
  absent?: { service: string; summary: string };
  /** Other places of the same finding in this document, reported once (LSP `relatedInformation`). */
  related?: { range: Range; message: string }[];
  /**
   * Where the credential the finding is about is written, when the rule finds one in the document (an ENV's secret
   * value, a password on a command line): a place, never the value. `check --fix-dry-run` masks what is there.
   */
  secret?: Range;
}

/**
 * Whether a rule's fixes may be applied without a person looking at them (`Fix.manual`):
 * - `safe`: none is `manual`; "Fix all" may apply them (a finding's preferred fix, or its only one, when it edits the
 *   document itself);
 * - `manual`: every one is `manual`: offered as a quick fix for review, never applied by "Fix all" or on save;
 * - `mixed`: some of each (the rule page's Fix section says which).
 */
export type FixSafety = 'safe' | 'manual' | 'mixed';

export interface RuleMeta {
  /** Stable kebab-case id: users type it in ignore comments and settings. */
  id: string;
  /**
   * The `kind` of the descriptor whose `rules` list it (rules/language.ts; the kinds are LANGUAGES in
   * service/languages.ts, and LintedKind their union): test/unit/languages.test.ts checks they agree.
   */
  kind: string;
  severity: Severity;
  title: string;
  /** Why it matters, in one or two sentences. */
  rationale: string;
  /** What to do about it, in one sentence. */
  remedy: string;
  guidance: Guidance[];
  anchors: Anchor[];
  /** Names of the fixes this rule offers (for docs); empty when none. */
  fixes?: string[];
  /**
   * Whether the fixes this rule offers need a person's review (docs: the header of the rule's page); absent when it
   * offers none. It states what the rule's fixes are on its fixtures, which test/unit/fix-safety.test.ts checks. A
   * fix of a `safe` rule can still be made `manual` where applying it unseen could go wrong: any fix on a Compose file
   * with YAML syntax errors, the insert of a daemon.json key also written misspelt or inside a wrapper object,
   * package-cache-kept's cleanup when a later RUN needs the package lists.
   */
  fixSafety?: FixSafety;
  /**
   * Rules whose findings a fix of this rule can leave behind: a finding here that covers two problems on one token
   * (one report per problem) hands the part its fix does not solve back to the rule that reports it alone.
   * plain-http-download: an unverified download over http is its finding only; once the fix makes it https, the
   * missing checksum is download-without-verification's (or add-remote-without-checksum's) again.
   */
  fixLeaves?: readonly string[];
}

export interface Rule<Ctx> extends RuleMeta {
  check(ctx: Ctx): Report[];
}
