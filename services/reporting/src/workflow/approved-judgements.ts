import type { PayloadOf, ProgressReportApprovedV1 } from '@deelwijs/contracts';
import type { ProgrammeReport } from '../reports/report.model';

type ApprovedJudgements = Pick<PayloadOf<typeof ProgressReportApprovedV1>, 'prestaties' | 'notJudged'>;

/**
 * The report's judgements as reporting.progress-report.approved.v1 carries them. Its readers know
 * three statuses; a prestatie with nothing to judge is left out of `prestaties` (any of the three
 * would say it was judged) and named in the additive `notJudged` instead, so that nothing a v1
 * reader parses changes while a reader that wants to can still tell it apart from a prestatie the
 * programme does not have.
 */
export function approvedJudgements(report: ProgrammeReport): ApprovedJudgements {
  const prestaties: ApprovedJudgements['prestaties'] = [];
  const notJudged: string[] = [];
  for (const prestatie of report.prestaties) {
    if (prestatie.status === 'not-judged') {
      notJudged.push(prestatie.code);
    } else {
      prestaties.push({ code: prestatie.code, status: prestatie.status });
    }
  }
  return { prestaties, notJudged };
}
