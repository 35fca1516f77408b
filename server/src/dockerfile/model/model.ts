import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { LogicalText, joinLines, sliceText, subLogical, docOffset } from './logical';
import { ShellScript, tokenizeShell } from './shell';
import { ParsedImage, parseImage } from '../../common/image';
import type { Vars } from './variables';
import {
  processWord,
  processWords,
  lookupIn,
  isPlainWord,
  matchBudget,
  plainWord,
  EvaluatedWord,
  LexOptions,
  Lookup,
  VarValue,
} from './words';
import { ExecForm, parseExecForm } from './execForm';
import { DEFAULT_SHELL, ShellInEffect, parseShellInstruction } from './shellInEffect';
import { LineIndex } from './lines';
import {
  ScannedHeredoc,
  ScannedInstruction,
  ScannedProperty,
  instructionHeredocs,
  instructionProperties,
  onbuildTrigger,
  scanDockerfile,
  triggerInstruction,
} from './parser';
import { memo, recall, remember } from '../../common/memo';

/**
 * One parse of a Dockerfile, shared by every rule: stages, their effective USER/SHELL/HEALTHCHECK, flags, and
 * shell commands. Everything expensive (joined text, flags, shell tokens) is computed lazily, once.
 */

export interface FlagInfo {
  name: string;
  value: string | null;
  /** Document offsets of the whole `--name=value` token. */
  start: number;
  end: number;
}

export interface ImageRef {
  /** The reference as written (`${BASE}:3.19`). */
  text: string;
  /** After ARG substitution, or null when a variable had no known value. */
  resolved: string | null;
  parsed: ParsedImage | null;
  /** Document offsets of the reference. */
  start: number;
  end: number;
  isScratch: boolean;
  /** The earlier stage this reference names (`FROM builder`, `COPY --from=builder`). */
  stage: Stage | null;
  /** The reference as BuildKit evaluates it (quotes removed, variables substituted, unknown stretches kept). */
  word: EvaluatedWord;
  /**
   * When `resolved` is null because part of the reference is unknown, but the known text after the last unknown part
   * holds a `/` and the last path component has no tag or digest (`${REGISTRY}/ubuntu`): that component. Whatever the
   * unknown part is, no tag or digest can appear, so the reference pulls `latest`.
   */
  untaggedTail: string | null;
}

export interface StageUser {
  /** The USER value as BuildKit evaluates it (quotes removed, variables substituted); as written when unresolved. */
  value: string;
  unresolved: boolean;
  /**
   * The user part (before the first `:`) when it is known even though the group is not (`${NAME}:${GID}` with NAME
   * known); the whole user part of a known value; null when the user part itself is unknown.
   */
  userPart: string | null;
  /** The USER instruction that set it (possibly in a parent stage). */
  inst: DockerInstruction;
}

export interface Stage {
  index: number;
  from: DockerInstruction;
  image: ImageRef;
  alias: string | null;
  parent: Stage | null;
  instructions: DockerInstruction[];
  /** PowerShell/cmd stage: shell rules are skipped. */
  windows: boolean;
  /** Last USER of this stage, or inherited from the parent stage; null when the base image's default applies. */
  user: StageUser | null;
  /** Last HEALTHCHECK of this stage or inherited. */
  healthcheck: DockerInstruction | null;
  /** The ENTRYPOINT in effect at the end of the stage: its own last one, or inherited through `FROM <stage>`. */
  entrypoint: DockerInstruction | null;
  /**
   * The CMD in effect at the end of the stage: its own last one, or inherited; an ENTRYPOINT written before any CMD
   * of the stage clears an inherited CMD (BuildKit convert.go 1620-1623).
   */
  cmd: DockerInstruction | null;
  /** Last SHELL of this stage or inherited. */
  shell: DockerInstruction | null;
  /** SHELL sets `-o pipefail` (own or inherited). */
  pipefail: boolean;
}

export interface DockerInstruction {
  /** The instruction as the parser found it. */
  scanned: ScannedInstruction;
  /** Upper-case keyword (`RUN`); for ONBUILD, `ONBUILD`. */
  keyword: string;
  /** For `ONBUILD RUN ...`, the trigger keyword (`RUN`); otherwise the keyword. */
  effectiveKeyword: string;
  range: Range;
  start: number;
  end: number;
  /** Document offsets of the effective keyword (`RUN` in `ONBUILD RUN`). */
  keywordStart: number;
  keywordEnd: number;
  /** Null for ARGs before the first FROM. */
  stage: Stage | null;
  /** Position in model.instructions. */
  index: number;
  /** Leading `--flag[=value]` options. */
  readonly flags: FlagInfo[];
  /** Joined argument text after the flags (heredoc bodies excluded). */
  readonly body: LogicalText;
  /** Heredoc bodies, with their delimiter names. */
  readonly heredocs: { name: string; content: LogicalText }[];
  /** A heredoc of this instruction is never closed: its body runs to the end of the file, so nothing can follow. */
  readonly heredocOpen: boolean;
  /** Shell scripts run by this RUN (command line and shell heredocs); empty for exec form and Windows stages. */
  readonly scripts: ShellScript[];
  /** The body is a JSON array (exec form), whether or not BuildKit accepts its elements. */
  readonly execForm: boolean;
  /** The exec-form arguments (model/execForm.ts); null for shell form and for an array BuildKit refuses. */
  readonly argv: string[] | null;
  /** ARG/ENV properties (of the trigger, for `ONBUILD ARG/ENV`); empty for other instructions. */
  readonly properties: ScannedProperty[];
}

