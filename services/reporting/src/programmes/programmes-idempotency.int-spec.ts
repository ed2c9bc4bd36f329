import { readFileSync } from 'node:fs';
import { InProcessService, probeIdempotency } from '@deelwijs/testing';
import type { ReportingConfig } from '../config/reporting.config';
import { reportingService } from '../reporting.service-definition';
import { seedProgrammeFile } from './seed-programme';

jest.setTimeout(60_000);

/** A programme imported with an Idempotency-Key, retried as a client would after a timeout. */
describe('Idempotency-Key on reporting (real PostgreSQL, NATS, Redis)', () => {
  let reporting: InProcessService<ReportingConfig>;
  const CODE = 'idempotent-2026';
  const yaml = readFileSync(seedProgrammeFile(), 'utf8').replace(/overijssel-2026/g, CODE);

  beforeAll(async () => {
    reporting = await InProcessService.start(reportingService, 'ridem');
  }, 60_000);

  afterAll(() => reporting?.close());

  it('answers a repeat as the first (created, 201) without writing again; 409 while in flight; 422 for another body', async () => {
    const readBack = async () => ({
      rows: await reporting.query(`SELECT revision, definition->>'title' AS title FROM programmes WHERE code = $1`, [CODE]),
      exported: (await reporting.request('GET', `/v1/programmes/${CODE}`, { roles: ['admin'] })).text,
    });
    const result = await probeIdempotency(reporting, {
      method: 'PUT',
      url: `/v1/programmes/${CODE}`,
      request: { roles: ['admin'], raw: Buffer.from(yaml), contentType: 'application/yaml' },
      otherRequest: { roles: ['admin'], raw: Buffer.from(yaml.replace(/Kennis/, 'Andere kennis')), contentType: 'application/yaml' },
      writes: 'programmes',
      readBack,
    });

    expect(result.whileInFlight.status).toBe(409);
    expect(result.whileInFlight.headers['content-type']).toContain('application/problem+json');
    expect(result.first.status).toBe(201);
    expect(result.afterFirst.rows).toEqual([{ revision: 1, title: expect.any(String) }]);
    // Without the key a second PUT would replace the programme: 200 and revision 2.
    expect(result.repeat.status).toBe(201);
    expect(result.repeat.headers['idempotent-replayed']).toBe('true');
    expect(result.repeat.body).toEqual(result.first.body);
    expect(result.afterRepeat).toEqual(result.afterFirst);
    expect(result.otherBody.status).toBe(422);
    expect(result.afterOtherBody).toEqual(result.afterFirst);
  });
});
