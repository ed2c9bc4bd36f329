import { ProgressReportApprovedV1 } from '@deelwijs/contracts';
import type { ProgrammeReport } from '../reports/report.model';
import { approvedJudgements } from './approved-judgements';

const report = (statuses: Array<[string, ProgrammeReport['status']]>) =>
  ({ prestaties: statuses.map(([code, status]) => ({ code, status })) }) as unknown as ProgrammeReport;

describe('the judgements the approval event carries', () => {
  it('leaves a prestatie not judged out of prestaties and names it in notJudged, valid for v1', () => {
    const carried = approvedJudgements(
      report([
        ['7.2.3', 'deviation'],
        ['9.1.6', 'not-judged'],
      ]),
    );

    expect(carried).toEqual({ prestaties: [{ code: '7.2.3', status: 'deviation' }], notJudged: ['9.1.6'] });
    const event = {
      programmeCode: 'overijssel-2026',
      period: '2026',
      approvedAt: '2027-01-20T10:00:00+01:00',
      ...carried,
    };
    expect(ProgressReportApprovedV1.schema.parse(event)).toEqual(event);
  });

  it('carries every judged prestatie with its status, and an empty notJudged', () => {
    expect(
      approvedJudgements(
        report([
          ['7.2.3', 'on-track'],
          ['9.1.6', 'at-risk'],
        ]),
      ),
    ).toEqual({
      prestaties: [
        { code: '7.2.3', status: 'on-track' },
        { code: '9.1.6', status: 'at-risk' },
      ],
      notJudged: [],
    });
  });
});
