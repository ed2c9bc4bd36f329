import type { Snapshot } from './report-model';

/** One figure that differs between two snapshots. */
export type SnapshotChange =
  | { kind: 'overall'; before: string; after: string }
  | { kind: 'prestatie'; code: string; before: string; after: string }
  | { kind: 'actual' | 'indicatorStatus'; code: string; indicator: string; before: string; after: string }
  | { kind: 'added' | 'removed'; code: string; indicator: string; before: string; after: string };

/**
 * What changed from an earlier snapshot to a later one, field by field: the programme's
 * judgement, each prestatie's judgement, and each indicator's actual figure and judgement, in
 * the later snapshot's order. Indicators that appear or vanish (a changed programme) are named.
 */
export function snapshotChanges(earlier: Snapshot, later: Snapshot): SnapshotChange[] {
  const changes: SnapshotChange[] = [];
  if (earlier.status !== later.status) {
    changes.push({ kind: 'overall', before: earlier.status, after: later.status });
  }
  const before = new Map(earlier.prestaties.map((prestatie) => [prestatie.code, prestatie]));
  for (const prestatie of later.prestaties) {
    const old = before.get(prestatie.code);
    if (old && old.status !== prestatie.status) {
      changes.push({ kind: 'prestatie', code: prestatie.code, before: old.status, after: prestatie.status });
    }
    const oldIndicators = new Map((old?.indicators ?? []).map((indicator) => [indicator.key, indicator]));
    for (const indicator of prestatie.indicators) {
      const was = oldIndicators.get(indicator.key);
      oldIndicators.delete(indicator.key);
      if (!was) {
        changes.push({
          kind: 'added',
          code: prestatie.code,
          indicator: indicator.key,
          before: '',
          after: String(indicator.actual),
        });
        continue;
      }
      if (was.actual !== indicator.actual) {
        changes.push({
          kind: 'actual',
          code: prestatie.code,
          indicator: indicator.key,
          before: String(was.actual),
          after: String(indicator.actual),
        });
      }
      if (was.status !== indicator.status) {
        changes.push({
          kind: 'indicatorStatus',
          code: prestatie.code,
          indicator: indicator.key,
          before: was.status,
          after: indicator.status,
        });
      }
    }
    for (const gone of oldIndicators.values()) {
      changes.push({
        kind: 'removed',
        code: prestatie.code,
        indicator: gone.key,
        before: String(gone.actual),
        after: '',
      });
    }
  }
  return changes;
}
