import { DataSource } from 'typeorm';
import { createTestDatabase } from '@deelwijs/testing';
import { ActivityTypeCounts1763800002000 } from './1763800002000-activity-type-counts';
import { ProgressReporting1764000000000 } from './1764000000000-progress-reporting';
import { ProgrammeScope1764900000000 } from './1764900000000-programme-scope';

/**
 * The migration to programme scope and cents, on a database that holds what the service wrote
 * before it: a programme in euros, a frozen report, projected activities. Up converts them, down
 * gives the euros back.
 */
describe('migration 1764900000000-programme-scope (real PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('reporting-migration');
    dataSource = new DataSource({
      type: 'postgres',
      url: database.url,
      migrations: [ActivityTypeCounts1763800002000, ProgressReporting1764000000000, ProgrammeScope1764900000000],
    });
    await dataSource.initialize();
  }, 30_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('keeps existing work in the default programme, and moves amounts from euros to cents and back', async () => {
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.undoLastMigration();
    const before = {
      code: 'overijssel-2025',
      title: { nl: 'Programma' },
      period: { start: '2025-01-01', end: '2025-12-31' },
      prestaties: [
        {
          code: '7.2.3',
          title: { nl: 'Kennis' },
          aim: { nl: 'Delen' },
          budget: { amountEur: 310_000.5, reserve: 'Kwaliteit van Overijssel' },
          indicators: [
            { key: 'costs', label: { nl: 'lasten' }, measure: 'cost', filter: {}, target: { kind: 'at-most', value: 310_000 } },
            { key: 'games', label: { nl: 'spelen' }, measure: 'activities-held', filter: {}, target: { kind: 'at-most', value: 50 } },
          ],
        },
      ],
    };
    const frozen = {
      prestaties: [
        {
          code: '7.2.3',
          budget: { amountEur: 310_000, spentEur: 1_234.56, committedEur: 100, reserve: 'Kwaliteit van Overijssel', status: 'on-track' },
          indicators: [{ key: 'costs', measure: 'cost', target: { kind: 'at-most', value: 310_000 }, actual: 1_234.56, pipeline: 100 }],
        },
      ],
    };
    await dataSource.query(`INSERT INTO programmes (code, definition) VALUES ($1, $2)`, ['overijssel-2025', JSON.stringify(before)]);
    // A second programme of the same year cannot also be the default.
    await dataSource.query(`INSERT INTO programmes (code, definition) VALUES ($1, $2)`, ['overijssel-2025-b', JSON.stringify({ ...before, code: 'overijssel-2025-b' })]);
    await dataSource.query(`INSERT INTO period_reports (programme_code, period, status, frozen) VALUES ($1, '2025', 'submitted', $2)`, [
      'overijssel-2025',
      JSON.stringify(frozen),
    ]);
    await dataSource.query(`INSERT INTO activity_facts (activity_id, prestatie_code, held) VALUES (gen_random_uuid(), '7.2.3', true)`);

    await dataSource.runMigrations({ transaction: 'each' });

    const [{ definition }, { definition: second }] = await dataSource.query(`SELECT definition FROM programmes ORDER BY code`);
    expect([definition.isDefaultForPeriod, second.isDefaultForPeriod]).toEqual([true, false]);
    expect(definition.prestaties[0].budget).toEqual({ amountCents: 310_000_50, reserve: 'Kwaliteit van Overijssel' });
    expect(definition.prestaties[0].indicators.map((indicator: { target: { value: number } }) => indicator.target.value)).toEqual([310_000_00, 50]);
    const [{ frozen: report }] = await dataSource.query(`SELECT frozen FROM period_reports`);
    expect(report.prestaties[0].budget).toMatchObject({ amountCents: 310_000_00, spentCents: 1_234_56, committedCents: 100_00 });
    expect(report.prestaties[0].indicators[0]).toMatchObject({ actual: 1_234_56, pipeline: 100_00, target: { value: 310_000_00 } });
    expect(await dataSource.query(`SELECT programme_code FROM activity_facts`)).toEqual([{ programme_code: null }]);
    expect(await dataSource.query(`SELECT published_revision, withdrawn_at FROM programmes`)).toEqual([
      { published_revision: 0, withdrawn_at: null },
      { published_revision: 0, withdrawn_at: null },
    ]);

    await dataSource.undoLastMigration();
    const [{ definition: restored }] = await dataSource.query(`SELECT definition FROM programmes ORDER BY code`);
    expect(restored).toEqual(before);
  }, 30_000);
});
