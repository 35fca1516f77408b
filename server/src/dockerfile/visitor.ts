import type { Report } from '../rules/types';
import type { DockerfileContext } from './context';
import type { DockerInstruction, Stage } from './model/model';

/** What a visitor returns for one instruction or one stage: nothing, one finding or several. */
export type Found = Report | readonly Report[] | null | undefined | void;

/**
 * A rule written as a fold over the instructions it asks for, as hadolint's rules are (`Rule.hs`: a step function and
 * a state threaded through the instructions): the walk, the keyword filter and the per-stage state live here, so a
 * rule states only what it does with each instruction.
 */
export interface InstructionVisitor<S = undefined> {
  /** The upper-case keywords the rule reads (`['COPY', 'ADD']`). */
  keywords: readonly string[];
  /**
   * Also visit ONBUILD triggers whose instruction is one of `keywords` (`ONBUILD ADD …` for ADD): `inst.keyword` is
   * then `ONBUILD` and `inst.effectiveKeyword` the trigger's. Off by default: a trigger runs in another build.
   */
  onbuild?: boolean;
  /** Visit the instructions of Windows stages too (default true); false for rules about POSIX shells. */
  windows?: boolean;
  /** A stage's fresh state, made when the rule meets the stage's first instruction it asked for. */
  stageState?(stage: Stage | null, ctx: DockerfileContext): S;
  /** One instruction, with its stage's state (null stage: an ARG before the first FROM). */
  visit(inst: DockerInstruction, ctx: DockerfileContext, state: S): Found;
  /** After the last instruction of each stage in which the rule visited something. */
  endStage?(stage: Stage | null, ctx: DockerfileContext, state: S): Found;
}

function collect(out: Report[], found: Found): void {
  if (!found) return;
  if (Array.isArray(found)) out.push(...(found as readonly Report[]));
  else out.push(found as Report);
}

/** Walk the document's instructions once, in order, handing the visitor those it asked for; its findings in order. */
export function visitInstructions<S>(ctx: DockerfileContext, visitor: InstructionVisitor<S>): Report[] {
  const out: Report[] = [];
  // a rule asks for one to three keywords: a search of its list costs less than a Set built for each walk
  const wanted = visitor.keywords;
  let current: { stage: Stage | null; state: S } | undefined;
  const close = () => {
    if (current && visitor.endStage) collect(out, visitor.endStage(current.stage, ctx, current.state));
  };
  for (const inst of ctx.model.instructions) {
    const keyword = visitor.onbuild ? inst.effectiveKeyword : inst.keyword;
    if (!wanted.includes(keyword)) continue;
    if (visitor.windows === false && inst.stage?.windows) continue;
    if (!current || current.stage !== inst.stage) {
      close();
      current = { stage: inst.stage, state: visitor.stageState?.(inst.stage, ctx) as S };
    }
    collect(out, visitor.visit(inst, ctx, current.state));
  }
  close();
  return out;
}
