import { describe, expect, it } from 'vitest';
import type { Snapshot } from './report-model';
import { snapshotChanges } from './snapshot-diff';

function snapshot(takenOn: string, status: string, prestaties: Snapshot['prestaties']): Snapshot {
  return { period: '2026-Q3', takenOn, takenAt: `${takenOn}T01:00:00.000Z`, status, prestaties };
}

describe('what changed between two snapshots', () => {
  const earlier = snapshot('2026-10-01', 'on-track', [
    {
      code: '7.2.3',
      status: 'on-track',
      indicators: [
        { key: 'guest-lessons', actual: 3, status: 'on-track' },
        { key: 'youth-council-advices', actual: 0, status: 'on-track' },
        { key: 'dropped', actual: 7, status: 'on-track' },
      ],
    },
  ]);

  it('names each judgement and figure that differs, and nothing else', () => {
    const later = snapshot('2026-10-02', 'deviation', [
      {
        code: '7.2.3',
        status: 'deviation',
        indicators: [
          { key: 'guest-lessons', actual: 5, status: 'on-track' },
          { key: 'youth-council-advices', actual: 0, status: 'deviation' },
          { key: 'costs', actual: 120000, status: 'on-track' },
        ],
      },
    ]);
    expect(snapshotChanges(earlier, later)).toEqual([
      { kind: 'overall', before: 'on-track', after: 'deviation' },
      { kind: 'prestatie', code: '7.2.3', before: 'on-track', after: 'deviation' },
      { kind: 'actual', code: '7.2.3', indicator: 'guest-lessons', before: '3', after: '5' },
      {
        kind: 'indicatorStatus',
        code: '7.2.3',
        indicator: 'youth-council-advices',
        before: 'on-track',
        after: 'deviation',
      },
      { kind: 'added', code: '7.2.3', indicator: 'costs', before: '', after: '120000' },
      { kind: 'removed', code: '7.2.3', indicator: 'dropped', before: '7', after: '' },
    ]);
  });

  it('shows a prestatie that was said to be on track, and is now not judged, as a change of its judgement', () => {
    // Snapshots taken before 'not-judged' existed said "on track" of a prestatie with nothing to judge.
    const before = snapshot('2026-10-01', 'deviation', [
      {
        code: '7.2.3',
        status: 'deviation',
        indicators: [{ key: 'guest-lessons', actual: 44, status: 'deviation' }],
      },
      { code: '9.1.6', status: 'on-track', indicators: [] },
    ]);
    const after = snapshot('2026-10-02', 'deviation', [
      {
        code: '7.2.3',
        status: 'deviation',
        indicators: [{ key: 'guest-lessons', actual: 44, status: 'deviation' }],
      },
      { code: '9.1.6', status: 'not-judged', indicators: [] },
    ]);
    expect(snapshotChanges(before, after)).toEqual([
      { kind: 'prestatie', code: '9.1.6', before: 'on-track', after: 'not-judged' },
    ]);
  });

  it('is empty for two equal snapshots', () => {
    expect(snapshotChanges(earlier, { ...earlier, takenOn: '2026-10-02' })).toEqual([]);
  });
});
