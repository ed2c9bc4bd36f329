import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { EventNamespace } from '@deelwijs/contracts';
import { ServiceProcess, TEST_NATS, TestSystem, waitFor } from '@deelwijs/testing';

/**
 * Two instances each of activities and reporting share databases, outbox and durable
 * consumers. Under concurrent load nothing is lost and nothing is applied twice.
 */
describe('scale-out: two instances of activities and of reporting', () => {
  const system = new TestSystem('scale');
  let activitiesDb: string;
  let reportingDb: string;
  let instances: ServiceProcess[] = [];

  beforeAll(async () => {
    [activitiesDb, reportingDb] = await Promise.all([system.database('scale_activities'), system.database('scale_reporting')]);
    // Started together, so the instances also race through migrations and stream creation.
    instances = await Promise.all([
      system.start('activities', activitiesDb),
      system.start('activities', activitiesDb),
      system.start('reporting', reportingDb),
      system.start('reporting', reportingDb),
    ]);
  }, 90_000);

  afterAll(async () => {
    await system.cleanUp();
  }, 60_000);

  async function count(url: string, sql: string): Promise<number> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return Number((await client.query(sql)).rows[0].n);
    } finally {
      await client.end();
    }
  }

  it('creates 1,000 activities through both activities instances; reporting counts each exactly once', async () => {
    const [activitiesA, activitiesB, reportingA, reportingB] = instances;
    const total = 1_000;
    let accepted = 0;
    for (let batch = 0; batch < total / 40; batch++) {
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          (index % 2 ? activitiesA : activitiesB).request('POST', '/v1/activities', {
            roles: ['organiser'],
            body: {
              type: index % 3 ? 'guest-lesson' : 'democracy-game',
              title: { nl: `Gastles ${batch}-${index}` },
              prestatieCode: '7.2.3',
              startsAt: '2026-05-01T09:00:00+02:00',
              endsAt: '2026-05-01T10:00:00+02:00',
            },
          }),
        ),
      );
      accepted += responses.filter((response) => response.status === 201).length;
    }
    expect(accepted).toBe(total);

    const projected = async (instance: ServiceProcess) =>
      (await instance.request('GET', '/v1/projections/activities-per-type?prestatie=7.2.3', { roles: ['reporter'] })).body.total;
    await waitFor(() => projected(reportingA), (value) => value === total, { timeoutMs: 60_000, what: 'all activities projected' });
    expect(await projected(reportingB)).toBe(total);

    expect(await count(activitiesDb, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL')).toBe(0);
    expect(await count(reportingDb, `SELECT count(*) AS n FROM inbox WHERE consumer = 'reporting--activities_activity_scheduled_v1'`)).toBe(total);
    const nc = await connect({ servers: TEST_NATS });
    const info = await (await jetstreamManager(nc)).streams.info(new EventNamespace(system.namespace).stream('ACTIVITIES'));
    await nc.close();
    // Two relays shared one outbox: every event is on the stream once.
    expect(info.state.messages).toBe(total);
  }, 120_000);
});
