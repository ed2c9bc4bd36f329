import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ActivityHeldV1, AdviceIssuedV1 } from '@deelwijs/contracts';
import { publishEvent, repositoryRoot, staffToken, TEST_NATS, TestSystem, waitFor, type ServiceProcess } from '@deelwijs/testing';

/**
 * The built reporting service as a process: the seed programme loaded with the operator
 * command, events in over JetStream, the 7.2.3 page out over HTTP with roles enforced, and the
 * rebuild command agreeing with the live projection.
 */
describe('reporting service process', () => {
  const system = new TestSystem('reporting_e2e');
  const root = repositoryRoot();
  const cli = path.join(root, 'dist', 'services', 'reporting', 'src', 'cli', 'reporting-cli.js');
  let databaseUrl: string;
  let reporting: ServiceProcess;
  let nc: NatsConnection;

  const command = (...args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, NATS_URL: TEST_NATS, EVENTS_NAMESPACE: system.namespace },
    });

  beforeAll(async () => {
    databaseUrl = await system.database('reporting');
    reporting = await system.start('reporting', databaseUrl);
    nc = await connect({ servers: TEST_NATS });
  }, 60_000);

  afterAll(async () => {
    await nc?.close();
    await system.cleanUp();
  }, 60_000);

  it('loads the seed programme, counts events and serves the 7.2.3 page; the rebuild agrees', async () => {
    const imported = command('import-programme', path.join(root, 'services', 'reporting', 'data', 'programme-overijssel-2026.yaml'));
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toBe('created programme overijssel-2026 (revision 1)\n');

    const js = jetstream(nc);
    for (let index = 0; index < 41; index++) {
      await publishEvent(js, system.namespace, ActivityHeldV1, {
        activityId: randomUUID(),
        type: 'democracy-game',
        title: 'Democratiespel',
        prestatieCode: '7.2.3',
        actionNumber: 1,
        startsAt: '2026-03-12T19:30:00+01:00',
        endsAt: '2026-03-12T21:30:00+01:00',
        participants: 25,
        actualCostCents: 2_500_00,
        heldAt: '2026-03-12T21:30:00+01:00',
      });
    }
    await publishEvent(js, system.namespace, AdviceIssuedV1, {
      adviceId: randomUUID(),
      title: 'Advies over openbaar vervoer',
      adviser: 'jongerenraad',
      solicited: true,
      prestatieCodes: ['7.2.3'],
      issuedAt: '2026-02-10T10:00:00+01:00',
    });

    const page = '/v1/programmes/overijssel-2026/reports/2026-Q1/prestaties/7.2.3?format=md';
    const markdown = await waitFor(
      () => reporting.request('GET', page.replace('?format=md', ''), { roles: ['reporter'] }),
      (response) => response.body?.prestaties?.[0]?.indicators?.[0]?.actual === 41 && response.body.prestaties[0].indicators[3].actual === 1,
      { what: 'the events to be projected' },
    ).then(() => fetchText(reporting, page, 'reporter'));
    expect(markdown).toContain('41 van maximaal 50 democratiespelen gehouden');
    expect(markdown).toContain('1 van minimaal 2 adviezen van de Jongerenraad uitgebracht');
    expect(markdown).toContain('Toelichting op voortgang: Geen afwijking.');

    expect((await reporting.request('GET', page)).status).toBe(401);
    expect((await reporting.request('GET', page, { roles: ['partner'] })).status).toBe(403);
    expect((await reporting.request('PUT', '/v1/programmes/overijssel-2026', { roles: ['reporter'], body: {} })).status).toBe(403);
    const openapi = await reporting.request('GET', '/v1/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/programmes/{code}/reports/{period}', '/programmes/{code}/reports/{period}/approval']),
    );

    const rebuilt = command('rebuild-projections');
    expect(rebuilt.stdout).toContain('rebuild arrives at the live numbers');
    expect(rebuilt.status).toBe(0);
  }, 60_000);
});

async function fetchText(service: ServiceProcess, route: string, role: 'reporter'): Promise<string> {
  const response = await fetch(`${service.url}${route}`, { headers: { authorization: `Bearer ${staffToken([role])}` } });
  return response.text();
}
