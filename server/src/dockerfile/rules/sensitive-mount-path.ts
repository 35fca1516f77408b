import { posix } from 'node:path';
import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction, Stage } from '../model/model';
import { copyOperands } from '../analysis/sources';
import { trimTrailing } from '../../text/scan';
import { visitInstructions } from '../visitor';

/** Kernel and host-control paths: the directory itself and everything under it. */
const SENSITIVE_DIRS: { path: string; name: string; mounted: string }[] = [
  {
    path: '/proc',
    name: "the kernel's process filesystem",
    mounted: "the host's /proc mounted there exposes every host process and kernel setting",
  },
  {
    path: '/sys',
    name: "the kernel's sysfs",
    mounted:
      "the host's /sys (or a part of it such as /sys/fs/cgroup) mounted there hands the container host kernel and cgroup controls",
  },
  {
    path: '/dev',
    name: 'the device directory',
    mounted: "the host's /dev mounted there gives the container raw access to the host's disks and devices",
  },
  {
    path: '/boot',
    name: 'the kernel and boot loader directory',
    mounted: "the host's /boot mounted there lets the container replace what the host boots",
  },
];

/** Container-engine sockets: exactly these files. */
const SOCKETS = new Set(['/var/run/docker.sock', '/run/docker.sock']);
const SOCKET = {
  name: 'the Docker API socket',
  mounted: "whoever can write to the host's socket there controls the Docker daemon, and so is root on the host",
};

export const sensitiveMountPath: DockerfileRule = {
  id: 'sensitive-mount-path',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'VOLUME or WORKDIR on a host-sensitive path',
  rationale:
    "A VOLUME on /proc, /sys, /dev, /boot or the Docker socket is an invitation to bind-mount the host's copy there, which hands the container the host kernel, its devices or the Docker daemon; a WORKDIR there makes the image work inside a kernel or device filesystem.",
  remedy:
    'Declare volumes and working directories for application data (`/data`, `/app`); if a tool really needs the Docker API or a kernel path, grant it at run time for that one container, read-only where possible, not in the image.',
  guidance: ['Isolation: do not break isolation'],
  anchors: [
    { tool: 'trivy', id: 'DS-0030' },
    { tool: 'dockle', id: 'DKL-DI-0002' },
  ],
  fixes: [],
  check(ctx) {
    const { model } = ctx;
    const dirs = workdirs(model);
    return visitInstructions(ctx, {
      keywords: ['VOLUME', 'WORKDIR'],
      onbuild: true,
      visit(inst) {
        const out: Report[] = [];
        const keyword = inst.effectiveKeyword;
        // ONBUILD triggers run in another build, with its variables and working directory
        const onbuild = inst.keyword === 'ONBUILD';
        // each operand as BuildKit evaluates it (commands.go 335-342, 444-446): quotes removed, variables substituted
        const operands = keyword === 'VOLUME' ? copyOperands(model, inst) : workdirOperand(model, inst);
        for (const op of operands) {
          if (!op.known || (onbuild && op.variables)) continue;
          const absolute =
            keyword === 'WORKDIR' && !onbuild
              ? (dirs.get(inst) ?? null)
              : op.value.startsWith('/')
                ? normalize(op.value)
                : null;
          if (absolute === null) continue;
          const hit = sensitive(absolute);
          if (!hit) continue;
          const shown = absolute === op.written ? `\`${op.written}\`` : `\`${op.written}\` (${absolute})`;
          out.push({
            range: model.range(op.start, op.end),
            message:
              keyword === 'VOLUME'
                ? `VOLUME ${shown} ${hit.is}: ${hit.mounted}. Declare volumes for application data only; grant host paths or the Docker API at run time, read-only and only to the container that needs them.`
                : `WORKDIR ${shown} ${hit.is}: the build and the container would create and run files there. Use an application directory such as /app.`,
          });
        }
        return out;
      },
    });
  },
};

/** What the path is, for the message (`is the device directory`, `is inside /dev, the device directory`). */
function sensitive(path: string): { is: string; mounted: string } | null {
  if (SOCKETS.has(path)) return { is: `is ${SOCKET.name}`, mounted: SOCKET.mounted };
  const dir = SENSITIVE_DIRS.find((d) => path === d.path || path.startsWith(`${d.path}/`));
  if (!dir) return null;
  return { is: path === dir.path ? `is ${dir.name}` : `is inside ${dir.path}, ${dir.name}`, mounted: dir.mounted };
}

function normalize(path: string): string {
  const n = posix.normalize(path);
  return n.length > 1 ? trimTrailing(n, '/') : n;
}

/** WORKDIR's one operand: the whole argument (it may hold spaces). */
/** WORKDIR's argument: the rest of the line, one word (line_parsers.go parseString), evaluated. */
function workdirOperand(
  model: DockerfileModel,
  inst: DockerInstruction,
): { value: string; written: string; known: boolean; variables: boolean; start: number; end: number }[] {
  const body = inst.body;
  const lead = body.text.length - body.text.trimStart().length;
  const written = body.text.trim();
  if (!written) return [];
  const word = model.word(inst, written);
  return [
    {
      value: word.value ?? written,
      written,
      known: word.value !== null,
      variables: word.reads.size > 0,
      start: body.offsets[lead],
      end: body.offsets[lead + written.length - 1] + 1,
    },
  ];
}

/**
 * The directory each WORKDIR sets, in file order: a relative WORKDIR continues from the previous one; a stage starts
 * where its parent stage ended, at `/` for scratch, and at an unknown directory (null) for an image.
 */
function workdirs(model: DockerfileModel): Map<DockerInstruction, string | null> {
  const out = new Map<DockerInstruction, string | null>();
  const finals = new Map<Stage, string | null>();
  for (const stage of model.stages) {
    let cwd: string | null = stage.parent ? (finals.get(stage.parent) ?? null) : stage.image.isScratch ? '/' : null;
    for (const inst of stage.instructions) {
      if (inst.keyword !== 'WORKDIR') continue;
      const value = model.word(inst, inst.body.text.trim()).value;
      if (!value) cwd = null;
      else if (value.startsWith('/')) cwd = normalize(value);
      else cwd = cwd === null ? null : normalize(posix.join(cwd, value));
      out.set(inst, cwd);
    }
    finals.set(stage, cwd);
  }
  return out;
}
