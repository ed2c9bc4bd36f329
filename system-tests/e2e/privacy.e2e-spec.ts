import { execFile } from 'node:child_process';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { repositoryRoot, ServiceProcess, staffToken, TEST_JWT_SECRET, TestSystem } from '@deelwijs/testing';

const ANNA = 'anna.devries@example.nl';

/**
 * The privacy officer's commands (`npm run admin -- privacy ...`) against the three services as
 * processes: one person's data in each, exported together, erased everywhere (and again, which
 * changes nothing), the audit read back; a service that is down is named and the rest stands.
 */
describe('privacy requests across the platform', () => {
  const system = new TestSystem('privacy');
  const services: Partial<Record<'activities' | 'knowledge' | 'reporting', ServiceProcess>> = {};
  const databases: Record<string, string> = {};

  beforeAll(async () => {
    await Promise.all(
      (['activities', 'knowledge', 'reporting'] as const).map(async (name) => {
        databases[name] = await system.database(`privacy_${name}`);
        services[name] = await system.start(name, databases[name], name === 'activities' ? { PUBLIC_BASE_URL: 'https://deelwijs.test' } : {});
      }),
    );
  }, 120_000);

  afterAll(() => system.cleanUp(), 60_000);

  /** `npm run admin -- privacy ...` as a privacy officer runs it, pointed at this test's services. */
  function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [path.join(repositoryRoot(), 'scripts', 'admin.js'), 'privacy', ...args, '--subject', 'pim.privacy'],
        {
          cwd: repositoryRoot(),
          env: {
            PATH: process.env.PATH,
            AUTH_JWT_SECRET: TEST_JWT_SECRET,
            ACTIVITIES_URL: services.activities!.url,
            KNOWLEDGE_URL: services.knowledge!.url,
            REPORTING_URL: services.reporting!.url,
          },
          timeout: 60_000,
        },
        (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  async function inClear(service: string, table: string): Promise<number> {
    const client = new Client({ connectionString: databases[service] });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${table} t WHERE lower(row_to_json(t)::text) LIKE $1`, [`%${ANNA}%`]);
      return rows[0].n;
    } finally {
      await client.end();
    }
  }

  it('exports, erases once and audits one person across every service; a service that is down is named', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const { activities, knowledge, reporting } = services as Required<typeof services>;
    const startsAt = new Date(Date.now() + 7 * 24 * 3_600_000);
    const activity = await activities.request('POST', '/v1/activities', {
      roles: ['organiser'],
      body: {
        type: 'democracy-game',
        title: { nl: 'Democratiespel Zwolle' },
        prestatieCode: '7.2.3',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 7_200_000).toISOString(),
        publish: true,
      },
    });
    expect(activity.status).toBe(201);
    const registration = await activities.request('POST', `/v1/activities/${activity.body.id}/registrations`, {
      roles: ['organiser'],
      body: { kind: 'individual', contactName: 'Anna de Vries', contactEmail: 'Anna.deVries@example.nl' },
    });
    expect(registration.status).toBe(201);
    const item = await knowledge.request('POST', '/v1/knowledge-items', {
      roles: ['editor'],
      body: { kind: 'report', title: 'Verslag democratiespel', language: 'nl', visibility: 'public', authors: ['Redactie', ANNA] },
    });
    expect(item.status).toBe(201);
    const programme = await fetch(`${reporting.url}/v1/programmes/overijssel-2026`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${staffToken(['admin'])}`, 'content-type': 'application/yaml' },
      body: readFileSync(path.join(repositoryRoot(), 'services/reporting/data/programme-overijssel-2026.yaml')),
    });
    expect(programme.status).toBeLessThan(300);
    expect((await reporting.request('POST', '/v1/subscriptions', { roles: ['admin'], body: { programmeCode: 'overijssel-2026', channel: 'email', target: ANNA } })).status).toBe(201);

    const exported = await admin('export', '--email', ANNA);
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    const pack = JSON.parse(exported.stdout);
    expect(pack).toMatchObject({ email: ANNA, failed: {} });
    expect(pack.services.activities.registrations).toEqual([expect.objectContaining({ registrationId: registration.body.id, contactName: 'Anna de Vries' })]);
    expect(pack.services.knowledge.authoredItems).toEqual([expect.objectContaining({ itemId: item.body.itemId })]);
    expect(pack.services.reporting.subscriptions).toEqual([expect.objectContaining({ email: ANNA, programmeCode: 'overijssel-2026' })]);

    const erased = await admin('erase', '--email', ANNA);
    expect(erased.code).toBe(0);
    expect(erased.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'activities: erased 1 registrations, 0 organiserAddresses',
      'knowledge: erased 1 itemAuthorships, 1 versionAuthorships',
      'reporting: erased 1 subscriptions',
    ]);
    const again = await admin('erase', '--email', ANNA);
    expect(again.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'activities: erased 0 registrations, 0 organiserAddresses',
      'knowledge: erased 0 itemAuthorships, 0 versionAuthorships',
      'reporting: erased 0 subscriptions',
    ]);
    const after = JSON.parse((await admin('export', '--email', ANNA)).stdout);
    expect(after.services).toEqual({
      activities: { registrations: [], organisedActivities: [] },
      knowledge: { authoredItems: [], authoredVersions: [], changesMade: [] },
      reporting: { subscriptions: [] },
    });
    // The registration stays, without who it was.
    expect((await activities.request('GET', `/v1/registrations/${registration.body.id}`, { roles: ['organiser'] })).body).toMatchObject({
      status: 'accepted',
      contactName: null,
      contactEmail: null,
    });

    const to = new Date(Date.now() + 60_000).toISOString();
    const audit = await admin('audit', '--from', from, '--to', to, '--email', ANNA);
    expect(audit.code).toBe(0);
    const lines = audit.stdout.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^at\s+service\s+action\s+actor\s+records$/);
    const actions = lines.slice(1).map((line) => line.split(/\s{2,}/).slice(1, 4));
    for (const expected of [
      ['activities', 'subject-access', 'staff:pim.privacy'],
      ['activities', 'erase-subject', 'staff:pim.privacy'],
      ['knowledge', 'privacy.subject-access', 'staff:pim.privacy'],
      ['knowledge', 'privacy.erasure', 'staff:pim.privacy'],
      ['reporting', 'subject-access', 'staff:pim.privacy'],
      ['reporting', 'erase-subject', 'staff:pim.privacy'],
    ]) {
      expect(actions).toContainEqual(expected);
    }
    const json = JSON.parse((await admin('audit', '--from', from, '--to', to, '--json')).stdout);
    // The reading just before is audited in each service.
    expect(Object.values(json.services).map((entries) => (entries as Array<{ action: string }>)[0].action).sort()).toEqual([
      'privacy.audit-read',
      'read-audit',
      'read-audit',
    ]);
    // No audit holds the address in clear.
    expect([await inClear('activities', 'personal_data_audit'), await inClear('knowledge', 'audit_log'), await inClear('reporting', 'personal_data_audit')]).toEqual([0, 0, 0]);

    await reporting.stop();
    const partial = await admin('erase', '--email', ANNA);
    expect(partial.code).toBe(1);
    expect(partial.stdout).toContain('activities: erased 0 registrations');
    expect(partial.stderr).toMatch(/^reporting did not answer: .+\nRepeat the command: every request is safe to repeat\.$/m);
  }, 120_000);
});
