import { HttpStatus, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Principal } from '@deelwijs/identity';
import { InvalidInputException, Jobs } from '@deelwijs/platform';
import { ActivitiesConfig } from '../config/activities.config';
import { toCsv } from '../exports/csv';
import { PersonalDataAudit } from '../privacy/personal-data-audit.service';
import type { RegistrationOutcome } from '../registrations/dto/registration.dto';
import { registrantOf } from '../registrations/registrant';
import { RegistrationsService } from '../registrations/registrations.service';
import { toAmsterdamIso } from '../shared/amsterdam-time';
import type {
  ImportRowList,
  ImportRowView,
  RegistrationImportPreview,
  RegistrationImportView,
} from './dto/registration-import.dto';
import { columnsOf, itemOf, parseMapping, suggestMapping, type Mapping } from './import-mapping';
import type { ImportRowResult, RegistrationImport } from './registration-import';
import { REGISTRATION_IMPORTS_QUEUE, RUN_IMPORT_JOB, type RunImportJob } from './registration-import-ids';
import { RegistrationImportsRepository } from './registration-imports.repository';
import { refusal } from './refusal';
import { formatOf, sheetRows, type SheetRow, type SpreadsheetFormat } from './spreadsheet-rows';

/** Rows registered per transaction: a crash loses at most one chunk's work, which its retry does again. */
export const IMPORT_CHUNK_ROWS = 250;
/** The file is stored in parts of this size, and read back one part at a time. */
const FILE_PART_BYTES = 256 * 1024;
const PREVIEW_ROWS = 10;
const EXPIRY_BATCH = 1_000;

/** An upload as the controller read it from the multipart form. */
export interface ImportUpload {
  file?: Buffer;
  fields: { mapping?: string; activityId?: string };
}

/**
 * Registration imports: a spreadsheet registered row by row by a job, the way the bulk API
 * registers (the registrations service's validation, the booking core's placing). The upload
 * is checked whole before anything is stored (readable, headings, mapping, size), then kept in
 * the database only until its job ends. The job registers chunk by chunk, each chunk in one
 * transaction with its rows' results and the import's progress, so a job retried after a crash
 * starts after the last chunk that committed and registers nobody twice. The same file with
 * the same choices from the same caller is the same import: sending it again starts nothing.
 */
@Injectable()
export class RegistrationImportsService {
  private readonly logger = new Logger(RegistrationImportsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly imports: RegistrationImportsRepository,
    private readonly registrations: RegistrationsService,
    private readonly audit: PersonalDataAudit,
    private readonly jobs: Jobs,
    private readonly config: ActivitiesConfig,
  ) {}

  /** The file's headings, row count, a suggested mapping and its first rows (mapped and checked when a mapping is given). Stores nothing. */
  async preview(upload: ImportUpload): Promise<RegistrationImportPreview> {
    const { file, format } = this.fileOf(upload);
    const sheet = await this.read(file, format, PREVIEW_ROWS);
    const activityId = upload.fields.activityId;
    const mapped =
      upload.fields.mapping !== undefined
        ? parseMapping(upload.fields.mapping, sheet.columns, activityId)
        : undefined;
    if (mapped && mapped.problems.some((problem) => problem.name !== 'activityId')) {
      throw new InvalidInputException(mapped.problems);
    }
    const items = mapped
      ? sheet.first.map((row) => itemOf(sheet.columns, row.cells, mapped.mapping, activityId))
      : [];
    const checks = this.registrations.checkItems(items);
    return {
      format,
      columns: sheet.columns,
      rowCount: sheet.rowCount,
      suggestedMapping: suggestMapping(sheet.columns),
      rows: sheet.first.map((row, index) => ({
        row: row.number,
        cells: row.cells,
        ...(mapped ? { item: items[index] } : {}),
        ...(checks[index] ?? {}),
      })),
    };
  }

