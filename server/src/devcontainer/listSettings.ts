import type { Range, TextEdit } from 'vscode-languageserver-types';
import { stringItems, type DevcontainerModel } from './model';
import { removeItem, removeRunArg } from './edits';

/**
 * The values of a setting devcontainer.json can write two ways: an array property (`capAdd`, `securityOpt`) and a
 * `docker run` flag in `runArgs` (`--cap-add`, `--security-opt`), each with where it is written (for messages), its
 * range, and the edit that removes it (the flag's value item with it).
 */
export interface ListSetting {
  value: string;
  /** `` `capAdd` `` or `` `--cap-add` in `runArgs` ``. */
  where: string;
  range: Range;
  removal: TextEdit[] | undefined;
  /** The fix title's tail: `from capAdd`, `--cap-add X from runArgs`. */
  removed: string;
}

export function listSetting(model: DevcontainerModel, key: string, flag: string): ListSetting[] {
  const out: ListSetting[] = stringItems(model, key).map((item) => ({
    value: item.value,
    where: `\`${key}\``,
    range: model.nodeRange(item.node),
    removal: removeItem(model, key, item.index),
    removed: `${item.value.trim()} from ${key}`,
  }));
  for (const f of model.runArgs) {
    if (f.name !== flag || f.value === undefined || !f.valueNode) continue;
    out.push({
      value: f.value,
      where: `\`--${flag}\` in \`runArgs\``,
      range: model.nodeRange(f.valueNode),
      removal: removeRunArg(model, f),
      removed: `--${flag} ${f.value.trim()} from runArgs`,
    });
  }
  return out;
}
