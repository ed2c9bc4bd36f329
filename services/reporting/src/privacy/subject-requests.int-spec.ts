import { readFileSync } from 'node:fs';
import { subjectHash } from '@deelwijs/platform';
import { InProcessService } from '@deelwijs/testing';
import type { ReportingConfig } from '../config/reporting.config';
import { seedProgrammeFile } from '../programmes/seed-programme';
import { reportingService } from '../reporting.service-definition';

const OFFICER = { roles: ['privacy-officer' as const] };
const ANNA = 'anna.devries@example.nl';

/** The privacy officer's requests about one person in reporting (real PostgreSQL, NATS, Redis). */
describe('reporting: a subscriber’s subject access, erasure by e-mail address, the audit', () => {
  let reporting: InProcessService<ReportingConfig>;
  const CODE = 'overijssel-2026';

  beforeAll(async () => {
    reporting = await InProcessService.start(reportingService, 'reporting_subjects');
    const imported = await reporting.request('PUT', `/v1/programmes/${CODE}`, { roles: ['admin'], raw: readFileSync(seedProgrammeFile()), contentType: 'application/yaml' });
    expect(imported.status).toBeLessThan(300);
  }, 60_000);
  afterAll(() => reporting?.close());

  const subscribe = async (target: string) => {
    const response = await reporting.request('POST', '/v1/subscriptions', { roles: ['admin'], body: { programmeCode: CODE, channel: 'email', target } });
    expect(response.status).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    return response.body.id as string;
  };

  it('shows the subscriptions to the address, removes them once, and audits reads and requests by hash', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const annas = await subscribe('Anna.deVries@Example.nl');
    const others = await subscribe('rapportage@provincie.example');
    // An admin reads the list of subscribers: an audited read of both addresses.
    const listed = await reporting.request('GET', '/v1/subscriptions', { roles: ['admin'] });
    expect(listed.headers['cache-control']).toBe('no-store');

    const access = await reporting.request('POST', '/v1/privacy/subject-access', { ...OFFICER, body: { email: ANNA } });
    expect(access.status).toBe(200);
    expect(access.body.data.subscriptions).toEqual([
      { subscriptionId: annas, programmeCode: CODE, email: 'Anna.deVries@Example.nl', language: 'nl', subscribedAt: expect.any(String), deliveries: [] },
    ]);
    expect((await reporting.request('POST', '/v1/privacy/erasures', { ...OFFICER, body: { email: ANNA } })).body).toEqual({ service: 'reporting', erased: { subscriptions: 1 } });
    expect((await reporting.request('POST', '/v1/privacy/erasures', { ...OFFICER, body: { email: ANNA } })).body).toEqual({ service: 'reporting', erased: { subscriptions: 0 } });
    expect((await reporting.request('GET', '/v1/subscriptions', { roles: ['admin'] })).body.items.map((item: { id: string }) => item.id)).toEqual([others]);

    const to = new Date(Date.now() + 60_000).toISOString();
    const audit = await reporting.request('GET', `/v1/privacy/audit?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&email=${ANNA}`, OFFICER);
    expect(audit.body.items.map((entry: { action: string; recordIds: string[] }) => [entry.action, entry.recordIds])).toEqual([
      ['erase-subject', []],
      ['erase-subject', [annas]],
      ['subject-access', [annas]],
      ['list-subscriptions', expect.arrayContaining([annas, others])],
    ]);
    const whole = await reporting.request('GET', `/v1/privacy/audit?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, OFFICER);
    expect(whole.body.items[0]).toMatchObject({ action: 'read-audit', subjectHashes: [subjectHash(ANNA)] });
    expect(await reporting.query(`SELECT id FROM personal_data_audit WHERE lower(row_to_json(personal_data_audit)::text) LIKE $1`, [`%${ANNA}%`])).toEqual([]);
  });
});
