import { posix } from 'node:path';
import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction, Stage } from '../model/model';
import { copyOperands } from '../analysis/sources';
import { substitute } from '../model/variables';
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
        const vars = model.varsAt(inst);
        const operands = keyword === 'VOLUME' ? copyOperands(model, inst) : workdirOperand(inst);
        for (const op of operands) {
          const sub = substitute(unquote(op.value), vars, model.escapeChar);
          if (sub.unresolved || (onbuild && sub.hadVariables)) continue;
          const absolute =
            keyword === 'WORKDIR' && !onbuild
              ? (dirs.get(inst) ?? null)
              : sub.value.startsWith('/')
                ? normalize(sub.value)
                : null;
          if (absolute === null) continue;
          const hit = sensitive(absolute);
          if (!hit) continue;
          const shown = absolute === op.value ? `\`${op.value}\`` : `\`${op.value}\` (${absolute})`;
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

function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0])) return v.slice(1, -1);
  return v;
}

/** WORKDIR's one operand: the whole argument (it may hold spaces). */
function workdirOperand(inst: DockerInstruction): { value: string; start: number; end: number }[] {
  const body = inst.body;
  const lead = body.text.length - body.text.trimStart().length;
  const value = body.text.trim();
  if (!value) return [];
  return [{ value, start: body.offsets[lead], end: body.offsets[lead + value.length - 1] + 1 }];
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
      const sub = substitute(unquote(inst.body.text.trim()), model.varsAt(inst), model.escapeChar);
      if (sub.unresolved || !sub.value) cwd = null;
      else if (sub.value.startsWith('/')) cwd = normalize(sub.value);
      else cwd = cwd === null ? null : normalize(posix.join(cwd, sub.value));
      out.set(inst, cwd);
    }
    finals.set(stage, cwd);
  }
  return out;
}
