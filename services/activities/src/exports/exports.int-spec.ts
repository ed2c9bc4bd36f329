import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { InProcessActivities } from '../testing/in-process-activities';

const DAY = 24 * 3600 * 1000;

describe("exports of an activity's registrations (real PostgreSQL)", () => {
  let service: InProcessActivities;
  let activityId: string;
  let registrationIds: string[];
  const organisation = randomUUID();

  beforeAll(async () => {
    service = await InProcessActivities.start('exports');
    activityId = (
      await service.createActivity({
        startsAt: new Date(Date.now() + 5 * DAY).toISOString(),
        endsAt: new Date(Date.now() + 5 * DAY + 7_200_000).toISOString(),
        organiserOrganisationId: organisation,
      })
    ).id;
    registrationIds = [
      (
        await service.register(activityId, {
          contactName: 'Anne "Annie" de Vries, jr.',
          contactEmail: 'anne@example.org',
        })
      ).id,
      (
        await service.register(activityId, {
          kind: 'group',
          headcount: 28,
          contactName: '=HYPERLINK("http://evil.example","klik")',
          contactEmail: 'leerkracht@school.example',
          schoolName: 'Het Baken',
          className: 'Groep 8b',
        })
      ).id,
    ];
  }, 60_000);
  afterAll(() => service?.close(), 30_000);

  async function audit() {
    return service.query<{
      action: string;
      actor_organisation_id: string | null;
      registration_ids: string[];
    }>(
      `SELECT action, actor_organisation_id, registration_ids FROM personal_data_audit WHERE activity_id = $1 ORDER BY id`,
      [activityId],
    );
  }

  it('gives the organiser an RFC 4180 CSV with BOM, safe from formulas, and audit-logs the read', async () => {
    const response = await service.request('GET', `/v1/activities/${activityId}/registrations`, { headers: { accept: 'text/csv' },
      roles: ['organiser'],
      organisationId: organisation,
    });

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="aanmeldingen-${activityId}.csv"`,
    );
    expect(response.headers['cache-control']).toBe('no-store');
    expect([...response.raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = response.text.slice(1).split('\r\n');
    expect(records.at(-1)).toBe('');
    expect(records[0].startsWith('Aanmelding / Registration,Status,')).toBe(true);
    expect(records[1]).toContain(
      `${registrationIds[0]},accepted,,individual,1,1,"Anne ""Annie"" de Vries, jr.",anne@example.org`,
    );
    expect(records[2]).toContain(
      `"'=HYPERLINK(""http://evil.example"",""klik"")",leerkracht@school.example,`,
    );
    expect(records[2]).toContain('Het Baken,Groep 8b');
    expect(await audit()).toEqual([
      { action: 'export-csv', actor_organisation_id: organisation, registration_ids: registrationIds },
    ]);
  });

  it('gives the same rows as an XLSX workbook, the formula kept as text', async () => {
    const response = await service.request('GET', `/v1/activities/${activityId}/registrations`, { headers: { accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      roles: ['admin'],
    });

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.raw as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Aanmeldingen')!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(2).getCell(7).value).toBe('Anne "Annie" de Vries, jr.');
    expect(sheet.getRow(3).getCell(7).value).toBe('=HYPERLINK("http://evil.example","klik")');
    expect(sheet.getRow(3).getCell(7).formula).toBeUndefined();
    expect(sheet.getRow(3).getCell(5).value).toBe(28);
    expect((await audit()).map((row) => row.action)).toEqual(['export-csv', 'export-xlsx']);
  });

  it('refuses callers without credentials (401), partners and other organisations (403), unknown activities (404), and logs nothing', async () => {
    const before = (await audit()).length;
    expect((await service.request('GET', `/v1/activities/${activityId}/registrations`, { headers: { accept: 'text/csv' } })).status).toBe(401);
    expect(
      (await service.request('GET', `/v1/activities/${activityId}/registrations`, { headers: { accept: 'text/csv' }, roles: ['partner'] }))
        .status,
    ).toBe(403);
    const elsewhere = await service.request('GET', `/v1/activities/${activityId}/registrations`, { headers: { accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      roles: ['organiser'],
      organisationId: randomUUID(),
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers['content-type']).toContain('application/problem+json');
    expect(
      (await service.request('GET', `/v1/activities/${randomUUID()}/registrations`, { headers: { accept: 'text/csv' }, roles: ['admin'] }))
        .status,
    ).toBe(404);
    expect(
      (await service.request('GET', `/v1/activities/nope/registrations`, { headers: { accept: 'text/csv' }, roles: ['admin'] })).status,
    ).toBe(400);
    expect(await audit()).toHaveLength(before);
  });
});
