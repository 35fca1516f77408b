import type { TextEdit } from 'vscode-languageserver-types';
import type { Fix, Report, Anchor } from '../../rules/types';
import type { DockerfileModel } from '../model/model';
import type { ExecScript } from './executed';
import { ParsedOption, optionWords } from './options';
import { removeLetter, removeWords } from './commandEdits';

/** A finding of a shell-command rule before it becomes a Report: document offsets, and a removal fix if safe. */
export interface ShellFinding {
  start: number;
  end: number;
  message: string;
  fix?: { title: string; edits: TextEdit[] | null };
}

/** Reports, one per range (the same command can be reached twice, e.g. through a `sh -c "$(…)"` string). */
/**
 * Findings to reports. `anchorsFor` names the other tools' checks a finding matches, from the text it points at
 * (`--trusted-host`, `GIT_SSL_NO_VERIFY`), so their pragmas suppress only those findings.
 */
export function toReports(
  model: DockerfileModel,
  findings: readonly ShellFinding[],
  anchorsFor?: (token: string) => Anchor[],
): Report[] {
  const seen = new Set<string>();
  const out: Report[] = [];
  for (const f of findings) {
    const key = `${f.start}:${f.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fixes: Fix[] = f.fix?.edits ? [{ title: f.fix.title, edits: f.fix.edits, isPreferred: true }] : [];
    out.push({
      range: model.range(f.start, f.end),
      message: f.message,
      fixes,
      anchors: anchorsFor?.(model.text.slice(f.start, f.end)),
    });
  }
  return out;
}

/** The option as written (`-k`, `--trusted-host pypi.org`, `-o APT::Get::AllowUnauthenticated=true`). */
export function optionText(o: ParsedOption): string {
  if (!o.long && !o.alone && o.value === null) return `-${o.name}`;
  return optionWords(o)
    .map((w) => w.value)
    .join(' ');
}

/**
 * A finding on an option, with the fix that removes it: the letter of a combined short flag (`-fsSLk`), otherwise the
 * option word and its separate value word. The range is that letter or those words.
 */
export function optionFinding(
  model: DockerfileModel,
  where: ExecScript,
  o: ParsedOption,
  message: string,
): ShellFinding {
  const letter = !o.long && o.letter !== undefined && !o.valueWord && o.value === null ? o.letter : undefined;
  const edits =
    letter !== undefined ? removeLetter(model, where, o.word, letter) : removeWords(model, where, optionWords(o));
  const at = letter !== undefined && !o.alone ? o.word.offsets?.[letter] : undefined;
  const range =
    at !== undefined ? { start: at, end: at + 1 } : { start: o.word.start, end: (o.valueWord ?? o.word).end };
  return { ...range, message, fix: { title: `Remove ${optionText(o)}`, edits } };
}
