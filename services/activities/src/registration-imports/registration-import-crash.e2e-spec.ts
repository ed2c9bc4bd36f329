import { Client } from 'pg';
import { staffToken, TestSystem, waitFor, type ServiceProcess } from '@deelwijs/testing';

const ROWS = 5_000;

/**
 * "A job retried after a crash registers nobody twice", on the built service: the process is
 * SIGKILLed while its import job is part way through the file, started again, and BullMQ hands
 * the interrupted job to the new worker once its lock expires. Wherever the kill lands (inside
 * a chunk's transaction or between two), every row ends up registered exactly once.
 */
describe('a registration import whose worker dies mid-job (real process, SIGKILL)', () => {
  const system = new TestSystem('import_crash');
  let databaseUrl: string;
  let activities: ServiceProcess;

  beforeAll(async () => {
    databaseUrl = await system.database('activities');
    activities = await system.start('activities', databaseUrl, {
      PUBLIC_BASE_URL: 'https://deelwijs.test',
      REGISTRATION_IMPORT_JOB_LOCK_MS: '1000',
    });
  }, 60_000);

  afterAll(() => system.cleanUp(), 60_000);

  async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  it('goes on after the last chunk that committed, and registers every row once', async () => {
    const created = await activities.request('POST', '/v1/activities', {
      roles: ['organiser'],
      body: {
        type: 'democracy-game',
        title: { nl: 'Democratiespel, groot' },
        prestatieCode: '7.2.3',
        startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 7 * 86_400_000 + 7_200_000).toISOString(),
        publish: true,
      },
    });
    expect(created.status).toBe(201);
    const activityId = created.body.id as string;
    const sheet = [
      'Naam;E-mail',
      ...Array.from({ length: ROWS }, (_, index) => `Deelnemer ${index};deelnemer-${index}@example.org`),
    ].join('\r\n');
    const form = new FormData();
    form.append('file', new Blob([sheet], { type: 'text/csv' }), 'deelnemers.csv');
    form.append('mapping', JSON.stringify({ contactName: 'Naam', contactEmail: 'E-mail' }));
    form.append('activityId', activityId);
    const upload = await fetch(`${activities.url}/v1/registration-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staffToken(['organiser'])}` },
      body: form,
    });
    expect(upload.status).toBe(202);
    const { id } = (await upload.json()) as { id: string };
    const progress = () =>
      query<{ status: string; rows_done: number }>(
        `SELECT status, rows_done FROM registration_imports WHERE id = $1`,
        [id],
      );

    await waitFor(progress, ([entry]) => entry?.rows_done > 0, { what: 'the job to commit its first chunk' });
    await activities.kill('SIGKILL');
    const [atKill] = await progress();
    expect(atKill.status).toBe('running');
    expect(atKill.rows_done).toBeLessThan(ROWS);

    await activities.start();
    const [done] = await waitFor(progress, ([entry]) => entry.status === 'completed', {
      what: 'the import to complete after the restart',
      timeoutMs: 120_000,
    });
    expect(done.rows_done).toBe(ROWS);
    const [counts] = await query<{ registrations: number; addresses: number; rows: number; files: number }>(
      `SELECT (SELECT count(*)::int FROM registrations WHERE activity_id = $1) AS registrations,
              (SELECT count(DISTINCT contact_email)::int FROM registrations WHERE activity_id = $1) AS addresses,
              (SELECT count(*)::int FROM registration_import_rows WHERE import_id = $2) AS rows,
              (SELECT count(*)::int FROM registration_import_files WHERE import_id = $2) AS files`,
      [activityId, id],
    );
    expect(counts).toEqual({ registrations: ROWS, addresses: ROWS, rows: ROWS, files: 0 });
  }, 180_000);
});
