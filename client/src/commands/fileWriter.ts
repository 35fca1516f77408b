import * as path from 'node:path/posix';

/**
 * Writing the files the "New …" commands create, without ever replacing a file the user did not ask to replace.
 * Pure: the editor side is passed in (`WriteDeps`), so the decisions are tested on a temp folder with fake prompts.
 * Paths are `/`-separated (a `vscode.Uri`'s path), so the same code serves local, remote and Windows workspaces.
 */

/** What the user can do when the target exists. Nothing is overwritten unless they pick 'overwrite'. */
export type ExistingChoice = 'open' | 'overwrite' | 'rename';

export interface Choice {
  id: ExistingChoice;
  label: string;
}

export const EXISTING_CHOICES: readonly Choice[] = [
  { id: 'open', label: 'Open the existing file' },
  { id: 'overwrite', label: 'Overwrite' },
  { id: 'rename', label: 'Choose another name' },
];

export interface WriteDeps {
  exists(file: string): boolean | PromiseLike<boolean>;
  writeFile(file: string, text: string): void | PromiseLike<void>;
  /** Ask what to do with an existing file; undefined when the user dismisses the question. */
  ask(
    question: string,
    choices: readonly Choice[],
  ): ExistingChoice | undefined | PromiseLike<ExistingChoice | undefined>;
  /** Ask for another name (a file name, or a path relative to the target's folder); undefined = cancel. */
  askName(proposed: string): string | undefined | PromiseLike<string | undefined>;
  open(file: string): void | PromiseLike<void>;
}

/** What happened: the file written (and opened), the existing file opened, or nothing. */
export type WriteOutcome =
  | { status: 'written'; file: string }
  | { status: 'overwritten'; file: string }
  | { status: 'opened-existing'; file: string }
  | { status: 'cancelled' };

/** The next step, given whether the target exists and what the user answered (if they were asked). */
export type WriteStep = 'write' | 'ask' | 'open-existing' | 'overwrite' | 'choose-name' | 'cancel';

export function planWrite(
  targetExists: boolean,
  answer: ExistingChoice | 'not-asked' | 'dismissed' = 'not-asked',
): WriteStep {
  if (!targetExists) return 'write';
  switch (answer) {
    case 'not-asked':
      return 'ask';
    case 'open':
      return 'open-existing';
    case 'overwrite':
      return 'overwrite';
    case 'rename':
      return 'choose-name';
    default:
      return 'cancel';
  }
}

/**
 * Names to propose instead of an existing file: `Dockerfile.bulkhead`, `Dockerfile.2`, `Dockerfile.3` …; a name with
 * an extension keeps it last (`daemon.bulkhead.json`, `docker.2.rules`), so tools that go by extension still do.
 */
export function* alternativeNames(name: string): Generator<string> {
  const ext = path.extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  yield `${stem}.bulkhead${ext}`;
  for (let n = 2; ; n++) yield `${stem}.${n}${ext}`;
}

/** How many alternative names are tried before the proposal is left to the user. */
const MAX_PROBES = 1000;

/** The first alternative name in the target's folder that does not exist yet (or, after MAX_PROBES, the first one). */
export async function proposeFreeName(target: string, exists: WriteDeps['exists']): Promise<string> {
  const dir = path.dirname(target);
  let first: string | undefined;
  let probes = 0;
  for (const name of alternativeNames(path.basename(target))) {
    first ??= name;
    if (!(await exists(path.join(dir, name)))) return name;
    if (++probes >= MAX_PROBES) break;
  }
  return first!;
}

/** The answer to "another name", resolved against the target's folder (an absolute path is taken as it is). */
export function resolveName(target: string, answer: string): string | undefined {
  const name = answer.trim().replace(/\\/g, '/');
  if (!name || name.endsWith('/')) return undefined;
  return path.isAbsolute(name) ? path.normalize(name) : path.join(path.dirname(target), name);
}

function question(target: string): string {
  return `${path.basename(target)} already exists in ${path.dirname(target)}. Bulkhead never replaces a file unless you ask it to.`;
}

/**
 * Write `text` to `target` and open it, unless the target exists: then ask (open it / overwrite / another name). A new
 * name is checked again, so a renamed target that exists is never overwritten silently either.
 */
export async function writeNewFile(target: string, text: string, deps: WriteDeps): Promise<WriteOutcome> {
  let file = target;
  // Each round either ends or asks the user again; the bound only guards against a prompt that answers by itself.
  for (let round = 0; round < 100; round++) {
    const exists = await deps.exists(file);
    let step = planWrite(exists);
    if (step === 'ask') step = planWrite(exists, (await deps.ask(question(file), EXISTING_CHOICES)) ?? 'dismissed');
    switch (step) {
      case 'write':
      case 'overwrite':
        await deps.writeFile(file, text);
        await deps.open(file);
        return { status: step === 'write' ? 'written' : 'overwritten', file };
      case 'open-existing':
        await deps.open(file);
        return { status: 'opened-existing', file };
      case 'choose-name': {
        // proposed and resolved from the original target, so a second rename does not stack suffixes
        const answer = await deps.askName(await proposeFreeName(target, deps.exists));
        const next = answer === undefined ? undefined : resolveName(target, answer);
        if (!next) return { status: 'cancelled' };
        file = next;
        continue;
      }
      default:
        return { status: 'cancelled' };
    }
  }
  return { status: 'cancelled' };
}

/**
 * A file that goes with a new one (the `.dockerignore` beside a new Dockerfile): written only when absent, never
 * opened, never asked about. Returns whether it was written.
 */
export async function writeCompanionIfAbsent(
  file: string,
  text: string,
  deps: Pick<WriteDeps, 'exists' | 'writeFile'>,
): Promise<boolean> {
  if (await deps.exists(file)) return false;
  await deps.writeFile(file, text);
  return true;
}
