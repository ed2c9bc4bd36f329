import type { SimulationResult } from './simulation';

/** The seed programme, relative to the repository root. */
export { SEED_PROGRAMME_PATH } from '@deelwijs/testing';

/** The end of a run as a person reads it: the report, the ground truth, the comparison, the verdict. */
export function printResult(
  result: SimulationResult,
  write: (text: string) => void,
  { report = true, details = true } = {},
): void {
  if (report) {
    write(`\n===== Progress report (reporting service, Markdown) =====\n\n${result.markdown}\n`);
  }
  // The tables are for who checks the simulation; the demo shows them only with --verbose.
  if (details || !result.ok) {
    write(`\n===== Ground truth kept by the simulator =====\n\n${result.groundTruth}\n`);
    write(
      `\nRequests and answers:\n${Object.entries(result.counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, count]) => `  ${name}: ${count}`)
        .join('\n')}\n`,
    );
    write(`\n===== Report against ground truth =====\n\n${result.figuresTable}\n`);
  }
  if (result.problems.length > 0) {
    write(
      `\nProblems (${result.problems.length}):\n${result.problems
        .slice(0, 50)
        .map((problem) => `  - ${problem}`)
        .join('\n')}\n`,
    );
  }
  write(
    `\n${result.ok ? 'OK' : 'MISMATCH'}: ${result.figures.length - result.mismatches.length} of ${result.figures.length} report figures equal the ground truth, ` +
      `${result.problems.length} other problems; seed ${result.plan.seed}, scale ${result.plan.scale}, ${result.plan.activities} activities, ` +
      `${result.plan.registrations} registrations, ${result.plan.advices} advices, ${(result.durationMs / 1000).toFixed(1)} s (run ${result.runTag}).\n`,
  );
}
