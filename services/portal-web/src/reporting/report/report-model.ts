/**
 * The report as the reporting service answers it in JSON (services/reporting's report.model.ts).
 * Its OpenAPI document does not describe this answer (it is one of six formats), so the part
 * the pages read is written here.
 */
/** A prestatie with no indicators and no budget of its own is 'not-judged'; so is a programme none of whose prestaties is judged. */
export const JUDGEMENTS = ['not-judged', 'on-track', 'at-risk', 'deviation'] as const;
export type Judgement = (typeof JUDGEMENTS)[number];

/** Whether a judgement read from the service (a snapshot's, say) is one this portal has words for. */
export function isJudgement(status: string): status is Judgement {
  return (JUDGEMENTS as readonly string[]).includes(status);
}
export type WorkflowStatus = 'draft' | 'submitted' | 'approved';
export interface LocalText {
  nl: string;
  en?: string;
}

export interface ReportWorkflow {
  status: WorkflowStatus;
  submittedAt?: string;
  submittedBy?: string;
  approvedAt?: string;
  approvedBy?: string;
  rejectionReason?: string;
  locked: boolean;
}

export interface PrestatieReport {
  code: string;
  title: LocalText;
  status: Judgement;
  explanationRequired: boolean;
  explanation?: LocalText;
  actions: Array<{ number: number; text: LocalText; realisation?: { text?: LocalText } }>;
  indicators: Array<{ key: string; label: LocalText; measure: string }>;
}

export interface ProgrammeReport {
  programme: { code: string; title: LocalText };
  period: { id: string; label?: LocalText };
  asOf: string;
  workflow: ReportWorkflow;
  status: Judgement;
  prestaties: PrestatieReport[];
}

export interface Snapshot {
  period: string;
  takenOn: string;
  takenAt: string;
  status: string;
  prestaties: Array<{
    code: string;
    status: string;
    indicators: Array<{ key: string; actual: number; status: string }>;
  }>;
}

/** Dutch, or English where written and asked for. */
export function localText(text: LocalText | undefined, language: 'nl' | 'en'): string {
  if (!text) {
    return '';
  }
  return language === 'en' && text.en ? text.en : text.nl;
}
