import type { Judgement, Reason } from '../deviations/deviation';
import type { LocalText, Measure, PrestatieDefinition, TargetKind } from '../programmes/programme.schema';

export type WorkflowStatus = 'draft' | 'submitted' | 'approved';

export interface IndicatorReport {
  key: string;
  label: LocalText;
  measure: Measure;
  target: { kind: TargetKind; value: number; max?: number };
  /** Realised up to the report date (cost in euros). */
  actual: number;
  /** Planned and not yet realised in the rest of the indicator's period, when known. */
  pipeline?: number;
  period: { start: string; end: string };
  status: Judgement;
  reasons: Reason[];
}

export interface BudgetReport {
  amountEur: number;
  reserve?: string;
  spentEur: number;
  committedEur: number;
  status: Judgement;
  reasons: Reason[];
}

export interface PrestatieReport {
  code: string;
  title: LocalText;
  aim: LocalText;
  context?: LocalText;
  actions: PrestatieDefinition['actions'];
  basicInformation: PrestatieDefinition['basicInformation'];
  budget?: BudgetReport;
  indicators: IndicatorReport[];
  status: Judgement;
  /** A deviation cannot be submitted without an explanation. */
  explanationRequired: boolean;
  explanation?: LocalText;
}

/** Everything a report in any format shows; renderers only put it into words and layout. */
export interface ProgrammeReport {
  programme: { code: string; title: LocalText; period: { start: string; end: string } };
  period: { id: string; start: string; end: string };
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
  status: Judgement;
  prestaties: PrestatieReport[];
}
