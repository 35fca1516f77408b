import * as vscode from 'vscode';
import type { RenderedFile } from '../../../shared/src/templates';
import { writeNewFile, writeCompanionIfAbsent, WriteDeps, WriteOutcome } from './fileWriter';
import type { Parsed } from '../../../shared/src/inputs';

/**
 * The editor side of the "New …" commands: where to write, the file-writing deps over `vscode.workspace.fs`, and
 * the note that comes with a template.
 */

/**
 * The folder to write into: a folder (or a file's folder) the command was invoked on, else the only workspace folder,
 * else the one the user picks; with no folder open, the user chooses one. Undefined when they cancel.
 */
export async function targetFolder(arg: unknown, purpose: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) {
    try {
      const stat = await vscode.workspace.fs.stat(arg);
      return stat.type & vscode.FileType.Directory ? arg : vscode.Uri.joinPath(arg, '..');
    } catch {
      // not a usable location: ask below
    }
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0].uri;
  if (folders.length > 1)
    return (await vscode.window.showWorkspaceFolderPick({ placeHolder: `Which folder should ${purpose} go in?` }))?.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Create here',
    title: `Where should ${purpose} go?`,
  });
  return picked?.[0];
}

/**
 * An input box validated by a parser; `{ value }` when accepted (the value may be null: "none"), undefined when the
 * user cancels.
 */
export async function askParsed<T>(
  options: vscode.InputBoxOptions,
  parse: (text: string) => Parsed<T>,
): Promise<{ value: T } | undefined> {
  const text = await vscode.window.showInputBox({
    ...options,
    validateInput: (v) => {
      const p = parse(v);
      return p.ok ? undefined : p.message;
    },
  });
  if (text === undefined) return undefined;
  const parsed = parse(text);
  return parsed.ok ? { value: parsed.value } : undefined;
}

/** WriteDeps over `vscode.workspace.fs`; paths are the folder URI's path, so remote workspaces work too. */
export function fileDeps(folder: vscode.Uri): WriteDeps {
  const uri = (p: string) => folder.with({ path: p });
  return {
    async exists(p) {
      try {
        await vscode.workspace.fs.stat(uri(p));
        return true;
      } catch {
        return false;
      }
    },
    async writeFile(p, text) {
      await vscode.workspace.fs.writeFile(uri(p), new TextEncoder().encode(text));
    },
    async ask(question, choices) {
      const label = await vscode.window.showWarningMessage(question, { modal: true }, ...choices.map((c) => c.label));
      return choices.find((c) => c.label === label)?.id;
    },
    askName(proposed) {
      return vscode.window.showInputBox({
        title: 'Another name',
        prompt: 'A file name (or a path relative to the folder). Bulkhead asks again if it exists too.',
        value: proposed,
        valueSelection: [0, proposed.length],
        validateInput: (v) => (v.trim() && !/[\\/]$/.test(v.trim()) ? undefined : 'Enter a file name.'),
      });
    },
    async open(p) {
      await vscode.window.showTextDocument(uri(p), { preview: false });
    },
  };
}

/** The path a file named `name` gets in `folder` (as the fileWriter paths go). */
export function pathIn(folder: vscode.Uri, name: string): string {
  return vscode.Uri.joinPath(folder, name).path;
}

/** Write a rendered template through the never-overwrite layer; returns what happened. */
export function writeRendered(folder: vscode.Uri, file: RenderedFile): Promise<WriteOutcome> {
  return writeNewFile(pathIn(folder, file.fileName), file.text, fileDeps(folder));
}

/** Write a companion (the `.dockerignore` beside a new Dockerfile) only when none exists. */
export function writeCompanion(folder: vscode.Uri, file: RenderedFile): Promise<boolean> {
  return writeCompanionIfAbsent(pathIn(folder, file.fileName), file.text, fileDeps(folder));
}

/** The notes document: what the template does and what to fill in. */
export function notesMarkdown(fileName: string, file: RenderedFile): string {
  const lines = [`# ${fileName}: notes from Bulkhead`, '', file.note.trim(), ''];
  // Most notes already list their placeholders: add only the ones they leave out.
  const unlisted = file.placeholders.filter((p) => !file.note.includes(p.text));
  if (unlisted.length) {
    lines.push('## Fill in before use', '');
    for (const p of unlisted) lines.push(`- \`${p.text}\` — ${p.why}`);
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * After a file is written: a short message, and "Show notes" opens the template's note with its placeholders as an
 * untitled markdown document beside the new file (nothing is saved unless the user saves it).
 */
export async function showNote(outcome: WriteOutcome, file: RenderedFile, extra = ''): Promise<void> {
  if (outcome.status !== 'written' && outcome.status !== 'overwritten') return;
  const name = outcome.file.split('/').pop() ?? file.fileName;
  const todo = file.placeholders.length
    ? ` ${file.placeholders.length} placeholder${file.placeholders.length === 1 ? '' : 's'} to fill in.`
    : '';
  const action = await vscode.window.showInformationMessage(
    `Bulkhead wrote ${name}.${extra ? ` ${extra}` : ''}${todo}`,
    'Show notes',
  );
  if (action !== 'Show notes') return;
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: notesMarkdown(name, file) });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}
