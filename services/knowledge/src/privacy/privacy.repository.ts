import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A case-insensitive match of the (normalised) address among a text array's entries. */
const AUTHORED = `EXISTS (SELECT 1 FROM unnest(authors) author WHERE lower(author) = $1)`;
const IN_SNAPSHOT = `EXISTS (SELECT 1 FROM jsonb_array_elements_text(snapshot -> 'authors') author WHERE lower(author) = $1)`;
const WITHOUT_ADDRESS = (array: string) => `ARRAY(SELECT author FROM unnest(${array}) author WHERE lower(author) <> $1)`;

/**
 * All SQL of the privacy officer's requests: where knowledge holds an e-mail address (as an
 * author of items and their versions, as the staff subject that changed things) and its
 * erasure. Advisers are advisory bodies, never persons, and are not searched. Who changed what (versions' changed_by, the audit log) is kept: it is the
 * record of accountability, not data about the person's own life.
 */
@Injectable()
export class PrivacyRepository {
  async authoredItems(db: EntityManager, email: string): Promise<Array<{ itemId: string; title: string; version: number; authors: string[] }>> {
    const rows: Array<{ item_id: string; title: string; version: number; authors: string[] }> = await db.query(
      `SELECT item_id, title, version, authors FROM knowledge_items WHERE ${AUTHORED} ORDER BY created_at, item_id`,
      [email],
    );
    return rows.map((row) => ({ itemId: row.item_id, title: row.title, version: row.version, authors: row.authors }));
  }

  async authoredVersions(db: EntityManager, email: string): Promise<Array<{ itemId: string; version: number }>> {
    const rows: Array<{ item_id: string; version: number }> = await db.query(
      `SELECT item_id, version FROM knowledge_item_versions WHERE ${IN_SNAPSHOT} ORDER BY item_id, version`,
      [email],
    );
    return rows.map((row) => ({ itemId: row.item_id, version: row.version }));
  }

  /** What the staff member with this address as their subject changed: counted per action. */
  async changesBy(db: EntityManager, email: string): Promise<Array<{ action: string; count: number }>> {
    return db.query(
      `SELECT action, count(*)::int AS count FROM audit_log WHERE lower(actor) = 'staff:' || $1 GROUP BY action ORDER BY action`,
      [email],
    );
  }

  /** Takes the address out of the current items' authors; answers the items changed. */
  async eraseFromItems(db: EntityManager, email: string): Promise<string[]> {
    const [rows] = await db.query(
      `UPDATE knowledge_items SET authors = ${WITHOUT_ADDRESS('authors')} WHERE ${AUTHORED} RETURNING item_id`,
      [email],
    );
    return (rows as Array<{ item_id: string }>).map((row) => row.item_id);
  }

  /** And out of the versions' snapshots: the one change the versions' trigger lets through, and only in this transaction. */
  async eraseFromVersions(db: EntityManager, email: string): Promise<number> {
    await db.query(`SET LOCAL deelwijs.erasure = 'on'`);
    const [, count] = await db.query(
      `UPDATE knowledge_item_versions
          SET snapshot = jsonb_set(snapshot, '{authors}', to_jsonb(${WITHOUT_ADDRESS(`ARRAY(SELECT jsonb_array_elements_text(snapshot -> 'authors'))`)}))
        WHERE ${IN_SNAPSHOT}`,
      [email],
    );
    await db.query(`SET LOCAL deelwijs.erasure = 'off'`);
    return count as number;
  }

}
