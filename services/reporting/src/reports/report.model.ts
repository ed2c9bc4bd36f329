import type { Judgement, MeasuredJudgement, Reason } from '../deviations/deviation';
import type { LocalText, Measure, PrestatieDefinition, TargetKind } from '../programmes/programme.schema';

export type WorkflowStatus = 'draft' | 'submitted' | 'approved';

export interface IndicatorReport {
  key: string;
  label: LocalText;
  measure: Measure;
  target: { kind: TargetKind; value: number; max?: number };
  /** Realised up to the report date (cost in euro cents, like every amount). */
  actual: number;
  /** Planned and not yet realised in the rest of the indicator's period, when known. */
  pipeline?: number;
  period: { start: string; end: string };
  status: MeasuredJudgement;
  reasons: Reason[];
}

/** Amounts in euro cents; the renderers turn them into euros where people read them. */
export interface BudgetReport {
  amountCents: number;
  reserve?: string;
  spentCents: number;
  committedCents: number;
  status: MeasuredJudgement;
  reasons: Reason[];
  /** The actions that have a budget of their own, with what their activities spent and committed. */
  actions: Array<{ number: number; budgetCents: number; spentCents: number; committedCents: number }>;
}

/**
 * A numbered action with what was done under it: activities held by type, participants and
 * groups they reached, advices and knowledge products, and the text reporting staff wrote.
 */
export interface ActionReport {
  number: number;
  text: LocalText;
  budgetCents?: number;
  /** Absent only in reports frozen before actions showed their realisation (issue 11). */
  realisation?: {
    activities: Array<{ type: string; held: number; participants: number; groups: number }>;
    held: number;
    participants: number;
    groups: number;
    advices: number;
    knowledgeProducts: number;
    text?: LocalText;
  };
}

/**
 * The policy monitor's figures for a prestatie marked `policyMonitor` (9.1.6): the network of
 * partners and projects in the report's period and the learning effects of its evaluations, as
 * the knowledge service last computed them. Absent figures have not been computed yet.
 */
export interface PolicyMonitorReport {
  /** The period the figures are of: the report's period, or an interim report's year. */
  period: string;
  network?: {
    computedAt: string;
    partners: number;
    projects: number;
    links: number;
    newLinks: number;
    communities: number;
    /** Organisations by id and, where knowledge knew it, by name; most links first. */
    mostConnected: Array<{ organisationId: string; organisationName?: string; degree: number }>;
  };
  evaluation?: { computedAt: string; responses: number; averages: Record<string, number> };
}

export interface PrestatieReport {
  code: string;
  title: LocalText;
  aim: LocalText;
  context?: LocalText;
  actions: ActionReport[];
  basicInformation: PrestatieDefinition['basicInformation'];
  budget?: BudgetReport;
  indicators: IndicatorReport[];
  /** The worst of its indicators and budget; 'not-judged' when it has neither. */
  status: Judgement;
  /** A deviation cannot be submitted without an explanation. */
  explanationRequired: boolean;
  explanation?: LocalText;
  policyMonitor?: PolicyMonitorReport;
}

/** Everything a report in any format shows; renderers only put it into words and layout. */
export interface ProgrammeReport {
  programme: { code: string; title: LocalText; period: { start: string; end: string } };
  /** An interim report of the reporting calendar has its label and "stand per" date; its id is the calendar key. */
  period: { id: string; start: string; end: string; label?: LocalText; standPer?: string };
  /** The date the figures are as of: the period's last day, or today while it runs. */
  asOf: string;
  generatedAt: string;
  workflow: {
    status: WorkflowStatus;
    submittedAt?: string;
    submittedBy?: string;
    approvedAt?: string;
    approvedBy?: string;
    rejectionReason?: string;
    /** Approved periods are locked: their figures are the ones frozen at submission. */
    locked: boolean;
  };
  /** The worst of the prestaties judged; 'not-judged' only when none of them is. */
  status: Judgement;
  prestaties: PrestatieReport[];
}
