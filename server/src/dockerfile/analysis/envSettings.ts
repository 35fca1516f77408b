import type { DockerfileModel, DockerInstruction } from '../model/model';
import type { ScannedProperty } from '../model/parser';
import type { Word } from '../model/shell';
import { ExecScript, executedCommands, executedScripts } from './executed';
import { recall, remember } from '../../common/memo';

/**
 * Environment variables the build sets: `ENV`, `ARG` defaults in a stage (RUN sees them as environment; a bare
 * `ARG NAME` takes the default declared before the first FROM), and in RUN
 * `NAME=value cmd`, `export NAME=value`, `env NAME=value cmd`, and plain `NAME=value` when the script exports the
 * name. Values are literal or resolved from earlier ARG/ENV; an unknown value is reported as null.
 */
export type EnvSetting =
  | {
      kind: 'instruction';
      inst: DockerInstruction;
      property: ScannedProperty;
      name: string;
      value: string | null;
      start: number;
      end: number;
      count: number;
    }
  | {
      kind: 'shell';
      how: 'prefix' | 'export' | 'env' | 'plain';
      inst: DockerInstruction;
      where: ExecScript;
      word: Word;
      name: string;
      value: string | null;
      exportArgs?: number;
    };

export function envSettings(model: DockerfileModel): EnvSetting[] {
  const cached = recall<EnvSetting[]>(model, ENV_SETTINGS);
  if (cached) return cached;
  const out: EnvSetting[] = [];
  for (const inst of model.instructions) {
    if (inst.keyword !== 'ENV' && inst.keyword !== 'ARG') continue;
    // an ARG before the first FROM only feeds FROM lines; a stage sees it when it declares the name again
    if (!inst.stage) continue;
    const props = inst.properties;
    for (const property of props) {
      let value: string | null;
      if (property.valueStart === null) {
        // `ARG NAME` without a default takes the global one, if any; otherwise it sets nothing known
        if (inst.keyword !== 'ARG' || model.globalArgs.get(property.name) === undefined) continue;
        value = model.globalArgs.get(property.name)!;
      } else value = model.word(inst, model.text.slice(property.valueStart, property.valueEnd!)).value; // commands.go 114-135
      out.push({
        kind: 'instruction',
        inst,
        property,
        name: property.name,
        value,
        start: property.start,
        end: property.end,
        count: props.length,
      });
    }
  }
  const byScript = new Map<ExecScript['script'], ExecScript>(executedScripts(model).map((s) => [s.script, s]));
  for (const es of byScript.values()) {
    const exportsAll = es.script.commands.some(
      (c) =>
        c.words[0]?.value === 'set' && c.words.slice(1).some((w) => /^-\w*a/.test(w.value) || w.value === 'allexport'),
    );
    const exported = new Set<string>();
    for (const c of es.script.commands) {
      if (c.words[0]?.value === 'export' || c.words[0]?.value === 'declare' || c.words[0]?.value === 'typeset') {
        for (const w of c.words.slice(1)) if (/^[A-Za-z_]\w*$/.test(w.value)) exported.add(w.value);
      }
    }
    for (const cmd of es.script.commands) {
      const plain = cmd.words.length === 0;
      for (const word of cmd.assignments) {
        const a = assignment(word);
        if (!a) continue;
        if (plain && !exportsAll && !exported.has(a.name)) continue;
        out.push({ kind: 'shell', how: plain ? 'plain' : 'prefix', inst: es.inst, where: es, word, ...a });
      }
    }
  }
  for (const c of executedCommands(model)) {
    const where = byScript.get(c.script);
    if (!where) continue;
    const first = c.cmd.words[0];
    if (!first) continue;
    if (
      c.name === 'export' ||
      ((c.name === 'declare' || c.name === 'typeset') && c.args.some((w) => /^-\w*x/.test(w.value)))
    ) {
      const args = c.args.filter((w) => !w.value.startsWith('-'));
      if (c.args.some((w) => /^-\w*n/.test(w.value))) continue; // export -n un-exports
      for (const word of args) {
        const a = assignment(word);
        if (a) out.push({ kind: 'shell', how: 'export', inst: c.inst, where, word, ...a, exportArgs: args.length });
      }
    }
    if (c.wrappers.includes('env')) {
      // `env A=1 cmd`: the assignments sit between env and the command
      for (const word of c.cmd.words) {
        if (word === c.nameWord) break;
        const a = /^[A-Za-z_]\w*=/.test(word.value) ? assignment(word) : null;
        if (a) out.push({ kind: 'shell', how: 'env', inst: c.inst, where, word, ...a });
      }
    }
  }
  remember(model, ENV_SETTINGS, out);
  return out;
}

const ENV_SETTINGS = Symbol('envSettings');

function assignment(word: Word): { name: string; value: string | null } | null {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(word.value);
  if (!m) return null;
  return { name: m[1], value: word.dynamic ? null : m[2] };
}