  /**
   * Stores the upload and queues its job. `created` is false when the caller already sent the
   * same content: that import is answered (and a failed one runs again from where it stopped).
   */
  async create(
    upload: ImportUpload,
    principal: Principal,
  ): Promise<{ view: RegistrationImportView; created: boolean }> {
    const registrant = registrantOf(principal);
    const { file, format } = this.fileOf(upload);
    const activityId = upload.fields.activityId;
    if (
      activityId !== undefined &&
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(activityId)
    ) {
      throw new InvalidInputException([{ name: 'activityId', reason: 'activityId must be a UUID' }]);
    }
    const sheet = await this.read(file, format, 0);
    const { mapping, problems } = parseMapping(upload.fields.mapping, sheet.columns, activityId);
    if (problems.length > 0) {
      throw new InvalidInputException(problems);
    }
    const owner = ownerOf(principal);
    const contentHash = hashOf(format, mapping, activityId, file);
    const id = randomUUID();
    const outcome = await this.dataSource.transaction(async (db) => {
      const inserted = await this.imports.insert(db, {
        id,
        owner,
        registrant,
        format,
        mapping,
        activityId: activityId ?? null,
        rowsTotal: sheet.rowCount,
        contentHash,
      });
      if (inserted) {
        await this.imports.insertFileParts(db, id, partsOf(file));
        return { entry: (await this.imports.find(db, id))!, created: true, jobId: id };
      }
      const existing = (await this.imports.findByContent(db, owner, contentHash))!;
      if (existing.status !== 'failed') {
        // Queued: its job may not have been added (the first request died after committing); adding it again is harmless.
        return {
          entry: existing,
          created: false,
          jobId: existing.status === 'queued' ? existing.id : undefined,
        };
      }
      // The file was deleted when the job gave up: keep it again, and go on after the rows done.
      await this.imports.find(db, existing.id, true);
      await this.imports.deleteFile(db, existing.id);
      await this.imports.insertFileParts(db, existing.id, partsOf(file));
      await this.imports.setStatus(db, existing.id, 'queued');
      return {
        entry: { ...existing, status: 'queued' as const, failure: null },
        created: false,
        jobId: `${existing.id}-${Date.now()}`,
      };
    });
    if (outcome.jobId !== undefined) {
      await this.jobs.add<RunImportJob>(
        REGISTRATION_IMPORTS_QUEUE,
        RUN_IMPORT_JOB,
        { importId: outcome.entry.id },
        { jobId: outcome.jobId },
      );
    }
    return { view: toView(outcome.entry), created: outcome.created };
  }

  async get(id: string, principal: Principal): Promise<RegistrationImportView> {
    return toView(await this.visible(id, principal));
  }

  async rows(
    id: string,
    principal: Principal,
    query: { page: number; pageSize: number; outcome?: RegistrationOutcome },
  ): Promise<ImportRowList> {
    await this.visible(id, principal);
    const { items, total } = await this.imports.rows(this.dataSource.manager, id, {
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
      outcome: query.outcome,
    });
    return { items: items.map(toRowView), total, page: query.page, pageSize: query.pageSize };
  }

  /** Every row's result as CSV (RFC 4180, UTF-8 with BOM), in row order. */
  async resultsCsv(id: string, principal: Principal): Promise<{ filename: string; body: string }> {
    const entry = await this.visible(id, principal);
    const { items } = await this.imports.rows(this.dataSource.manager, id, {
      offset: 0,
      limit: entry.rowsTotal + 1,
    });
    return {
      filename: `import-${id}-resultaat.csv`,
      body: toCsv(
        [
          'Rij / Row',
          'Uitkomst / Outcome',
          'Aanmelding / Registration',
          'Wachtlijstpositie / Waitlist position',
          'Veld / Field',
          'Reden / Reason',
        ],
        items.map((row) => [
          row.rowNumber,
          row.outcome,
          row.registrationId,
          row.waitlistPosition,
          row.field,
          row.reason,
        ]),
      ),
    };
  }

  /**
   * Erases an import: its rows' results, and the file if its job still holds it. The
   * registrations it made stay (their own erasure is the registration's, in privacy).
   * Audit-logged with the registrations it had listed.
   */
  async erase(id: string, principal: Principal): Promise<void> {
    await this.visible(id, principal);
    await this.dataSource.transaction(async (db) => {
      const entry = await this.imports.find(db, id, true);
      if (!entry) {
        return;
      }
      const { items } = await this.imports.rows(db, id, { offset: 0, limit: entry.rowsTotal + 1 });
      await this.imports.delete(db, id);
      await this.audit.record(db, principal, 'erase-import', {
        activityId: entry.activityId ?? undefined,
        registrationIds: items.flatMap((row) => (row.registrationId ? [row.registrationId] : [])),
      });
    });
  }

