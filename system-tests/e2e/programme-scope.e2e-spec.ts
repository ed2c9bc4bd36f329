import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { parse as parseYaml } from 'yaml';
import { SEED_PROGRAMME_PATH } from '@deelwijs/simulation';
import { repositoryRoot, ServiceProcess, TestSystem, waitFor } from '@deelwijs/testing';

/**
 * Issue 11 across real processes: a programme imported into reporting is published through its
 * outbox over real NATS and reaches the read models of activities and knowledge, which then
 * take work naming it and refuse work naming an action it does not have (422 naming the field).
 */
describe('a programme imported into reporting reaches activities and knowledge', () => {
  const system = new TestSystem('programme_scope_e2e');
  const databases: Record<string, string> = {};
  let activities: ServiceProcess;
  let knowledge: ServiceProcess;
  let reporting: ServiceProcess;
  const code = 'overijssel-2026-herzien';

  beforeAll(async () => {
    for (const service of ['activities', 'knowledge', 'reporting']) {
      databases[service] = await system.database(service);
    }
    [activities, knowledge, reporting] = await Promise.all([
      system.start('activities', databases.activities),
      system.start('knowledge', databases.knowledge),
      system.start('reporting', databases.reporting),
    ]);
  }, 90_000);

  afterAll(async () => {
    await system.cleanUp();
  }, 60_000);

  async function knownVersion(service: string): Promise<number | null> {
    const client = new Client({ connectionString: databases[service] });
    await client.connect();
    try {
      const rows = (await client.query('SELECT version FROM programmes WHERE programme_code = $1', [code])).rows;
      return rows[0]?.version ?? null;
    } finally {
      await client.end();
    }
  }

  it('is learnt by both services, which then accept work naming it and refuse an unknown action', async () => {
    // The seed programme under another code, not the default of 2026: only work naming it counts in it.
    const seed = parseYaml(await readFile(path.join(repositoryRoot(), SEED_PROGRAMME_PATH), 'utf8'));
    const imported = await reporting.request('PUT', `/v1/programmes/${code}`, {
      roles: ['admin'],
      body: { ...seed, code, isDefaultForPeriod: false },
    });
    expect([200, 201]).toContain(imported.status);

    // Reporting's event crossed NATS into each service's own table.
    for (const service of ['activities', 'knowledge']) {
      await waitFor(() => knownVersion(service), (version) => version !== null && version >= 1, {
        timeoutMs: 30_000,
        what: `programme ${code} in ${service}'s read model`,
      });
    }

    const activity = (actionNumber: number) => ({
      programmeCode: code,
      type: 'democracy-game',
      title: { nl: 'Democratiespel in het herziene programma' },
      prestatieCode: '7.2.3',
      actionNumber,
      startsAt: '2026-03-12T19:30:00+01:00',
      endsAt: '2026-03-12T21:30:00+01:00',
    });
    const accepted = await activities.request('POST', '/v1/activities', { roles: ['organiser'], body: activity(1) });
    expect(accepted.status).toBe(201);
    expect(accepted.body.programmeCode).toBe(code);
    const refused = await activities.request('POST', '/v1/activities', { roles: ['organiser'], body: activity(99) });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.invalidParams.map((param: { name: string }) => param.name)).toEqual(['actionNumber']);

    const advice = (actionNumber: number) => ({
      programmeCode: code,
      title: 'Advies over jongerenparticipatie',
      summary: 'Advies binnen het herziene programma.',
      adviser: 'jongerenraad',
      solicited: true,
      prestatieCodes: ['7.2.3'],
      actions: [{ prestatieCode: '7.2.3', actionNumber }],
      issuedAt: '2026-03-12T10:00:00+01:00',
    });
    const issued = await knowledge.request('POST', '/v1/advices', { roles: ['editor'], body: advice(4) });
    expect(issued.status).toBe(201);
    const unknownAction = await knowledge.request('POST', '/v1/advices', { roles: ['editor'], body: advice(99) });
    expect(unknownAction.status).toBe(422);
    expect(unknownAction.body.invalidParams.map((param: { name: string }) => param.name)).toEqual([
      'actions[0].actionNumber',
    ]);
  }, 60_000);
});