export interface DockerfileModel {
  text: string;
  uri: string;
  doc: TextDocument;
  escapeChar: string;
  /** The whole file is Windows (escape=` or `# hadolint shell=powershell`). */
  windowsFile: boolean;
  instructions: DockerInstruction[];
  stages: Stage[];
  finalStage: Stage | null;
  /** ARG defaults declared before the first FROM (a build argument given replaces the default). */
  globalArgs: Map<string, string | undefined>;
  /**
   * The build arguments the build passes (`--build-arg NAME=VALUE`; settings `bulkhead.buildArgs`, `.bulkhead.json`
   * `buildArgs`): a declared ARG takes the given value whatever its default. Empty when none is configured.
   */
  buildArgs: ReadonlyMap<string, string>;
  range(start: number, end: number): Range;
  offsetAt(line: number, character: number): number;
  /** Where each line starts, counted as the diagnostics count them (CR, LF and CRLF end a line, as in LSP). */
  lineStarts(): readonly number[];
  /** Variables visible at an instruction (global ARGs redeclared in the stage, stage ARGs and ENVs). */
  varsAt(inst: DockerInstruction): Vars;
  /**
   * A word of this instruction as BuildKit evaluates it (model/words.ts): quotes and escapes removed, variables in
   * scope substituted. FROM sees the global ARGs (an undeclared name is empty there); a stage's instructions see its
   * ARG and ENV, and a name none declares is unknown (a base image may set it); an ONBUILD trigger runs in another
   * build, so every variable in it is unknown.
   */
  word(inst: DockerInstruction, text: string): EvaluatedWord;
  /**
   * The value of an ARG or ENV property as BuildKit evaluates it against the variables before the instruction
   * (commands.go 114-135; continuation lines joined); null for `ARG NAME` without a default.
   */
  propertyValue(inst: DockerInstruction, property: ScannedProperty): EvaluatedWord | null;
  /** Words of this instruction split as BuildKit splits EXPOSE's (ProcessWords: expanded text splits at blanks). */
  words(inst: DockerInstruction, text: string): ReturnType<typeof processWords>;
  /** The SHELL in effect at the instruction: the stage's SHELLs before it, else its parent stage's last one. */
  shellAt(inst: DockerInstruction): ShellInEffect;
  flag(inst: DockerInstruction, name: string): FlagInfo | undefined;
  instructionAtLine(line: number): DockerInstruction | undefined;
}

// `windows` as a word anywhere in the reference: `golang:1.22-windowsservercore-ltsc2022`, `microsoft/iis:windowsservercore`,
// `stefanscherer/node-windows:10` (stage aliases are never matched: a Linux stage may be named `build-windows`)
// PowerShell images are Linux unless their tag names a Windows base (`lts-nanoserver-ltsc2022`), which the first part catches.
const WINDOWS_IMAGE =
  /(^|[/:_-])(windows|nanoserver|servercore|windowsservercore)([:/@_.-]|$)|mcr\.microsoft\.com\/(windows|dotnet\/framework)/i;
const WINDOWS_SHELL = /powershell|pwsh|cmd(\.exe)?\b/i;

/**
 * The stage runs on Windows as far as the file tells: the whole file is Windows, or the base image of its chain of
 * stages is a Windows image (a PowerShell or cmd SHELL alone does not say so: `pwsh` runs on Linux too).
 */
export function windowsPlatform(model: DockerfileModel, stage: Stage): boolean {
  if (model.windowsFile) return true;
  let root: Stage = stage;
  for (let s: Stage | null = stage; s; s = s.parent) root = s;
  return !!root.image.resolved && !root.image.stage && WINDOWS_IMAGE.test(root.image.resolved);
}

export interface ParseOptions {
  /** Build arguments the build passes (see DockerfileModel.buildArgs). */
  buildArgs?: Readonly<Record<string, string>>;
}

const NO_BUILD_ARGS: ReadonlyMap<string, string> = new Map();

