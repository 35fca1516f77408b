import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction, FlagInfo } from '../model/model';
import { deleteWords } from '../analysis/edits';
import { visitInstructions } from '../visitor';

/** BuildKit RUN flags that take a step out of the build sandbox, by flag name and the value that does it. */
const INSECURE: Record<string, { value: string; what: string; entitlement: string }> = {
  security: {
    value: 'insecure',
    what: 'runs the step as a privileged container: every capability, no seccomp or AppArmor profile, and the host devices, so the step (and whatever it downloads) can take over the build host',
    entitlement: 'security.insecure',
  },
  network: {
    value: 'host',
    what: "runs the step in the build host's network namespace: it can reach services bound to the host's localhost, the cloud metadata endpoint and networks the build should never see",
    entitlement: 'network.host',
  },
};

export const insecureBuildFlags: DockerfileRule = {
  id: 'insecure-build-flags',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'RUN step leaves the build sandbox',
  rationale:
    '`RUN --security=insecure` runs a build step privileged and `RUN --network=host` in the host network namespace: a compromised download or dependency in that step reaches the build host, its services and its credentials instead of a throw-away sandbox.',
  remedy:
    'Remove the flag; give the step what it needs inside the sandbox (a cache or secret mount, a build context, a proxy build argument) and keep the builder entitlements (`network.host`, `security.insecure`) off.',
  guidance: ['Isolation: do not break isolation'],
  anchors: [],
  fixes: ['Remove the flag'],
  fixSafety: 'manual',
  check: (ctx) =>
    visitInstructions(ctx, {
      keywords: ['RUN'],
      onbuild: true,
      visit(inst, { model }) {
        const out: Report[] = [];
        for (const flag of inst.flags) {
          const spec = INSECURE[flag.name];
          if (!spec || flag.value === null) continue;
          const value = flagValue(model, inst, flag);
          if (value !== spec.value) continue;
          const written = model.text.slice(flag.start, flag.end);
          out.push({
            range: model.range(flag.start, flag.end),
            message: `\`RUN --${flag.name}=${spec.value}\` ${spec.what}. Remove the flag, and keep the \`${spec.entitlement}\` entitlement off the builder.`,
            fixes: written.includes('\n')
              ? []
              : [
                  {
                    title: `Remove --${flag.name}=${spec.value}`,
                    edits: deleteWords(model, [{ start: flag.start, end: flag.end }]),
                    isPreferred: true,
                  },
                ],
          });
        }
        return out;
      },
    }),
};

/**
 * The flag's value as a word: quotes removed (split_command.go 84-117) and build arguments substituted. BuildKit
 * v0.32 does not expand variables in `--network` or `--security` (commands.go: RunCommand.Expand reaches only the
 * mounts; commands_runnetwork.go then refuses `$NET` as an invalid network mode), so a substituted value is judged as
 * a frontend that expands it would use it (see the rule's page: there the finding costs nothing).
 */
function flagValue(model: DockerfileModel, inst: DockerInstruction, flag: FlagInfo): string | null {
  return model.word(inst, (flag.value ?? '').trim()).value;
}
