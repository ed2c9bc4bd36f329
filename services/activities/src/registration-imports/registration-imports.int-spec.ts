import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { IdentityAdmin } from '@deelwijs/identity';
import { TEST_IDENTITY_SIGNING_KEY, TEST_NATS, waitFor, type InjectedResponse } from '@deelwijs/testing';
import { InProcessActivities } from '../testing/in-process-activities';
import { RegistrationImportsService } from './registration-imports.service';

const DAY = 24 * 3600 * 1000;
const MAX_BYTES = 1_500_000;
const MAX_ROWS = 10_000;

describe('registration imports: a spreadsheet registered by a job (real PostgreSQL, Redis, NATS)', () => {
  let service: InProcessActivities;
  let admin: IdentityAdmin;
  let partner: string;
  let otherPartner: string;
  let asPartner: { headers: Record<string, string> };
  let asOtherPartner: { headers: Record<string, string> };
  const mapping = JSON.stringify({
    contactName: 'Docent',
    contactEmail: 'E-mail',
    schoolName: 'School',
    className: 'Klas',
    headcount: 'Aantal',
    externalReference: 'Kenmerk',
  });

  beforeAll(async () => {
    service = await InProcessActivities.start('imports', {
      REGISTRATION_IMPORT_MAX_BYTES: String(MAX_BYTES),
      REGISTRATION_IMPORT_MAX_ROWS: String(MAX_ROWS),
    });
    admin = await IdentityAdmin.connect({ natsUrl: TEST_NATS, namespace: service.namespace, signingKey: TEST_IDENTITY_SIGNING_KEY });
    partner = (await admin.registerOrganisation('ProDemos')).organisationId;
    otherPartner = (await admin.registerOrganisation('Gemeente Deventer')).organisationId;
    asPartner = {
      headers: { 'x-api-key': (await admin.issueKey(partner, ['partner'], 'ProDemos CRM')).key },
    };
    asOtherPartner = {
      headers: { 'x-api-key': (await admin.issueKey(otherPartner, ['partner'], 'Deventer')).key },
    };
    // The keys reach the service as identity events.
    for (const caller of [asPartner, asOtherPartner]) {
      await waitFor(
        () => service.request('GET', `/v1/registration-imports/${randomUUID()}`, caller),
        (response) => response.status === 404,
        { what: 'the API key to reach the activities service' },
      );
    }
  }, 90_000);
  afterAll(async () => {
    await admin?.close();
    await service?.close();
  }, 30_000);

  async function activity(body: Record<string, unknown> = {}): Promise<string> {
    return (
      await service.createActivity({
        type: 'guest-lesson',
        capacityUnit: 'groups',
        partnerOrganisationIds: [partner],
        startsAt: new Date(Date.now() + 10 * DAY).toISOString(),
        endsAt: new Date(Date.now() + 10 * DAY + 3_600_000).toISOString(),
        ...body,
      })
    ).id;
  }

  function csv(rows: string[][]): Buffer {
    return Buffer.from(
      `\uFEFF${[['Docent', 'E-mail', 'School', 'Klas', 'Aantal', 'Kenmerk'], ...rows].map((row) => row.join(';')).join('\r\n')}\r\n`,
    );
  }

  function upload(
    file: Buffer,
    fields: Record<string, string>,
    caller: object = asPartner,
    name = 'klassen.csv',
  ) {
    return service.postForm('/v1/registration-imports', { file: { name, content: file }, fields }, caller);
  }

  async function finished(id: string, caller: object = asPartner): Promise<InjectedResponse> {
    return waitFor(
      () => service.request('GET', `/v1/registration-imports/${id}`, caller),
      (response) => response.status !== 200 || ['completed', 'failed'].includes(response.body.status),
      { what: `import ${id} to finish`, timeoutMs: 120_000 },
    );
  }

  async function registrationsOf(activityId: string): Promise<number> {
    const [{ count }] = await service.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM registrations WHERE activity_id = $1`,
      [activityId],
    );
    return count;
  }

  it('registers the rows of a partner’s CSV and answers per row: accepted, waitlisted, duplicate, rejected with field and reason', async () => {
    const activityId = await activity({ capacity: 2 });
    const file = csv([
      ['M. de Boer', 'boer@school.example', 'Thomas a Kempis', '4b', '27', 'PD-1'],
      ['Eva Smit', 'smit@school.example', 'Het Baken', '8a', '25', 'PD-2'],
      ['Jos Brink', 'geen-adres', 'Het Baken', '8b', '24', 'PD-3'],
      ['Ans Kok', 'kok@school.example', 'De Linde', '7', '22', 'PD-1'],
      ['Piet Wit', 'wit@school.example', 'De Linde', '6', '0', 'PD-5'],
      ['Sara Vos', 'vos@school.example', 'Carmel', '3c', '26', 'PD-6'],
    ]);

    const created = await upload(file, { mapping, activityId });

    expect(created.status).toBe(202);
    expect(created.headers.location).toBe(`/v1/registration-imports/${created.body.id}`);
    expect(created.body).toMatchObject({ status: 'queued', rowsTotal: 6, format: 'csv', activityId });
    const done = await finished(created.body.id);
    expect(done.body).toMatchObject({
      status: 'completed',
      rowsTotal: 6,
      rowsDone: 6,
      summary: { accepted: 2, waitlisted: 1, duplicate: 1, rejected: 2 },
    });

    const rows = await service.request(
      'GET',
      `/v1/registration-imports/${created.body.id}/rows?pageSize=4`,
      asPartner,
    );
    expect(rows.status).toBe(200);
    expect(rows.body).toMatchObject({ total: 6, page: 1, pageSize: 4 });
    expect(rows.body.items).toEqual([
      { row: 2, outcome: 'accepted', registrationId: expect.any(String) },
      { row: 3, outcome: 'accepted', registrationId: expect.any(String) },
      {
        row: 4,
        outcome: 'rejected',
        field: 'contactEmail',
        reason: 'contactEmail must be an e-mail address',
      },
      { row: 5, outcome: 'duplicate', registrationId: rows.body.items[0].registrationId },
    ]);
    const rest = await service.request(
      'GET',
      `/v1/registration-imports/${created.body.id}/rows?page=2&pageSize=4`,
      asPartner,
    );
    expect(rest.body.items).toEqual([
      { row: 6, outcome: 'rejected', field: 'headcount', reason: 'headcount must be a whole number from 1 to 500' },
      { row: 7, outcome: 'waitlisted', registrationId: expect.any(String), waitlistPosition: 1 },
    ]);
    const rejected = await service.request(
      'GET',
      `/v1/registration-imports/${created.body.id}/rows?outcome=rejected`,
      asPartner,
    );
    expect(rejected.body.items.map((row: { row: number }) => row.row)).toEqual([4, 6]);

    const download = await service.request(
      'GET',
      `/v1/registration-imports/${created.body.id}/results`,
      asPartner,
    );
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toMatch(/^text\/csv/);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
    const lines = download.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(7);
    expect(lines[3]).toBe('4,rejected,,,contactEmail,contactEmail must be an e-mail address');
    expect(lines[6]).toMatch(/^7,waitlisted,[0-9a-f-]{36},1,,$/);

    expect(await registrationsOf(activityId)).toBe(3);
    // The file is gone with the job; what stays holds nothing from it but outcomes.
    expect(
      await service.query(`SELECT 1 FROM registration_import_files WHERE import_id = $1`, [created.body.id]),
    ).toEqual([]);
    const stored = JSON.stringify(
      await service.query(
        `SELECT i.*, array_agg(row_to_json(r)) AS rows FROM registration_imports i JOIN registration_import_rows r ON r.import_id = i.id
          WHERE i.id = $1 GROUP BY i.id`,
        [created.body.id],
      ),
    );
    for (const personal of ['boer@school.example', 'M. de Boer', 'Thomas a Kempis', 'geen-adres', 'PD-1']) {
      expect(stored).not.toContain(personal);
    }
  });

  it('answers the same file with the same choices as the same import: sent again, it registers nobody twice', async () => {
    const activityId = await activity();
    // No references: only the import itself can tell a second upload from new registrations.
    const file = csv([
      ['A. Jansen', 'jansen@school.example', 'Het Baken', '5', '20', ''],
      ['B. Bakker', 'bakker@school.example', 'Het Baken', '6', '21', ''],
    ]);
    const first = await upload(file, { mapping, activityId });
    expect(first.status).toBe(202);
    await finished(first.body.id);

    const again = await upload(file, { mapping, activityId });

    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, status: 'completed', summary: { accepted: 2 } });
    expect(again.headers.location).toBe(`/v1/registration-imports/${first.body.id}`);
    expect(await registrationsOf(activityId)).toBe(2);
  });

  it('shows a partner its own imports only; staff see them all', async () => {
    const activityId = await activity();
    const created = await upload(csv([['C. Smit', 'c.smit@school.example', 'Carmel', '2', '20', 'PD-70']]), {
      mapping,
      activityId,
    });
    await finished(created.body.id);

    for (const path of ['', '/rows', '/results']) {
      const other = await service.request(
        'GET',
        `/v1/registration-imports/${created.body.id}${path}`,
        asOtherPartner,
      );
      expect(other.status).toBe(404);
      expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
      const staff = await service.request('GET', `/v1/registration-imports/${created.body.id}${path}`, {
        roles: ['organiser'],
      });
      expect(staff.status).toBe(200);
    }
    expect(
      (await service.request('DELETE', `/v1/registration-imports/${created.body.id}`, asOtherPartner)).status,
    ).toBe(404);
    expect((await service.request('GET', `/v1/registration-imports/${created.body.id}`)).status).toBe(401);
  });

  it('imports an XLSX the same way, reading its first sheet', async () => {
    const activityId = await activity();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Klassen');
    sheet.addRow(['Docent', 'E-mail', 'School', 'Klas', 'Aantal']);
    sheet.addRow([
      'D. Mulder',
      { text: 'mulder@school.example', hyperlink: 'mailto:mulder@school.example' },
      'Het Baken',
      '4a',
      28,
    ]);
    sheet.addRow(['E. Kuiper', 'kuiper@school.example', 'Het Baken', '4b', 'veel']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const xlsxMapping = JSON.stringify({
      contactName: 'Docent',
      contactEmail: 'E-mail',
      schoolName: 'School',
      className: 'Klas',
      headcount: 'Aantal',
    });

    const created = await upload(file, { mapping: xlsxMapping, activityId }, asPartner, 'klassen.xlsx');

    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ format: 'xlsx', rowsTotal: 2 });
    expect((await finished(created.body.id)).body.summary).toEqual({
      accepted: 1,
      waitlisted: 0,
      duplicate: 0,
      rejected: 1,
    });
    const rows = await service.request('GET', `/v1/registration-imports/${created.body.id}/rows`, asPartner);
    expect(rows.body.items[1]).toMatchObject({ row: 3, outcome: 'rejected', field: 'headcount' });
  });

  it('previews the first rows with the mapping applied and checked, storing nothing', async () => {
    const activityId = await activity();
    const before = await service.query(`SELECT id FROM registration_imports`);
    const file = csv([
      ['F. de Wit', 'dewit@school.example', 'Carmel', '1a', '25', 'PD-90'],
      ['G. Visser', 'visser', 'Carmel', '1b', '26', 'PD-91'],
    ]);

    const bare = await service.postForm(
      '/v1/registration-imports/previews',
      { file: { name: 'k.csv', content: file } },
      asPartner,
    );
    expect(bare.status).toBe(200);
    expect(bare.body).toMatchObject({
      format: 'csv',
      columns: ['Docent', 'E-mail', 'School', 'Klas', 'Aantal', 'Kenmerk'],
      rowCount: 2,
      suggestedMapping: {
        contactName: 'Docent',
        contactEmail: 'E-mail',
        schoolName: 'School',
        className: 'Klas',
        headcount: 'Aantal',
        externalReference: 'Kenmerk',
      },
    });
    expect(bare.body.rows[0]).toEqual({
      row: 2,
      cells: ['F. de Wit', 'dewit@school.example', 'Carmel', '1a', '25', 'PD-90'],
    });

    const mapped = await service.postForm(
      '/v1/registration-imports/previews',
      { file: { name: 'k.csv', content: file }, fields: { mapping, activityId } },
      asPartner,
    );
    expect(mapped.status).toBe(200);
    expect(mapped.body.rows[0].item).toEqual({
      activityId,
      kind: 'group',
      contactName: 'F. de Wit',
      contactEmail: 'dewit@school.example',
      schoolName: 'Carmel',
      className: '1a',
      headcount: 25,
      externalReference: 'PD-90',
    });
    expect(mapped.body.rows[0].field).toBeUndefined();
    expect(mapped.body.rows[1]).toMatchObject({
      field: 'contactEmail',
      reason: 'contactEmail must be an e-mail address',
    });
    expect(await service.query(`SELECT id FROM registration_imports`)).toEqual(before);
    expect(await registrationsOf(activityId)).toBe(0);
  });

  it('refuses bad input with problem+json naming the field, and stores nothing', async () => {
    const activityId = await activity();
    const good = csv([['H. Kok', 'kok@school.example', 'Carmel', '1', '20', 'PD-99']]);
    const before = await service.query(`SELECT id FROM registration_imports`);
    const refusals: Array<[InjectedResponse, number, string]> = [
      [
        await service.postForm('/v1/registration-imports', { fields: { mapping, activityId } }, asPartner),
        400,
        'file',
      ],
      [
        await service.request('POST', '/v1/registration-imports', { ...asPartner, body: { mapping } }),
        415,
        'file',
      ],
      [await upload(Buffer.from('%PDF-1.7\n\u0000binary'), { mapping, activityId }), 415, 'file'],
      [await upload(Buffer.alloc(MAX_BYTES + 1, 'a'), { mapping, activityId }), 413, 'file'],
      [await upload(csv([]), { mapping, activityId }), 400, 'file'],
      [
        await upload(
          csv(
            Array.from({ length: MAX_ROWS + 1 }, (_, index) => [
              `D ${index}`,
              `d${index}@x.nl`,
              '',
              '',
              '',
              '',
            ]),
          ),
          {
            mapping,
            activityId,
          },
        ),
        400,
        'file',
      ],
      [await upload(good, { mapping: '{not json', activityId }), 400, 'mapping'],
      [
        await upload(good, {
          mapping: JSON.stringify({ contactName: 'Docent', contactEmail: 'Mail' }),
          activityId,
        }),
        400,
        'mapping.contactEmail',
      ],
      [
        await upload(good, { mapping: JSON.stringify({ contactName: 'Docent' }), activityId }),
        400,
        'mapping.contactEmail',
      ],
      [
        await upload(good, {
          mapping: JSON.stringify({ contactName: 'Docent', contactEmail: 'E-mail', age: 'Aantal' }),
          activityId,
        }),
        400,
        'mapping.age',
      ],
      [await upload(good, { mapping }), 400, 'activityId'],
      [await upload(good, { mapping, activityId: 'not-a-uuid' }), 400, 'activityId'],
      [await upload(good, { mapping, activityId, colour: 'red' }), 400, 'colour'],
    ];
    for (const [response, status, field] of refusals) {
      expect({ status: response.status, type: response.headers['content-type'] }).toEqual({
        status,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
      expect(response.body.invalidParams.map((param: { name: string }) => param.name)).toContain(field);
    }
    expect(await service.query(`SELECT id FROM registration_imports`)).toEqual(before);
    expect(await registrationsOf(activityId)).toBe(0);
  });

  it('takes 10,000 rows without blocking the service: the upload answers at once, progress shows while the job runs', async () => {
    const activityId = await activity({ capacity: undefined });
    const rows = Array.from({ length: 10_000 }, (_, index) => [
      `Docent ${index}`,
      `docent-${index}@school.example`,
      `School ${index % 40}`,
      `klas ${index}`,
      String(20 + (index % 10)),
      `BIG-${index}`,
    ]);
    const started = Date.now();

    const created = await upload(csv(rows), { mapping, activityId });
    const answeredInMs = Date.now() - started;

    expect(created.status).toBe(202);
    expect(created.body.rowsTotal).toBe(10_000);
    // While the job runs, the service answers: the progress is seen between the start and the end.
    const seen = new Set<number>();
    let slowestMs = 0;
    const done = await waitFor(
      async () => {
        const asked = Date.now();
        const response = await service.request(
          'GET',
          `/v1/registration-imports/${created.body.id}`,
          asPartner,
        );
        slowestMs = Math.max(slowestMs, Date.now() - asked);
        seen.add(response.body.rowsDone);
        return response;
      },
      (response) => response.body.status === 'completed',
      { what: 'the 10,000-row import', timeoutMs: 300_000, intervalMs: 100 },
    );
    process.stdout.write(
      `10,000-row import: upload answered in ${answeredInMs} ms, job took ${Date.now() - started} ms, slowest status answer ${slowestMs} ms, progress seen at ${[...seen].sort((a, b) => a - b).join(', ')}\n`,
    );
    expect(done.body).toMatchObject({ rowsDone: 10_000, summary: { accepted: 10_000, rejected: 0 } });
    expect([...seen].some((rowsDone) => rowsDone > 0 && rowsDone < 10_000)).toBe(true);
    expect(await registrationsOf(activityId)).toBe(10_000);
  }, 360_000);

  it('registers nobody twice when runs of the same import overlap (a stalled job taken over while the first still runs)', async () => {
    const activityId = await activity();
    const rows = Array.from({ length: 1_000 }, (_, index) => [
      `Docent ${index}`,
      `overlap-${index}@school.example`,
      'Carmel',
      `${index}`,
      '20',
      '',
    ]);
    const imports = service.app.get(RegistrationImportsService);

    const created = await upload(csv(rows), { mapping, activityId });
    // Two more runs beside the worker's own: each chunk goes to whichever holds the import's lock first.
    await Promise.all([imports.run(created.body.id), imports.run(created.body.id)]);
    const done = await finished(created.body.id);

    expect(done.body).toMatchObject({ status: 'completed', rowsDone: 1_000, summary: { accepted: 1_000 } });
    expect(await registrationsOf(activityId)).toBe(1_000);
    const [{ count }] = await service.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM registration_import_rows WHERE import_id = $1`,
      [created.body.id],
    );
    expect(count).toBe(1_000);
  }, 120_000);

  it('erases an import’s results on request (audit-logged), keeping its registrations, and after the retention period', async () => {
    const activityId = await activity();
    const created = await upload(csv([['I. Berg', 'berg@school.example', 'Carmel', '1', '20', 'PD-200']]), {
      mapping,
      activityId,
    });
    const done = await finished(created.body.id);
    expect(done.body.status).toBe('completed');

    expect(
      (await service.request('DELETE', `/v1/registration-imports/${created.body.id}`, asPartner)).status,
    ).toBe(204);

    expect(
      (await service.request('GET', `/v1/registration-imports/${created.body.id}`, asPartner)).status,
    ).toBe(404);
    expect(
      await service.query(`SELECT 1 FROM registration_import_rows WHERE import_id = $1`, [created.body.id]),
    ).toEqual([]);
    expect(await registrationsOf(activityId)).toBe(1);
    const [audit] = await service.query<{
      action: string;
      actor_organisation_id: string;
      registration_ids: string[];
    }>(
      `SELECT action, actor_organisation_id, registration_ids FROM personal_data_audit WHERE action = 'erase-import'`,
    );
    expect(audit).toMatchObject({ actor_organisation_id: partner, registration_ids: [expect.any(String)] });

    const remaining = await service.query<{ id: string }>(
      `SELECT id FROM registration_imports WHERE finished_at IS NOT NULL`,
    );
    expect(remaining.length).toBeGreaterThan(0);
    const expired = await service.app
      .get(RegistrationImportsService)
      .expireFinished(
        service.config.RETENTION_DAYS,
        new Date(Date.now() + (service.config.RETENTION_DAYS + 1) * DAY),
      );
    expect(expired).toBe(remaining.length);
    expect(await service.query(`SELECT id FROM registration_imports`)).toEqual([]);
  });
});