  /** The job: registers the rows not yet done, chunk by chunk, then deletes the file. */
  async run(importId: string): Promise<{ rowsDone: number }> {
    const entry = await this.imports.find(this.dataSource.manager, importId);
    if (!entry || entry.status === 'completed' || entry.status === 'failed') {
      // Erased meanwhile, or a second job for an import another job finished.
      return { rowsDone: entry?.rowsDone ?? 0 };
    }
    await this.imports.setStatus(this.dataSource.manager, importId, 'running');
    let columns: string[] | undefined;
    let index = 0;
    let chunk: SheetRow[] = [];
    let chunkStart = 0;
    for await (const row of sheetRows(this.fileParts(importId), entry.format)) {
      if (columns === undefined) {
        columns = columnsOf(row.cells);
        continue;
      }
      index += 1;
      if (index <= entry.rowsDone) {
        continue;
      }
      if (chunk.length === 0) {
        chunkStart = index - 1;
      }
      chunk.push(row);
      if (chunk.length === IMPORT_CHUNK_ROWS) {
        await this.registerChunk(entry, columns, chunk, chunkStart);
        chunk = [];
      }
    }
    if (chunk.length > 0) {
      await this.registerChunk(entry, columns!, chunk, chunkStart);
    }
    await this.dataSource.transaction(async (db) => {
      await this.imports.find(db, importId, true);
      await this.imports.deleteFile(db, importId);
      await this.imports.setStatus(db, importId, 'completed');
    });
    this.logger.log({ msg: 'registration import completed', importId, rows: index });
    return { rowsDone: index };
  }

  /** The job gave up: the import says why, and the file goes (personal data is not kept for a retry). */
  async fail(importId: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      const entry = await this.imports.find(db, importId, true);
      if (!entry || entry.status === 'completed') {
        return;
      }
      await this.imports.deleteFile(db, importId);
      await this.imports.setStatus(db, importId, 'failed', reason);
    });
  }

  /** Retention: finished imports go `retentionDays` after they ended, as registrants' details do. */
  async expireFinished(retentionDays: number, now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - retentionDays * 24 * 3600 * 1000);
    let total = 0;
    for (;;) {
      const deleted = await this.dataSource.transaction((db) =>
        this.imports.deleteFinishedBefore(db, cutoff, EXPIRY_BATCH),
      );
      total += deleted;
      if (deleted < EXPIRY_BATCH) {
        return total;
      }
    }
  }

  /**
   * One chunk in one transaction: its registrations, its rows' results and the progress. Under
   * the import's row lock, and only if no other run did this chunk already (a stalled job
   * taken over while the first still ran).
   */
  private async registerChunk(
    entry: RegistrationImport,
    columns: string[],
    rows: SheetRow[],
    start: number,
  ): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      const locked = await this.imports.find(db, entry.id, true);
      if (!locked) {
        throw new ImportErased(entry.id);
      }
      if (locked.rowsDone !== start) {
        return;
      }
      const items = rows.map((row) =>
        itemOf(columns, row.cells, entry.mapping, entry.activityId ?? undefined),
      );
      const outcomes = await this.registrations.registerItems(db, items, entry.registrant);
      const results: ImportRowResult[] = rows.map((row, at) => ({
        rowNumber: row.number,
        outcome: outcomes[at].outcome,
        registrationId: outcomes[at].registrationId ?? null,
        waitlistPosition: outcomes[at].waitlistPosition ?? null,
        field: outcomes[at].field ?? null,
        reason: outcomes[at].reason ?? null,
      }));
      await this.imports.recordChunk(db, entry.id, results, start + rows.length);
    });
  }

  /** The stored file, one part at a time. */
  private async *fileParts(importId: string): AsyncGenerator<Buffer> {
    for (let part = 0; ; part += 1) {
      const data = await this.imports.filePart(this.dataSource.manager, importId, part);
      if (!data) {
        return;
      }
      yield data;
    }
  }

  private fileOf(upload: ImportUpload): { file: Buffer; format: SpreadsheetFormat } {
    if (!upload.file || upload.file.length === 0) {
      throw new InvalidInputException([
        { name: 'file', reason: 'file is required: the spreadsheet, as the multipart part "file"' },
      ]);
    }
    const format = formatOf(upload.file);
    if (!format) {
      throw refusal(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'file',
        'file must be a CSV (UTF-8 text) or an XLSX workbook',
      );
    }
    return { file: upload.file, format };
  }

  /** Reads the whole file once: its headings, its data rows counted, the first `keep` of them. */
  private async read(
    file: Buffer,
    format: SpreadsheetFormat,
    keep: number,
  ): Promise<{ columns: string[]; rowCount: number; first: SheetRow[] }> {
    let columns: string[] | undefined;
    let rowCount = 0;
    const first: SheetRow[] = [];
    try {
      for await (const row of sheetRows(streamOf(partsOf(file)), format)) {
        if (columns === undefined) {
          columns = columnsOf(row.cells);
          continue;
        }
        rowCount += 1;
        if (first.length < keep) {
          first.push(row);
        }
        if (rowCount > this.config.REGISTRATION_IMPORT_MAX_ROWS) {
          // Enough to refuse it: a small XLSX can unpack into far more rows than are worth reading.
          break;
        }
      }
    } catch (error) {
      this.logger.warn({ msg: 'unreadable spreadsheet', format, error: (error as Error).message });
      throw new InvalidInputException([
        { name: 'file', reason: `file cannot be read as ${format.toUpperCase()}` },
      ]);
    }
    if (columns === undefined || rowCount === 0) {
      throw new InvalidInputException([
        {
          name: 'file',
          reason:
            'file holds no registrations: the first row holds the headings, the rows below it the registrations',
        },
      ]);
    }
    if (rowCount > this.config.REGISTRATION_IMPORT_MAX_ROWS) {
      throw new InvalidInputException([
        {
          name: 'file',
          reason: `file holds more than ${this.config.REGISTRATION_IMPORT_MAX_ROWS} rows; split it into imports of at most that many`,
        },
      ]);
    }
    return { columns, rowCount, first };
  }

  /** A partner sees its organisation's imports only; staff see all. Anything else is "not found". */
  private async visible(id: string, principal: Principal): Promise<RegistrationImport> {
    const entry = await this.imports.find(this.dataSource.manager, id);
    const registrant = registrantOf(principal);
    if (
      !entry ||
      (registrant.partnerOrganisationId &&
        entry.registrant.partnerOrganisationId !== registrant.partnerOrganisationId)
    ) {
      throw new NotFoundException(`Registration import ${id} does not exist.`);
    }
    return entry;
  }
}