export function parseDockerfile(text: string, uri = 'file:///Dockerfile', options: ParseOptions = {}): DockerfileModel {
  // A BOM is not part of the first instruction.
  const doc = TextDocument.create(uri, 'dockerfile', 0, text);
  const scan = scanDockerfile(text);
  const escapeChar = safeEscape(scan.escapeChar);
  const head = text.slice(0, 4096);
  const windowsFile =
    escapeChar === '`' ||
    (head.toLowerCase().includes('hadolint') &&
      // (the directive needs the word hadolint: look for it before running the expression)
      // linear: a line's leading blanks are read from its own start only, each `\s` run after a literal that precedes it
      /^[^\S\n\r\u2028\u2029]*#\s*hadolint\s+shell\s*=\s*(powershell|pwsh|cmd)/im.test(head));
  const lines = new LineIndex(text);

  const model: DockerfileModel = {
    text,
    uri,
    doc,
    escapeChar,
    windowsFile,
    instructions: [],
    stages: [],
    finalStage: null,
    globalArgs: new Map(),
    buildArgs:
      options.buildArgs && Object.keys(options.buildArgs).length
        ? new Map(Object.entries(options.buildArgs))
        : NO_BUILD_ARGS,
    range: (start, end) => lines.range(start, end),
    offsetAt: (line, character) => lines.offsetAt({ line, character }),
    lineStarts: () => lines.lineStarts(),
    varsAt: (inst) => varsAt(model, inst),
    word: (inst, text) => {
      const options = lexOptions(model, wordEscape(model, inst));
      // most words read no variable (`USER 10001`, `COPY src/ /app/`): no lookup is built for them
      return isPlainWord(text, options)
        ? plainWord(text)
        : noteDepth(model, inst, processWord(text, lookupAt(model, inst), options));
    },
    propertyValue: (inst, property) => {
      const raw = rawValue(model, inst, property);
      return raw === null ? null : model.word(inst, raw);
    },
    words: (inst, text) =>
      noteDepth(model, inst, processWords(text, lookupAt(model, inst), lexOptions(model, wordEscape(model, inst)))),
    shellAt: (inst) => shellsAt(model).get(inst) ?? DEFAULT_SHELL,
    flag: (inst, name) => inst.flags.find((f) => f.name === name),
    instructionAtLine: (line) => instructionAtLine(model, line),
  };

  let stage: Stage | null = null;
  for (const scanned of scan.instructions) {
    const keyword = scanned.keyword;
    const inst = makeInstruction(model, scanned, keyword, stage);
    model.instructions.push(inst);
    if (keyword === 'FROM') {
      stage = makeStage(model, inst);
      inst.stage = stage;
      addStage(model, stage);
    } else if (stage) {
      stage.instructions.push(inst);
    } else if (keyword === 'ARG') {
      // each global default is evaluated against the global ARGs before it (convert.go 2144-2182); one declared
      // without a default is unset unless the build passes it; a value the build passes replaces it (2150, 2171-2173)
      for (const p of inst.properties) {
        const given = model.buildArgs.get(p.name);
        if (given !== undefined) {
          model.globalArgs.set(p.name, given);
          globalUnknown(model).delete(p.name);
          continue;
        }
        const raw = rawValue(model, inst, p);
        if (raw === null) {
          // without a default a name keeps what it has (2151, 2174): an earlier default, or a platform ARG's value
          if (model.globalArgs.get(p.name) !== undefined || globalUnknown(model).has(p.name)) continue;
          model.globalArgs.set(p.name, undefined);
          if (BUILTIN_ARGS.has(p.name)) globalUnknown(model).add(p.name);
          continue;
        }
        const value = noteDepth(model, inst, processWord(raw, globalLookup(model), lexOptions(model, escapeChar)));
        model.globalArgs.set(p.name, value.value ?? undefined);
        if (value.value === null) globalUnknown(model).add(p.name);
        else globalUnknown(model).delete(p.name);
      }
    }
  }
  for (const s of model.stages) inherit(model, s);
  model.finalStage = model.stages.length ? model.stages[model.stages.length - 1] : null;
  return model;
}

function safeEscape(c: string): string {
  return c === '`' || c === '\\' ? c : '\\';
}

function unquote(v: string): string {
  if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}

function makeInstruction(
  model: DockerfileModel,
  scanned: ScannedInstruction,
  keyword: string,
  stage: Stage | null,
): DockerInstruction {
  const { text, escapeChar } = model;
  let keywordStart = scanned.keywordStart;
  let bodyStart = scanned.keywordEnd;
  let effectiveKeyword = keyword;
  if (keyword === 'ONBUILD') {
    const trigger = onbuildTrigger(text, escapeChar, scanned);
    const word = trigger && text.slice(trigger.start, trigger.end);
    if (trigger && word) {
      effectiveKeyword = word.toUpperCase();
      keywordStart = trigger.start;
      bodyStart = trigger.end;
    }
  }
  return new Instruction(
    model,
    scanned,
    keyword,
    effectiveKeyword,
    keywordStart,
    bodyStart,
    stage,
    model.instructions.length,
  );
}

/**
 * Whether a heredoc is never closed: after the line of the `<<` markers, each heredoc in turn reads lines until one is
 * its name (leading tabs dropped for `<<-`), as BuildKit reads them (frontend/dockerfile/parser/parser.go, which
 * fails the build with "unterminated heredoc") and as the scanner ends the instruction (parseHeredoc).
 */
function heredocLeftOpen(text: string, heredocs: readonly ScannedHeredoc[]): boolean {
  if (!heredocs.length) return false;
  const lineEnd = (from: number): number => {
    let i = from;
    while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    return i;
  };
  const nextLine = (end: number): number => (text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1);
  let pos = lineEnd(heredocs[heredocs.length - 1].nameEnd);
  for (const h of heredocs) {
    const marker = text.lastIndexOf('<<', h.nameEnd);
    const tabbed = marker >= 0 && text[marker + 2] === '-';
    let closed = false;
    while (pos < text.length && !closed) {
      const start = nextLine(pos);
      pos = lineEnd(start);
      const line = text.slice(start, pos);
      closed = (tabbed ? line.replace(/^\t+/, '') : line) === h.name;
    }
    if (!closed) return true;
  }
  return false;
}

/** An instruction: offsets now, everything derived from its text (flags, body, heredocs, scripts) on first use, once. */
class Instruction implements DockerInstruction {
  readonly range: Range;
  readonly start: number;
  readonly end: number;
  readonly keywordEnd: number;
  private parsedCache: { flags: FlagInfo[]; body: LogicalText } | undefined;
  private heredocNodeCache: ScannedHeredoc[] | undefined;
  private heredocCache: { name: string; content: LogicalText }[] | undefined;
  private scriptCache: ShellScript[] | undefined;
  private propertyCache: ScannedProperty[] | undefined;
  private execFormCache: ExecForm | null | undefined;

  constructor(
    private readonly model: DockerfileModel,
    readonly scanned: ScannedInstruction,
    readonly keyword: string,
    readonly effectiveKeyword: string,
    readonly keywordStart: number,
    /** Where the arguments start (after the trigger keyword, for ONBUILD). */
    private readonly bodyStart: number,
    public stage: Stage | null,
    readonly index: number,
  ) {
    this.start = scanned.start;
    this.end = scanned.end;
    this.range = model.range(this.start, this.end);
    this.keywordEnd =
      keywordStart === bodyStart ? bodyStart : Math.min(bodyStart, keywordStart + effectiveKeyword.length);
  }

  get flags(): FlagInfo[] {
    return this.parsed().flags;
  }

  get body(): LogicalText {
    return this.parsed().body;
  }

  get heredocs(): { name: string; content: LogicalText }[] {
    if (!this.heredocCache) {
      const text = this.model.text;
      this.heredocCache = this.heredocNodes().map((h) => {
        const c = h.content;
        const content = c ? sliceText(text, c[0], c[1]) : { text: '', offsets: [], end: h.nameEnd };
        return { name: h.name, content };
      });
    }
    return this.heredocCache;
  }

  get heredocOpen(): boolean {
    return heredocLeftOpen(this.model.text, this.heredocNodes());
  }

  get execForm(): boolean {
    return this.execFormParsed() !== null;
  }

  get argv(): string[] | null {
    const form = this.execFormParsed();
    return form && 'argv' in form ? form.argv : null;
  }

  private execFormParsed(): ExecForm | null {
    if (this.execFormCache === undefined) this.execFormCache = parseExecForm(this.parsed().body.text);
    return this.execFormCache;
  }

  get scripts(): ShellScript[] {
    if (!this.scriptCache) this.scriptCache = shellScripts(this.model, this);
    return this.scriptCache;
  }

  get properties(): ScannedProperty[] {
    if (!this.propertyCache)
      this.propertyCache = declaredProperties(this.model, this.scanned, this.keyword, this.effectiveKeyword);
    return this.propertyCache;
  }

  /** Heredocs are looked for only when the instruction's own text can hold one. */
  private heredocNodes(): ScannedHeredoc[] {
    if (this.heredocNodeCache) return this.heredocNodeCache;
    this.heredocNodeCache = [];
    const { text, escapeChar } = this.model;
    if (!hasHeredocMarker(text, this.bodyStart, this.end)) return this.heredocNodeCache;
    try {
      this.heredocNodeCache = instructionHeredocs(text, escapeChar, this.scanned);
    } catch {
      // a malformed heredoc is treated as none
    }
    return this.heredocNodeCache;
  }

  private parsed(): { flags: FlagInfo[]; body: LogicalText } {
    if (!this.parsedCache) {
      const skip: [number, number][] = [];
      for (const h of this.heredocNodes()) {
        const c = h.content;
        const d = h.delimiter;
        const from = c ? c[0] : d ? d[0] : -1;
        const to = d ? d[1] : c ? c[1] : -1;
        if (from >= 0 && to > from) skip.push([from, to]);
      }
      skip.sort((a, b) => a[0] - b[0]);
      const joined = joinLines(this.model.text, this.bodyStart, this.end, this.model.escapeChar, skip);
      const kw = this.effectiveKeyword;
      this.parsedCache = splitFlags(
        joined,
        this.keyword === 'FROM' || kw === 'RUN' || kw === 'COPY' || kw === 'ADD' || kw === 'HEALTHCHECK',
      );
    }
    return this.parsedCache;
  }
}

/** Whether [from, to) holds `<<`. */
function hasHeredocMarker(text: string, from: number, to: number): boolean {
  return to - from >= 2 && text.slice(from, to).includes('<<');
}

function declaredProperties(
  model: DockerfileModel,
  scanned: ScannedInstruction,
  keyword: string,
  effectiveKeyword: string,
): ScannedProperty[] {
  if (effectiveKeyword !== 'ARG' && effectiveKeyword !== 'ENV') return [];
  if (keyword === 'ONBUILD') {
    const trigger = triggerInstruction(model.text, model.escapeChar, scanned);
    return trigger ? instructionProperties(model.text, model.escapeChar, trigger) : [];
  }
  return instructionProperties(model.text, model.escapeChar, scanned);
}

/** `/\s/` as a character-code test. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return (
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Split leading `--flag[=value]` tokens off a joined instruction body. */
function splitFlags(lt: LogicalText, hasFlags: boolean): { flags: FlagInfo[]; body: LogicalText } {
  const s = lt.text;
  let i = 0;
  const flags: FlagInfo[] = [];
  const skipSpace = () => {
    while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  };
  skipSpace();
  while (hasFlags && s.startsWith('--', i)) {
    const tokenStart = i;
    let quote: string | null = null;
    while (i < s.length) {
      const c = s[i];
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if (isSpace(s.charCodeAt(i))) break;
      i++;
    }
    const token = s.slice(tokenStart + 2, i);
    const eq = token.indexOf('=');
    flags.push({
      name: (eq >= 0 ? token.slice(0, eq) : token).toLowerCase(),
      value: eq >= 0 ? unquote(token.slice(eq + 1)) : null,
      start: docOffset(lt, tokenStart),
      end: docOffset(lt, i - 1) + 1,
    });
    skipSpace();
  }
  return { flags, body: subLogical(lt, i) };
}

function makeStage(model: DockerfileModel, from: DockerInstruction): Stage {
  const body = from.body;
  const words = splitWords(body.text);
  const imageWord = words[0];
  const asIndex = words.findIndex((w, i) => i > 0 && w.text.toLowerCase() === 'as');
  const alias = asIndex > 0 && words[asIndex + 1] ? words[asIndex + 1].text : null;
  const text = imageWord ? imageWord.text : '';
  const start = imageWord ? docOffset(body, imageWord.start) : from.end;
  const end = imageWord ? docOffset(body, imageWord.end - 1) + 1 : from.end;
  const image = resolveImageRef(model, text, start, end, globalLookup(model), { from: true });
  const stage: Stage = {
    index: model.stages.length,
    from,
    image,
    alias: alias ? alias.toLowerCase() : null,
    parent: image.stage,
    instructions: [],
    windows: false,
    user: null,
    healthcheck: null,
    entrypoint: null,
    cmd: null,
    shell: null,
    pipefail: false,
  };
  return stage;
}

/**
 * The stage of each alias, kept as stages are added: of two stages with one name the later wins, as BuildKit's map of
 * stages by name is overwritten (convert.go 1254-1256); so a FROM names the last such stage before it.
 */
const STAGES_BY_ALIAS = Symbol('stagesByAlias');

function addStage(model: DockerfileModel, stage: Stage): void {
  model.stages.push(stage);
  let byAlias = recall<Map<string, Stage>>(model, STAGES_BY_ALIAS);
  if (!byAlias) remember(model, STAGES_BY_ALIAS, (byAlias = new Map()));
  if (stage.alias) byAlias.set(stage.alias, stage);
}

/** The stage of a (lower-case) alias, if any. */
function stageNamed(model: DockerfileModel, alias: string): Stage | null {
  const byAlias = recall<Map<string, Stage>>(model, STAGES_BY_ALIAS);
  return byAlias?.get(alias) ?? null;
}

/**
 * Resolve an image reference written in FROM / COPY --from / RUN --mount from=, evaluated as BuildKit does
 * (convert.go 401: `ProcessWordWithMatches(BaseName, globalArgs)`); an empty result names nothing.
 */
export function resolveImageRef(
  model: DockerfileModel,
  text: string,
  start: number,
  end: number,
  lookup: Lookup,
  { from = false }: { from?: boolean } = {},
): ImageRef {
  const word = processWord(text, lookup, lexOptions(model, model.escapeChar));
  const resolved = word.value || null;
  const lower = resolved?.toLowerCase() ?? null;
  // `COPY --from` and mounts find a stage case-insensitively; FROM by the name as written (convert.go 1250 against
  // the lower-cased names of 1254-1256), so `FROM Builder` is the image `Builder`, not stage `builder`
  const stage = lower ? stageNamed(model, from ? resolved! : lower) : null;
  const isScratch = lower === 'scratch';
  return {
    text,
    resolved,
    parsed: resolved && !stage && !isScratch ? parseImage(resolved) : null,
    start,
    end,
    isScratch,
    stage,
    word,
    untaggedTail: resolved === null ? untaggedTail(word) : null,
  };
}

function untaggedTail(word: EvaluatedWord): string | null {
  const last = word.parts[word.parts.length - 1];
  if (!last || !('text' in last) || word.parts.length < 2) return null;
  const slash = last.text.lastIndexOf('/');
  if (slash < 0) return null;
  const component = last.text.slice(slash + 1);
  return /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(component) ? component : null;
}

function splitWords(s: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** The text before the first `:` of a USER word, when no unknown stretch comes before it (or the word is known). */
function userPart(word: EvaluatedWord): string | null {
  if (word.error || word.tooDeep) return null;
  let text = '';
  for (const p of word.parts) {
    if (!('text' in p)) return null;
    const colon = p.text.indexOf(':');
    if (colon >= 0) return text + p.text.slice(0, colon);
    text += p.text;
  }
  return text;
}

/** Fill the stage's effective USER, SHELL, HEALTHCHECK and Windows-ness, inheriting from FROM <alias>. */
function inherit(model: DockerfileModel, stage: Stage): void {
  const parent = stage.parent;
  stage.user = parent?.user ?? null;
  stage.healthcheck = parent?.healthcheck ?? null;
  stage.entrypoint = parent?.entrypoint ?? null;
  stage.cmd = parent?.cmd ?? null;
  let cmdSet = false;
  stage.shell = parent?.shell ?? null;
  stage.pipefail = parent?.pipefail ?? false;
  stage.windows =
    model.windowsFile ||
    (parent?.windows ?? false) ||
    (!!stage.image.resolved && !stage.image.stage && WINDOWS_IMAGE.test(stage.image.resolved));
  for (const inst of stage.instructions) {
    switch (inst.keyword) {
      case 'USER': {
        // the rest of the line is one word (line_parsers.go parseString), evaluated (commands.go 427-434)
        const raw = inst.body.text.trim();
        const word = model.word(inst, raw);
        stage.user = { value: word.value ?? raw, unresolved: word.value === null, userPart: userPart(word), inst };
        break;
      }
      case 'HEALTHCHECK':
        stage.healthcheck = inst;
        break;
      case 'CMD':
        stage.cmd = inst;
        cmdSet = true;
        break;
      case 'ENTRYPOINT':
        stage.entrypoint = inst;
        if (!cmdSet) stage.cmd = null;
        break;
      case 'SHELL': {
        stage.shell = inst;
        const set = parseShellInstruction(inst);
        if (set.argv) {
          stage.windows = WINDOWS_SHELL.test(set.argv[0]) || model.windowsFile;
          stage.pipefail = set.pipefail;
        }
        break;
      }
    }
  }
}

/**
 * Variables visible at an instruction: ENV carried over from parent stages (ARG does not carry), then the stage's own
 * ARG and ENV before the instruction. Each stage is folded once, and parents' ENV is layered rather than copied; a
 * lookup is a binary search for the last assignment before the instruction. So rules may ask at every instruction,
 * and stage chains may be long, without quadratic cost.
 */
interface StageVars {
  /** ENV of the parent chain. */
  inherited: LayeredVars | null;
  /** Per name, the stage's own assignments in instruction order. */
  assignments: Map<string, { index: number; value: string | undefined; unknown: boolean }[]>;
  /** ENV (only) at the end of the stage: what child stages inherit. */
  envAtEnd: LayeredVars;
}

const STAGE_VARS = Symbol('stageVars');

const SHELLS_AT = Symbol('shellsAt');

/** The SHELL in effect at every instruction of every stage, computed once per model. */
function shellsAt(model: DockerfileModel): Map<DockerInstruction, ShellInEffect> {
  return memo(model, SHELLS_AT, () => {
    const at = new Map<DockerInstruction, ShellInEffect>();
    const finals = new Map<Stage, ShellInEffect>();
    for (const stage of model.stages) {
      let current = (stage.parent && finals.get(stage.parent)) || DEFAULT_SHELL;
      for (const inst of stage.instructions) {
        at.set(inst, current);
        if (inst.keyword === 'SHELL') current = parseShellInstruction(inst);
      }
      finals.set(stage, current);
    }
    return at;
  });
}

const WORDS_TOO_DEEP = Symbol('wordsTooDeep');

/** Remember an instruction whose word was too deep to evaluate, so the lint can say so (never a silent "clean"). */
function noteDepth<W extends { tooDeep?: boolean }>(model: DockerfileModel, inst: DockerInstruction, word: W): W {
  if (word.tooDeep) memo(model, WORDS_TOO_DEEP, () => new Set<DockerInstruction>()).add(inst);
  return word;
}

/** Instructions with a word too deep to evaluate (nesting, length or pattern work past the bounds), in file order. */
export function wordsTooDeep(model: DockerfileModel): DockerInstruction[] {
  const set = recall<Set<DockerInstruction>>(model, WORDS_TOO_DEEP);
  return set ? [...set].sort((a, b) => a.index - b.index) : [];
}

const LEX_OPTIONS = Symbol('lexOptions');

/** The lexer options of a document: its escape character, and one budget of pattern steps for all its words. */
function lexOptions(model: DockerfileModel, escape: string): LexOptions {
  const both = memo(model, LEX_OPTIONS, () => {
    const budget = matchBudget();
    return { backslash: { escape: '\\', budget }, backtick: { escape: '`', budget } };
  });
  return escape === '`' ? both.backtick : both.backslash;
}

/** Where a word of the instruction finds its variables (see DockerfileModel.word). */
function lookupAt(model: DockerfileModel, inst: DockerInstruction): Lookup {
  if (inst.keyword === 'ONBUILD') return () => ({ state: 'unknown' });
  // convert.go 401: FROM's image is evaluated with the global ARGs only
  if (!inst.stage || inst.keyword === 'FROM') return globalLookup(model);
  return lookupIn(varsAt(model, inst), 'unknown');
}

/**
 * BuildKit's automatic platform ARGs (frontend/dockerfile/dockerfile2llb/platform.go 39-66): set in the global scope
 * to the build's platforms, which are not known here.
 */
const BUILTIN_ARGS = new Set([
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDOSVERSION',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETOSVERSION',
  'TARGETARCH',
  'TARGETVARIANT',
  'TARGETSTAGE',
]);

const GLOBAL_UNKNOWN = Symbol('globalUnknown');

/** Global ARGs whose default is not known here (`ARG G=$TARGETARCH`), unlike one declared without a default. */
function globalUnknown(model: DockerfileModel): Set<string> {
  return memo(model, GLOBAL_UNKNOWN, () => new Set<string>());
}

/**
 * The global scope: the global ARGs, the platform ARGs (unknown values unless the build passes them: platform.go
 * 59-63), and nothing else (unset).
 */
function globalLookup(model: DockerfileModel): Lookup {
  const args = lookupIn(model.globalArgs, 'unset');
  const unknown = globalUnknown(model);
  return (name) => {
    const v = args(name);
    if (v.state === 'unset' && BUILTIN_ARGS.has(name)) return builtinArg(model, name);
    return v.state === 'arg' && unknown.has(name) ? { state: 'unknown' } : v;
  };
}

/** A platform ARG: the value the build passes for it, else not known here. */
function builtinArg(model: DockerfileModel, name: string): VarValue {
  const given = model.buildArgs.get(name);
  return given === undefined ? { state: 'unknown' } : { state: 'set', value: given };
}

/** An ARG or ENV value as written (its continuation lines joined), or null when it has none (`ARG NAME`). */
function rawValue(model: DockerfileModel, inst: DockerInstruction, p: ScannedProperty): string | null {
  if (p.valueStart === null || p.valueEnd === null) return p.value === null ? null : p.value;
  const written = model.text.slice(p.valueStart, p.valueEnd);
  if (!/[\r\n]/.test(written)) return written;
  const body = inst.body;
  const offsets = body.offsets;
  let from = 0;
  while (from < offsets.length && offsets[from] < p.valueStart) from++;
  let to = from;
  while (to < offsets.length && offsets[to] < p.valueEnd) to++;
  return body.text.slice(from, to);
}

/** ONBUILD triggers are parsed again in the child build, with the default escape (convert.go 1284-1306). */
function wordEscape(model: DockerfileModel, inst: DockerInstruction): string {
  return inst.keyword === 'ONBUILD' ? '\\' : model.escapeChar;
}

function varsAt(model: DockerfileModel, inst: DockerInstruction): Vars {
  if (!inst.stage) return model.globalArgs;
  return new VarsBefore(stageVars(model, inst.stage), inst.index);
}

function stageVars(model: DockerfileModel, stage: Stage): StageVars {
  // parents come earlier in the file; fold the uncached part of the chain top-down, without recursion
  const chain: Stage[] = [];
  for (let s: Stage | null = stage; s && recall(s, STAGE_VARS) === undefined; s = s.parent) chain.unshift(s);
  for (const s of chain)
    remember(s, STAGE_VARS, foldStage(model, s, s.parent ? recall<StageVars>(s.parent, STAGE_VARS)!.envAtEnd : null));
  return recall<StageVars>(stage, STAGE_VARS)!;
}

function foldStage(model: DockerfileModel, stage: Stage, inherited: LayeredVars | null): StageVars {
  const running = new LayeredVars(inherited);
  const envAtEnd = new LayeredVars(inherited);
  const assignments = new Map<string, { index: number; value: string | undefined; unknown: boolean }[]>();
  // `unknown`: a value that is not known here (it reads a base image's variable), unlike an ARG without a default,
  // whose `${X:-d}` is the author's default
  const assign = (name: string, index: number, value: string | undefined, unknown = false) => {
    running.own.set(name, value);
    if (unknown) running.unknownOwn.add(name);
    else running.unknownOwn.delete(name);
    let list = assignments.get(name);
    if (!list) assignments.set(name, (list = []));
    list.push({ index, value, unknown });
  };
  // a value is one word as BuildKit evaluates it (commands.go 114-135, convert.go 1691-1702)
  const evaluate = (i: DockerInstruction, p: ScannedProperty): { value: string | undefined; unknown: boolean } => {
    const raw = rawValue(model, i, p);
    if (raw === null) return { value: '', unknown: false };
    const options = lexOptions(model, model.escapeChar);
    if (isPlainWord(raw, options)) return { value: raw, unknown: false };
    const value = noteDepth(model, i, processWord(raw, lookupIn(running, 'unknown'), options)).value;
    return value === null ? { value: undefined, unknown: true } : { value, unknown: false };
  };
  for (const i of stage.instructions) {
    if (i.keyword === 'ENV') {
      // every pair of one ENV is evaluated against the variables before it, then all are set (convert.go 1038-1047,
      // 1329-1341; `ENV abc=bye def=$abc` gives def the earlier abc)
      const values = i.properties.map((p) => [p.name, evaluate(i, p)] as const);
      for (const [name, { value, unknown }] of values) assign(name, i.index, value, unknown);
    } else if (i.keyword === 'ARG') {
      // each name of one ARG sees the names before it (convert.go 1706-1709); a value the build passes wins (1679,
      // 1691-1693); one without a default takes the global default (1683-1689: the platform ARGs are global too),
      // else keeps what it was, else is a build argument whose value is not known
      for (const p of i.properties) {
        const name = p.name;
        const given = model.buildArgs.get(name);
        if (given !== undefined) assign(name, i.index, given);
        else if (p.value !== null || p.valueStart !== null) {
          const { value, unknown } = evaluate(i, p);
          assign(name, i.index, value, unknown);
        } else if (model.globalArgs.get(name) !== undefined) assign(name, i.index, model.globalArgs.get(name));
        else if (globalUnknown(model).has(name) || (BUILTIN_ARGS.has(name) && !model.globalArgs.has(name)))
          assign(name, i.index, undefined, true);
        else if (!running.has(name)) assign(name, i.index, undefined);
      }
    }
  }
  // a stage built FROM this one starts from its whole state: ENV and ARG values alike (convert.go 1209-1226;
  // reference.md: an ARG "is automatically inherited by other stages based on that stage")
  for (const [name, value] of running.own) envAtEnd.own.set(name, value);
  for (const name of running.unknownOwn) envAtEnd.unknownOwn.add(name);
  return { inherited, assignments, envAtEnd };
}

/** Read-only map operations on top of get/has and a materialized copy (only built if someone iterates). */
abstract class VarsView implements ReadonlyMap<string, string | undefined> {
  abstract get(name: string): string | undefined;
  /** The variable is set to a value not known here (see foldStage), not an ARG without a default. */
  abstract isUnknown(name: string): boolean;
  abstract has(name: string): boolean;
  abstract materialize(): Map<string, string | undefined>;
  get size(): number {
    return this.materialize().size;
  }
  forEach(
    callback: (value: string | undefined, key: string, map: ReadonlyMap<string, string | undefined>) => void,
    thisArg?: unknown,
  ): void {
    this.materialize().forEach((v, k) => callback.call(thisArg, v, k, this));
  }
  entries() {
    return this.materialize().entries();
  }
  keys() {
    return this.materialize().keys();
  }
  values() {
    return this.materialize().values();
  }
  [Symbol.iterator]() {
    return this.materialize()[Symbol.iterator]();
  }
}

/** A stage's own variables over its parent's, without copying the parent's. */
class LayeredVars extends VarsView {
  readonly own = new Map<string, string | undefined>();
  /** Names of `own` whose value is not known here. */
  readonly unknownOwn = new Set<string>();
  isUnknown(name: string): boolean {
    for (let layer: LayeredVars | null = this; layer; layer = layer.parent)
      if (layer.own.has(name)) return layer.unknownOwn.has(name);
    return false;
  }
  /** Answers found below this layer; parents are complete before a child exists, so an answer never changes. */
  private readonly inherited = new Map<string, { value: string | undefined } | null>();
  constructor(private readonly parent: LayeredVars | null) {
    super();
  }
  private lookup(name: string): { value: string | undefined } | null {
    // most names are the stage's own or were looked up before: answered without the walk's list
    const known = this.inherited.get(name);
    if (known !== undefined && !this.own.has(name)) return known;
    const visited: LayeredVars[] = [];
    let answer: { value: string | undefined } | null = null;
    for (let layer: LayeredVars | null = this; layer; layer = layer.parent) {
      if (layer.own.has(name)) {
        answer = { value: layer.own.get(name) };
        break;
      }
      const known = layer.inherited.get(name);
      if (known !== undefined) {
        answer = known;
        break;
      }
      visited.push(layer);
    }
    // remember the answer on the way, so a long chain is walked once per name
    for (const layer of visited) layer.inherited.set(name, answer);
    return answer;
  }
  get(name: string): string | undefined {
    if (this.own.has(name)) return this.own.get(name);
    return this.lookup(name)?.value;
  }
  has(name: string): boolean {
    return this.own.has(name) || this.lookup(name) !== null;
  }
  materialize(): Map<string, string | undefined> {
    const layers: LayeredVars[] = [];
    for (let layer: LayeredVars | null = this; layer; layer = layer.parent) layers.unshift(layer);
    const out = new Map<string, string | undefined>();
    for (const layer of layers) for (const [k, v] of layer.own) out.set(k, v);
    return out;
  }
}

/** The variables before instruction `index` of a stage. */
class VarsBefore extends VarsView {
  constructor(
    private readonly vars: StageVars,
    private readonly index: number,
  ) {
    super();
  }
  private last(name: string): { value: string | undefined; unknown: boolean } | undefined {
    const list = this.vars.assignments.get(name);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].index < this.index) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 ? list[found] : undefined;
  }
  get(name: string): string | undefined {
    const own = this.last(name);
    return own ? own.value : this.vars.inherited?.get(name);
  }
  isUnknown(name: string): boolean {
    const own = this.last(name);
    return own ? own.unknown : (this.vars.inherited?.isUnknown(name) ?? false);
  }
  has(name: string): boolean {
    return this.last(name) !== undefined || !!this.vars.inherited?.has(name);
  }
  materialize(): Map<string, string | undefined> {
    const out = this.vars.inherited?.materialize() ?? new Map<string, string | undefined>();
    for (const name of this.vars.assignments.keys()) {
      const own = this.last(name);
      if (own) out.set(name, own.value);
    }
    return out;
  }
}

