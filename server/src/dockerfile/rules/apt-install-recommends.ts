import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction } from '../model/model';
import {
  PackageCommand,
  Position,
  commandLabel,
  commandText,
  earlierInChain,
  envSetFor,
  packageRuns,
  shippedStages,
} from '../analysis/packages';
import { isFalse } from '../analysis/options';
import { fileWrites } from '../analysis/fileWrites';
import { copyOperands } from '../analysis/sources';
import { insertAfterWord } from '../analysis/commandInserts';
import { recall, remember } from '../../common/memo';
import { lastLineBreak } from '../../text/scan';

// linear: a literal key, then blank runs around an optional quote, each ended by a character it cannot read
/** apt.conf syntax: `APT::Install-Recommends "false";` (also inside `APT { … }`). */
const CONF_OFF = /Install-Recommends\s*(?:"\s*)?(false|0|no|off)\b/i;

export const aptInstallRecommends: DockerfileRule = {
  id: 'apt-install-recommends',
  kind: 'dockerfile',
  severity: 'info',
  title: 'apt installs recommended packages',
  rationale:
    'By default apt also installs every package a requested package merely recommends: often dozens of extra packages (documentation tools, X11 libraries, compilers) that the image never uses but that must be patched and can be abused.',
  remedy: 'Add `--no-install-recommends` to `apt-get install` and name the packages the image really needs.',
  guidance: ['Images: start from minimal base images', 'Build: add only what is needed'],
  anchors: [
    { tool: 'hadolint', id: 'DL3015' },
    { tool: 'trivy', id: 'DS-0029' },
    { tool: 'kics', id: 'APT-GET Not Avoiding Additional Packages' },
  ],
  shell: true,
  fixes: ['Add --no-install-recommends'],
  fixSafety: 'manual',
  check({ model }) {
    const out: Report[] = [];
    const shipped = shippedStages(model);
    for (const run of packageRuns(model)) {
      if (!run.inst.stage || !shipped.has(run.inst.stage)) continue;
      for (const pc of run.commands) {
        if (
          (pc.tool !== 'apt-get' && pc.tool !== 'apt') ||
          pc.sub !== 'install' ||
          pc.action !== 'install' ||
          !pc.subWord
        )
          continue;
        if (
          pc.unknown ||
          recommendsOff(pc) ||
          envSetFor(model, pc, 'APT_CONFIG') ||
          configuredOff(model, run.inst, pc.start)
        )
          continue;
        const edits = insertAfterWord(model, pc.where, pc.subWord, ' --no-install-recommends');
        const label = commandLabel(model, pc);
        out.push({
          range: model.range(label.start, label.end),
          message: `\`${commandText(pc)}\` also installs the packages these merely recommend, which adds software (and vulnerabilities) the image does not need. Add \`--no-install-recommends\` and name what you need explicitly.`,
          // fewer packages can break a program that relied on a recommended one: offered for review, not applied on save
          fixes: edits ? [{ title: 'Add --no-install-recommends', edits, isPreferred: true, manual: true }] : [],
        });
      }
    }
    return out;
  },
};

/** `--no-install-recommends`, `--install-recommends=false`, `-o APT::Install-Recommends=false`. */
function recommendsOff(pc: PackageCommand): boolean {
  return pc.options.some((o) => {
    if (o.long && o.name === 'no-install-recommends') return true;
    if (o.long && o.name === 'install-recommends' && isFalse(o.value)) return true;
    if ((o.name === 'o' || o.name === 'option') && o.value) {
      // `key = value`, each side trimmed (a line break after the value's first character: not an option)
      const eq = o.value.indexOf('=');
      const value = o.value.slice(eq + 1).replace(/^\s+/, '');
      return (
        eq > 0 &&
        /^APT::Install-Recommends$/i.test(o.value.slice(0, eq).trim()) &&
        lastLineBreak(value) < 0 &&
        isFalse(value.replace(/^["']|["']$/g, ''))
      );
    }
    return false;
  });
}

/**
 * apt configuration that turns recommends off earlier in the stage chain (`echo 'APT::Install-Recommends "false";' >
 * /etc/apt/apt.conf.d/…`), or configuration copied in from the context, which cannot be read (no finding).
 */
function configuredOff(model: DockerfileModel, inst: DockerInstruction, at: number): boolean {
  let test = recall<(here: Position) => boolean>(model, APT_CONFIG);
  if (!test) remember(model, APT_CONFIG, (test = earlierInChain(aptConfigEvents(model))));
  return test({ inst, at });
}

/** Where the file writes or copies apt configuration that may turn recommends off (computed once per model). */
function aptConfigEvents(model: DockerfileModel): Position[] {
  const out: Position[] = [];
  for (const w of fileWrites(model)) {
    if (CONF_OFF.test(w.text.text)) out.push({ inst: w.inst, at: w.text.offsets[0] ?? w.text.end });
  }
  for (const i of model.instructions) {
    if (i.keyword !== 'COPY' && i.keyword !== 'ADD') continue;
    const ops = copyOperands(model, i);
    const dest = ops[ops.length - 1]?.value ?? '';
    if (
      /^\/etc\/apt\/apt\.conf/.test(dest) ||
      (/^\/etc\/apt\/?$/.test(dest) && ops.slice(0, -1).some((o) => /apt\.conf/.test(o.value)))
    )
      out.push({ inst: i, at: i.start });
  }
  return out;
}

const APT_CONFIG = Symbol('aptConfig');
