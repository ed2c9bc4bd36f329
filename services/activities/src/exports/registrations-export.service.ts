import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Principal } from '@deelwijs/identity';
import { BookingService } from '../booking/booking.service';
import { PersonalDataAudit } from '../privacy/personal-data-audit.service';
import { toAmsterdamIso } from '../shared/amsterdam-time';
import { toCsv, type Cell } from './csv';
import { RegistrationsExportRepository, type ExportRow } from './registrations-export.repository';

/** Column headings in Dutch and English: the organiser's spreadsheet is read by both. */
type ExportedRow = ExportRow & { waitlistPosition: number | null };

const COLUMNS: Array<{ heading: string; width: number; value: (row: ExportedRow) => Cell }> = [
  { heading: 'Aanmelding / Registration', width: 38, value: (row) => row.id },
  { heading: 'Status', width: 12, value: (row) => row.status },
  { heading: 'Wachtlijstpositie / Waiting-list position', width: 10, value: (row) => row.waitlistPosition },
  { heading: 'Soort / Kind', width: 12, value: (row) => row.kind },
  { heading: 'Aantal personen / Headcount', width: 10, value: (row) => row.headcount },
  { heading: 'Plaatsen / Places', width: 10, value: (row) => row.places },
  { heading: 'Naam / Name', width: 28, value: (row) => row.contact_name },
  { heading: 'E-mail', width: 32, value: (row) => row.contact_email },
  { heading: 'Telefoon / Phone', width: 16, value: (row) => row.contact_phone },
  { heading: 'School', width: 28, value: (row) => row.school_name },
  { heading: 'Klas / Class', width: 12, value: (row) => row.class_name },
  { heading: 'Taal / Language', width: 8, value: (row) => row.language },
  { heading: 'Aangemeld door / Registered by', width: 14, value: (row) => row.registered_by },
  { heading: 'Partner', width: 38, value: (row) => row.partner_organisation_id },
  { heading: 'Referentie partner / Partner reference', width: 20, value: (row) => row.external_reference },
  { heading: 'Aangemeld op / Registered at', width: 26, value: (row) => toAmsterdamIso(row.created_at) },
  {
    heading: 'Aanwezig / Checked in at',
    width: 26,
    value: (row) => row.checked_in_at && toAmsterdamIso(row.checked_in_at),
  },
  {
    heading: 'Geannuleerd op / Cancelled at',
    width: 26,
    value: (row) => row.cancelled_at && toAmsterdamIso(row.cancelled_at),
  },
  {
    heading: 'Geanonimiseerd op / Anonymised at',
    width: 26,
    value: (row) => row.anonymised_at && toAmsterdamIso(row.anonymised_at),
  },
];

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

/** An activity's registrations as a file for its organiser; every export is audit-logged with the ids it held. */
@Injectable()
export class RegistrationsExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly exports: RegistrationsExportRepository,
    private readonly audit: PersonalDataAudit,
    private readonly booking: BookingService,
  ) {}

  async csv(activityId: string, principal: Principal): Promise<ExportFile> {
    const rows = await this.read(activityId, principal, 'export-csv');
    return {
      filename: `aanmeldingen-${activityId}.csv`,
      contentType: 'text/csv; charset=utf-8; header=present',
      body: Buffer.from(
        toCsv(
          COLUMNS.map((column) => column.heading),
          rows.map((row) => COLUMNS.map((column) => column.value(row))),
        ),
        'utf8',
      ),
    };
  }

  async xlsx(activityId: string, principal: Principal): Promise<ExportFile> {
    const rows = await this.read(activityId, principal, 'export-xlsx');
    // Loaded on the first workbook asked for, not at boot: exceljs with its zip and stream
    // dependencies is some 25 MB of resident memory (issue 13).
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'Deelwijs';
    const sheet = workbook.addWorksheet('Aanmeldingen');
    sheet.columns = COLUMNS.map((column) => ({ header: column.heading, width: column.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    // Values go in as plain strings and numbers: exceljs writes a formula only when given a
    // { formula } object, so a registrant's "=..." stays text.
    for (const row of rows) {
      sheet.addRow(COLUMNS.map((column) => column.value(row) ?? null));
    }
    return {
      filename: `aanmeldingen-${activityId}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body: Buffer.from(await workbook.xlsx.writeBuffer()),
    };
  }

  private async read(
    activityId: string,
    principal: Principal,
    action: 'export-csv' | 'export-xlsx',
  ): Promise<ExportedRow[]> {
    return this.dataSource.transaction(async (db) => {
      const activity = await this.exports.organiserOf(db, activityId);
      if (!activity) {
        throw new NotFoundException(`Activity ${activityId} does not exist.`);
      }
      assertOrganiserOf(principal, activity.organisationId);
      const rows = await this.exports.rows(db, activityId);
      // The positions every other view shows: the booking core's one count of the waiting list.
      const positions = await this.booking.waitlistPositions(db, activityId);
      // In the same transaction: no export leaves without its audit record.
      await this.audit.record(db, principal, action, {
        activityId,
        registrationIds: rows.map((row) => row.id),
      });
      return rows.map((row) => ({ ...row, waitlistPosition: positions.get(row.id) ?? null }));
    });
  }
}

/**
 * Admins export any activity; an organiser whose token names an organisation exports only the
 * activities of that organisation (an activity without one is open to every organiser).
 */
export function assertOrganiserOf(principal: Principal, organiserOrganisationId: string | null): void {
  if (principal.roles.includes('admin') || !organiserOrganisationId || !principal.organisationId) {
    return;
  }
  if (principal.organisationId !== organiserOrganisationId) {
    throw new ForbiddenException(
      'Only the organising organisation may export the registrations of this activity.',
    );
  }
}