function instructionAtLine(model: DockerfileModel, line: number): DockerInstruction | undefined {
  const list = model.instructions;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = list[mid].range;
    if (line < r.start.line) hi = mid - 1;
    else if (line > r.end.line) lo = mid + 1;
    else return list[mid];
  }
  return undefined;
}

/** The shell scripts a RUN executes: its command line (shell form) and heredoc bodies fed to a shell. */
function shellScripts(model: DockerfileModel, inst: DockerInstruction): ShellScript[] {
  if (inst.effectiveKeyword !== 'RUN') return [];
  if (inst.stage?.windows || model.windowsFile) return [];
  if (inst.execForm) return [];
  const scripts: ShellScript[] = [];
  const line = tokenizeShell(inst.body);
  scripts.push(line);
  const heredocs = inst.heredocs;
  if (heredocs.length) {
    // `RUN <<EOF` runs the body as a script; `RUN bash <<EOF` / `sh -s <<EOF` feeds it to a shell;
    // `RUN python3 <<EOF` is not shell.
    const first = line.topLevel[0];
    const name = first?.words[0]?.value ?? '';
    const runsShell = !first || first.words.length === 0 || /(^|\/)(ba|da|z|k|a)?sh$/.test(name);
    for (const h of heredocs) {
      const shebang = /^#!\s*(\S+)/.exec(h.content.text);
      const shellShebang =
        !shebang || /(^|\/)(env\s+)?(ba|da|z|k|a)?sh\b/.test(shebang[1] + h.content.text.slice(0, 40));
      if (runsShell && shellShebang) scripts.push(tokenizeShell(h.content));
    }
  }
  return scripts;
}
