/**
 * The bot never writes a stage the deal's pipeline does not have. Bitrix24 takes an unknown STAGE_ID
 * and puts the deal into the pipeline's first stage («Входящая заявка»): a mistyped claimedStage or
 * paidStage would send every claimed or paid deal back to the start while the manager reads «✅».
 * Before each stage write the deal is read from the portal and its pipeline taken from the directory; a stage not in it is not
 * written (the deal stays where it is), logged with why, and the admins (directors when none) are
 * told once per pipeline and stage. Nor does it move a deal back: out of won or lost, or behind the
 * stage it has reached.
 */
import type { Rules } from '../config';
import type { DeskContext } from '../kernel/context';
import { sendToPerson } from '../kernel/delivery';
import { messageKey } from '../kernel/keys';
import type { Crm, Pipeline, Stage } from '../kernel/ports';
import { ops } from '../texts';
import type { StageWrites } from './outbox-sender';

type Refusal = Awaited<ReturnType<StageWrites['check']>>;
type PipelineRule = Pick<Rules['pipelines'][number], 'categoryId' | 'assignedStages' | 'claimedStage' | 'paidStage'>;

/**
 * The stage ids the rules name that their pipeline lacks (a typo, a stage deleted on the portal):
 * `field` is the rule's key (`assignedStages[0]`, `claimedStage`, `paidStage`). A rule for a
 * pipeline the portal does not have is not listed here (doctor names it). Pure.
 */
export function stagesNotInPipelines(
  rules: PipelineRule[],
  pipelines: Pipeline[],
): Array<{ index: number; categoryId: number; field: string; stageId: string; pipeline: Pipeline }> {
  return rules.flatMap((r, index) => {
    const pipeline = pipelines.find((p) => p.id === r.categoryId);
    if (!pipeline) return [];
    const named: Array<[string, string | undefined]> = [
      ...r.assignedStages.map((s, j): [string, string] => [`assignedStages[${j}]`, s]),
      ['claimedStage', r.claimedStage],
      ['paidStage', r.paidStage],
    ];
    return named.flatMap(([field, stageId]) =>
      stageId && !pipeline.stages.some((s) => s.id === stageId)
        ? [{ index, categoryId: r.categoryId, field, stageId, pipeline }]
        : [],
    );
  });
}

export class StageGuard implements StageWrites {
  constructor(
    private readonly ctx: DeskContext,
    private readonly crm: Crm,
  ) {
    ctx.events.on('directoryLoaded', () => this.checkRulesOnce());
  }

  /** Whether the rules' stages were checked against the portal's pipelines in this process. */
  private rulesChecked = false;

  /**
   * At start: every stage the bot writes (claimedStage, paidStage) that its pipeline lacks is logged
   * and the admins (directors when none) are told — once: the notice is the one the write-time check
   * sends (same key), so they hear it at start and not again at the first claim or payment. Checked at
   * the directory's first load of the process (the first pass loads it), so starting costs no extra
   * call and a portal down at start only delays the check.
   */
  checkRulesOnce(): void {
    const pipelines = this.ctx.directory.allPipelines();
    if (this.rulesChecked || pipelines.length === 0) return;
    this.rulesChecked = true;
    const written = stagesNotInPipelines(this.ctx.rules.pipelines, pipelines).filter(
      (m) => m.field === 'claimedStage' || m.field === 'paidStage',
    );
    for (const m of written) {
      const stages = m.pipeline.stages.map((s) => s.id).join(', ');
      this.ctx.log.warn(
        { categoryId: m.categoryId, field: m.field, stageId: m.stageId, stages },
        'the rules name a stage its pipeline does not have: the bot will move no deal to it until the rules are fixed',
      );
      const text = ops.stageNotInPipelineAtStart({
        field: `pipelines ${m.categoryId}: ${m.field}`,
        stageId: m.stageId,
        pipeline: m.pipeline.name,
        stages,
      });
      this.tellAdmins(m.categoryId, m.stageId, text);
    }
  }

  /** The admins (directors when none) hear of a stage missing from a pipeline: once per pipeline and stage. */
  private tellAdmins(categoryId: number, stageId: string, text: string): void {
    const { admins, directors } = this.ctx.rules.people;
    this.ctx.tx(() => {
      for (const id of admins.length ? admins : directors)
        sendToPerson(this.ctx, id, messageKey.stageNotInPipeline(categoryId, stageId, id), { text });
    });
  }

  async check(dealId: number, stageId: string): Promise<Refusal> {
    const deal = (await this.crm.getDeals([dealId])).get(dealId);
    if (!deal) return null; // gone: the write fails on its own
    const pipeline = await this.pipelineWith(deal.categoryId, stageId);
    if (!pipeline) return null;
    const to = pipeline.stages.findIndex((s) => s.id === stageId);
    if (to >= 0) return this.backwards(dealId, deal.stageId, stageId, pipeline.stages);
    const rule = this.ctx.rules.pipelines.find((p) => p.categoryId === deal.categoryId);
    const field = rule?.paidStage === stageId ? 'paidStage' : rule?.claimedStage === stageId ? 'claimedStage' : 'stage';
    const stages = pipeline.stages.map((s) => s.id).join(', ');
    this.ctx.log.warn(
      { dealId, stageId, categoryId: deal.categoryId, field, stages },
      'not moving the deal: the rules name a stage its pipeline does not have (the portal would put it into the first stage)',
    );
    const text = ops.stageNotInPipeline({
      dealId,
      field: `pipelines ${deal.categoryId}: ${field}`,
      stageId,
      pipeline: pipeline.name,
      stages,
    });
    this.tellAdmins(deal.categoryId, stageId, text);
    return {
      why: `stage ${stageId} is not in pipeline ${deal.categoryId}`,
      move: { kind: 'missing', stageId, pipelineName: pipeline.name },
    };
  }

  /**
   * The deal's pipeline from the directory's cache (read with people and departments, an hour at a
   * time), not from the portal at every write; read afresh once when the stage is not in the cached
   * copy (a stage added since), so a stage is refused only by the portal's own list.
   */
  private async pipelineWith(categoryId: number, stageId: string): Promise<Pipeline | undefined> {
    const cached = (await this.ctx.directory.fresh()).pipeline(categoryId);
    if (cached?.stages.some((s) => s.id === stageId)) return cached;
    this.ctx.directory.invalidate();
    return (await this.ctx.directory.fresh()).pipeline(categoryId);
  }

  /**
   * A deal only moves forward: never out of a closed stage (won or lost, semantics S/F — an invoice
   * paid after the win would put the deal back to «Счет оплачен» and end its follow-ups), never back
   * from a stage further on (a manager moved it on before the tap). Stages in the pipeline's order
   * (crm.status.list by SORT, crm-status-list.md). null: may be written.
   */
  private backwards(dealId: number, fromId: string, toId: string, stages: Stage[]): Refusal {
    const from = stages.findIndex((s) => s.id === fromId);
    const to = stages.findIndex((s) => s.id === toId);
    if (from < 0 || from === to) return null;
    const why = stages[from]?.semantics
      ? `the deal is closed (${fromId})`
      : from > to
        ? `the deal is already further on (${fromId})`
        : null;
    if (!why) return null;
    this.ctx.log.info({ dealId, from: fromId, to: toId }, `not moving the deal back: ${why}`);
    return { why, move: { kind: 'kept', stageName: stages[from]?.name ?? fromId } };
  }
}
