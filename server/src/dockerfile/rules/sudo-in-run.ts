import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction } from '../model/model';
import type { ShellCommand, Word } from '../model/shell';
import { basename, unwrap } from '../analysis/commands';
import { visitInstructions } from '../visitor';

const PRIVILEGE_TOOLS = new Set(['sudo', 'doas']);

export const sudoInRun: DockerfileRule = {
  id: 'sudo-in-run',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'sudo used in RUN',
  rationale:
    'RUN already executes as the current USER, so sudo only matters when it is installed and configured in the image, where it lets any process in the container become root again. It also has unpredictable TTY and signal behaviour in builds.',
  remedy:
    'Run the privileged steps under `USER root` (or before the USER line) and switch to the unprivileged user afterwards; do not ship sudo.',
  guidance: ['Host: least privilege'],
  anchors: [
    { tool: 'hadolint', id: 'DL3004' },
    { tool: 'trivy', id: 'DS-0010' },
    { tool: 'checkov', id: 'CKV2_DOCKER_1' },
  ],
  shell: true,
  fixes: [],
  check: (ctx) =>
    visitInstructions(ctx, {
      keywords: ['RUN'],
      onbuild: true,
      visit(inst, { model }) {
        if (inst.execForm) return execFormSudo(model, inst);
        const out: Report[] = [];
        for (const script of inst.scripts) {
          for (const cmd of script.commands) {
            const word = sudoWord(cmd);
            if (word) out.push(report(model, word, cmd));
          }
        }
        return out;
      },
    }),
};

/** The `sudo` word when the command runs sudo (directly or under env/nohup/xargs ...), not when sudo is an argument. */
function sudoWord(cmd: ShellCommand): Word | undefined {
  const first = cmd.words[0];
  if (!first) return undefined;
  if (PRIVILEGE_TOOLS.has(basename(first.value))) return first;
  const u = unwrap(cmd);
  if (!u || !u.wrappers.some((w) => PRIVILEGE_TOOLS.has(w))) return undefined;
  const nameAt = cmd.words.indexOf(u.nameWord);
  return cmd.words.find((w, i) => i < nameAt && PRIVILEGE_TOOLS.has(basename(w.value)));
}

function report(model: DockerfileModel, word: Word, cmd: ShellCommand): Report {
  const tool = basename(word.value);
  const user = targetUser(cmd.words.slice(cmd.words.indexOf(word) + 1));
  const message = user
    ? `RUN uses ${tool} -u ${user} to switch users, which needs ${tool} installed in the image. Put \`USER ${user}\` before this step (or use runuser/setpriv from root), and remove ${tool}.`
    : plainMessage(tool);
  return { range: model.range(word.start, word.end), message };
}

/** `RUN ["sudo", ...]` */
function execFormSudo(model: DockerfileModel, inst: DockerInstruction): Report | undefined {
  const argv = inst.argv;
  if (!argv || argv[0] === undefined || !PRIVILEGE_TOOLS.has(basename(argv[0]))) return undefined;
  const text = inst.body.text;
  const q = text.indexOf(JSON.stringify(argv[0]));
  if (q < 0) return undefined;
  const start = inst.body.offsets[q + 1];
  const end = inst.body.offsets[q + JSON.stringify(argv[0]).length - 2] + 1;
  const tool = basename(argv[0]);
  return {
    range: model.range(start, end),
    message: plainMessage(tool),
  };
}

function plainMessage(tool: string): string {
  return `RUN uses ${tool}: build steps already run as the current USER. Run privileged steps under \`USER root\`, switch back to the unprivileged user afterwards, and do not install ${tool} in the image.`;
}

/** The user of `sudo [-E] -u user …` / `--user=user`, read from the options before the command. */
function targetUser(words: Word[]): string | undefined {
  for (let i = 0; i < words.length && words[i].value.startsWith('-'); i++) {
    const v = words[i].value;
    if (v === '-u' || v === '--user') return words[i + 1]?.value;
    if (v.startsWith('--user=')) return v.slice(7);
    if (/^-u./.test(v)) return v.slice(2);
  }
  return undefined;
}