/** The import was erased while its job ran: the job stops. */
export class ImportErased extends Error {
  constructor(importId: string) {
    super(`registration import ${importId} was erased`);
  }
}

function ownerOf(principal: Principal): string {
  const registrant = registrantOf(principal);
  return registrant.partnerOrganisationId
    ? `partner:${registrant.partnerOrganisationId}`
    : `${principal.kind}:${principal.id}`;
}

function hashOf(
  format: SpreadsheetFormat,
  mapping: Mapping,
  activityId: string | undefined,
  file: Buffer,
): string {
  const choices = JSON.stringify([
    format,
    Object.entries(mapping).sort(([a], [b]) => a.localeCompare(b)),
    activityId ?? null,
  ]);
  return createHash('sha256').update(choices).update('\n').update(file).digest('hex');
}

function partsOf(file: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (let offset = 0; offset < file.length; offset += FILE_PART_BYTES) {
    parts.push(file.subarray(offset, offset + FILE_PART_BYTES));
  }
  return parts;
}

async function* streamOf(parts: Buffer[]): AsyncGenerator<Buffer> {
  yield* parts;
}

function toView(entry: RegistrationImport): RegistrationImportView {
  return {
    id: entry.id,
    status: entry.status,
    format: entry.format,
    mapping: entry.mapping,
    activityId: entry.activityId,
    rowsTotal: entry.rowsTotal,
    rowsDone: entry.rowsDone,
    summary: entry.counts,
    failure: entry.failure,
    createdAt: toAmsterdamIso(entry.createdAt),
    finishedAt: entry.finishedAt && toAmsterdamIso(entry.finishedAt),
  };
}

function toRowView(row: ImportRowResult): ImportRowView {
  return {
    row: row.rowNumber,
    outcome: row.outcome,
    ...(row.registrationId ? { registrationId: row.registrationId } : {}),
    ...(row.waitlistPosition !== null ? { waitlistPosition: row.waitlistPosition } : {}),
    ...(row.field ? { field: row.field } : {}),
    ...(row.reason ? { reason: row.reason } : {}),
  };
}
