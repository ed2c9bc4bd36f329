import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RegistrationOutcome } from '../registrations/dto/registration.dto';
import { updatedRows } from '../shared/updated-rows';
import type { ImportRowResult, ImportStatus, RegistrationImport } from './registration-import';

const COLUMNS = `id, owner, registered_by, partner_organisation_id, format, mapping, activity_id, status,
  rows_total, rows_done, accepted, waitlisted, duplicate, rejected, failure, created_at, finished_at`;

interface ImportRow {
  id: string;
  owner: string;
  registered_by: 'organiser' | 'partner';
  partner_organisation_id: string | null;
  format: 'csv' | 'xlsx';
  mapping: RegistrationImport['mapping'];
  activity_id: string | null;
  status: ImportStatus;
  rows_total: number;
  rows_done: number;
  accepted: number;
  waitlisted: number;
  duplicate: number;
  rejected: number;
  failure: string | null;
  created_at: Date;
  finished_at: Date | null;
}

function toImport(row: ImportRow): RegistrationImport {
  return {
    id: row.id,
    owner: row.owner,
    registrant: { registeredBy: row.registered_by, partnerOrganisationId: row.partner_organisation_id },
    format: row.format,
    mapping: row.mapping,
    activityId: row.activity_id,
    status: row.status,
    rowsTotal: row.rows_total,
    rowsDone: row.rows_done,
    counts: {
      accepted: row.accepted,
      waitlisted: row.waitlisted,
      duplicate: row.duplicate,
      rejected: row.rejected,
    },
    failure: row.failure,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** All SQL of registration imports: the import, its file while the job runs, its rows' results. */
@Injectable()
export class RegistrationImportsRepository {
  /** A new import; undefined when the same owner already sent the same content (the existing one's id is then found with findByContent). */
  async insert(
    db: EntityManager,
    entry: Pick<
      RegistrationImport,
      'id' | 'owner' | 'registrant' | 'format' | 'mapping' | 'activityId' | 'rowsTotal'
    > & {
      contentHash: string;
    },
  ): Promise<boolean> {
    const inserted = (await db.query(
      `INSERT INTO registration_imports (id, owner, registered_by, partner_organisation_id, content_hash, format, mapping, activity_id, status, rows_total)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, 'queued', $9)
       ON CONFLICT (owner, content_hash) WHERE content_hash IS NOT NULL DO NOTHING RETURNING 1`,
      [
        entry.id,
        entry.owner,
        entry.registrant.registeredBy,
        entry.registrant.partnerOrganisationId,
        entry.contentHash,
        entry.format,
        JSON.stringify(entry.mapping),
        entry.activityId,
        entry.rowsTotal,
      ],
    )) as unknown[];
    return inserted.length > 0;
  }

  async findByContent(
    db: EntityManager,
    owner: string,
    contentHash: string,
  ): Promise<RegistrationImport | undefined> {
    const [row] = (await db.query(
      `SELECT ${COLUMNS} FROM registration_imports WHERE owner = $1 AND content_hash = $2`,
      [owner, contentHash],
    )) as ImportRow[];
    return row && toImport(row);
  }

  /** With `lock`, the import's row is held until the transaction ends: one chunk at a time. */
  async find(db: EntityManager, id: string, lock = false): Promise<RegistrationImport | undefined> {
    const [row] = (await db.query(
      `SELECT ${COLUMNS} FROM registration_imports WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    )) as ImportRow[];
    return row && toImport(row);
  }

  /** Stores the file in parts, numbered from `firstPart`. */
  async insertFileParts(db: EntityManager, importId: string, parts: Buffer[], firstPart = 0): Promise<void> {
    for (const [offset, data] of parts.entries()) {
      await db.query(`INSERT INTO registration_import_files (import_id, part, data) VALUES ($1, $2, $3)`, [
        importId,
        firstPart + offset,
        data,
      ]);
    }
  }

  async hasFile(db: EntityManager, importId: string): Promise<boolean> {
    const rows = (await db.query(`SELECT 1 FROM registration_import_files WHERE import_id = $1 LIMIT 1`, [
      importId,
    ])) as unknown[];
    return rows.length > 0;
  }

  /** One part of the file; undefined past its end. */
  async filePart(db: EntityManager, importId: string, part: number): Promise<Buffer | undefined> {
    const [row] = (await db.query(
      `SELECT data FROM registration_import_files WHERE import_id = $1 AND part = $2`,
      [importId, part],
    )) as Array<{ data: Buffer }>;
    return row?.data;
  }

  async deleteFile(db: EntityManager, importId: string): Promise<void> {
    await db.query(`DELETE FROM registration_import_files WHERE import_id = $1`, [importId]);
  }

  async setStatus(
    db: EntityManager,
    id: string,
    status: ImportStatus,
    failure: string | null = null,
  ): Promise<void> {
    await db.query(
      `UPDATE registration_imports SET status = $2, failure = $3, updated_at = now(),
              finished_at = CASE WHEN $2 IN ('completed', 'failed') THEN now() ELSE NULL END
        WHERE id = $1`,
      [id, status, failure],
    );
  }

  /** A chunk's results, and the import's progress and counts moved on by them. */
  async recordChunk(
    db: EntityManager,
    id: string,
    results: ImportRowResult[],
    rowsDone: number,
  ): Promise<void> {
    await db.query(
      `INSERT INTO registration_import_rows (import_id, row_number, outcome, registration_id, waitlist_position, field, reason)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::uuid[], $5::int[], $6::text[], $7::text[])`,
      [
        id,
        results.map((result) => result.rowNumber),
        results.map((result) => result.outcome),
        results.map((result) => result.registrationId),
        results.map((result) => result.waitlistPosition),
        results.map((result) => result.field),
        results.map((result) => result.reason),
      ],
    );
    const count = (outcome: RegistrationOutcome) =>
      results.filter((result) => result.outcome === outcome).length;
    await db.query(
      `UPDATE registration_imports SET rows_done = $2, accepted = accepted + $3, waitlisted = waitlisted + $4,
              duplicate = duplicate + $5, rejected = rejected + $6, updated_at = now()
        WHERE id = $1`,
      [id, rowsDone, count('accepted'), count('waitlisted'), count('duplicate'), count('rejected')],
    );
  }

  async rows(
    db: EntityManager,
    id: string,
    page: { offset: number; limit: number; outcome?: RegistrationOutcome },
  ): Promise<{ items: ImportRowResult[]; total: number }> {
    const filter = page.outcome ? ` AND outcome = $2` : '';
    const params: unknown[] = page.outcome ? [id, page.outcome] : [id];
    const [{ total }] = (await db.query(
      `SELECT count(*)::int AS total FROM registration_import_rows WHERE import_id = $1${filter}`,
      params,
    )) as Array<{ total: number }>;
    const items = (await db.query(
      `SELECT row_number AS "rowNumber", outcome, registration_id AS "registrationId",
              waitlist_position AS "waitlistPosition", field, reason
         FROM registration_import_rows WHERE import_id = $1${filter}
        ORDER BY row_number LIMIT ${page.limit} OFFSET ${page.offset}`,
      params,
    )) as ImportRowResult[];
    return { items, total };
  }

  /** Erases an import: its rows' results, its file if its job still holds one, and itself. */
  async delete(db: EntityManager, id: string): Promise<boolean> {
    return (
      updatedRows(await db.query(`DELETE FROM registration_imports WHERE id = $1 RETURNING 1`, [id])).length >
      0
    );
  }

  /** Erases finished imports older than `cutoff`, up to `limit`; answers how many. */
  async deleteFinishedBefore(db: EntityManager, cutoff: Date, limit: number): Promise<number> {
    const rows = updatedRows(
      await db.query(
        `DELETE FROM registration_imports WHERE id IN (
           SELECT id FROM registration_imports WHERE finished_at < $1 ORDER BY finished_at LIMIT $2 FOR UPDATE SKIP LOCKED
         ) RETURNING 1`,
        [cutoff, limit],
      ),
    );
    return rows.length;
  }
}
