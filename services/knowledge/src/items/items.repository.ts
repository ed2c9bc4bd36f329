import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { actionKey, parseActionKey, snapshotOf, type AttachmentRef, type ItemSnapshot, type KnowledgeItem } from './knowledge-item';

interface ItemRow {
  item_id: string;
  version: number;
  status: KnowledgeItem['status'];
  kind: string;
  title: string;
  summary: string;
  body: string;
  body_html: string;
  language: KnowledgeItem['language'];
  visibility: KnowledgeItem['visibility'];
  themes: string[];
  tags: string[];
  programme_code: string | null;
  prestatie_codes: string[];
  actions: string[];
  activity_ids: string[];
  partner_organisation_ids: string[];
  authors: string[];
  source_activity_id: string | null;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  attachments: AttachmentRef[] | null;
}

const SELECT_ITEM = `
  SELECT i.item_id, i.version, i.status, i.kind, i.title, i.summary, i.body, i.body_html, i.language, i.visibility,
         i.themes, i.tags, i.programme_code, i.prestatie_codes, i.actions, i.activity_ids, i.partner_organisation_ids, i.authors,
         i.source_activity_id, i.created_at, i.updated_at, i.published_at,
         (SELECT json_agg(json_build_object('attachmentId', a.attachment_id, 'fileName', a.file_name,
                   'mediaType', a.media_type, 'sizeBytes', a.size_bytes, 'sha256', a.sha256) ORDER BY a.added_at, a.attachment_id)
            FROM knowledge_attachments a WHERE a.item_id = i.item_id) AS attachments
    FROM knowledge_items i`;

/** Data access for items and their versions; the rules live in ItemsService. */
@Injectable()
export class ItemsRepository {
  async find(manager: EntityManager, itemId: string, options: { lock?: boolean } = {}): Promise<KnowledgeItem | undefined> {
    if (options.lock) {
      // Serialises changes to one item, so versions are numbered without gaps or duplicates.
      await manager.query(`SELECT 1 FROM knowledge_items WHERE item_id = $1 FOR UPDATE`, [itemId]);
    }
    const rows: ItemRow[] = await manager.query(`${SELECT_ITEM} WHERE i.item_id = $1`, [itemId]);
    return rows[0] ? toItem(rows[0]) : undefined;
  }

  async exists(manager: EntityManager, itemId: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM knowledge_items WHERE item_id = $1`, [itemId]);
    return rows.length > 0;
  }

  async findBySourceActivity(manager: EntityManager, activityId: string): Promise<KnowledgeItem | undefined> {
    const rows: ItemRow[] = await manager.query(`${SELECT_ITEM} WHERE i.source_activity_id = $1 FOR UPDATE OF i`, [activityId]);
    return rows[0] ? toItem(rows[0]) : undefined;
  }

  async list(
    manager: EntityManager,
    filter: { visibilities: string[]; statuses: string[]; kind?: string; activityId?: string; limit: number; offset: number },
  ): Promise<{ total: number; items: KnowledgeItem[] }> {
    const where = `i.visibility = ANY($1) AND i.status = ANY($2) AND ($3::text IS NULL OR i.kind = $3)
                   AND ($4::uuid IS NULL OR $4 = ANY(i.activity_ids) OR i.source_activity_id = $4)`;
    const params = [filter.visibilities, filter.statuses, filter.kind ?? null, filter.activityId ?? null];
    const [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM knowledge_items i WHERE ${where}`, params);
    const rows: ItemRow[] = await manager.query(
      `${SELECT_ITEM} WHERE ${where} ORDER BY i.updated_at DESC, i.item_id LIMIT $5 OFFSET $6`,
      [...params, filter.limit, filter.offset],
    );
    return { total, items: rows.map(toItem) };
  }

  async kindExists(manager: EntityManager, kind: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM knowledge_kinds WHERE slug = $1`, [kind]);
    return rows.length > 0;
  }

  async kinds(manager: EntityManager): Promise<{ slug: string; nl: string; en: string }[]> {
    return manager.query(`SELECT slug, label_nl AS nl, label_en AS en FROM knowledge_kinds ORDER BY position, slug`);
  }

  async putKind(manager: EntityManager, kind: { slug: string; nl: string; en: string }): Promise<void> {
    await manager.query(
      `INSERT INTO knowledge_kinds (slug, label_nl, label_en, position)
       VALUES ($1, $2, $3, (SELECT coalesce(max(position), 0) + 1 FROM knowledge_kinds))
       ON CONFLICT (slug) DO UPDATE SET label_nl = EXCLUDED.label_nl, label_en = EXCLUDED.label_en`,
      [kind.slug, kind.nl, kind.en],
    );
  }

  /** Writes the item's current state (insert or update) and freezes it as the given version. */
  async save(
    manager: EntityManager,
    item: KnowledgeItem,
    bodyText: string,
    version: { change: string; changedBy: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO knowledge_items (item_id, version, status, kind, title, summary, body, body_html, body_text, language,
         visibility, themes, tags, prestatie_codes, actions, activity_ids, partner_organisation_ids, authors,
         source_activity_id, created_at, updated_at, published_at, programme_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
       ON CONFLICT (item_id) DO UPDATE SET
         version = EXCLUDED.version, status = EXCLUDED.status, kind = EXCLUDED.kind, title = EXCLUDED.title,
         summary = EXCLUDED.summary, body = EXCLUDED.body, body_html = EXCLUDED.body_html, body_text = EXCLUDED.body_text,
         language = EXCLUDED.language, visibility = EXCLUDED.visibility, themes = EXCLUDED.themes, tags = EXCLUDED.tags,
         prestatie_codes = EXCLUDED.prestatie_codes, actions = EXCLUDED.actions, activity_ids = EXCLUDED.activity_ids,
         partner_organisation_ids = EXCLUDED.partner_organisation_ids, authors = EXCLUDED.authors,
         updated_at = EXCLUDED.updated_at, published_at = EXCLUDED.published_at, programme_code = EXCLUDED.programme_code`,
      [
        item.itemId,
        item.version,
        item.status,
        item.kind,
        item.title,
        item.summary,
        item.body,
        item.bodyHtml,
        bodyText,
        item.language,
        item.visibility,
        item.themes,
        item.tags,
        item.prestatieCodes,
        item.actions.map(actionKey),
        item.activityIds,
        item.partnerOrganisationIds,
        item.authors,
        item.sourceActivityId ?? null,
        item.createdAt,
        item.updatedAt,
        item.publishedAt ?? null,
        item.programmeCode,
      ],
    );
    await manager.query(
      `INSERT INTO knowledge_item_versions (item_id, version, change, snapshot, changed_by, changed_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
      [item.itemId, item.version, version.change, JSON.stringify(snapshotOf(item)), version.changedBy, item.updatedAt],
    );
  }

  async versions(manager: EntityManager, itemId: string) {
    const rows: { version: number; change: string; changed_by: string; changed_at: Date; snapshot: ItemSnapshot }[] =
      await manager.query(
        `SELECT version, change, changed_by, changed_at, snapshot FROM knowledge_item_versions WHERE item_id = $1 ORDER BY version`,
        [itemId],
      );
    return rows.map((row) => ({
      version: row.version,
      change: row.change,
      changedBy: row.changed_by,
      changedAt: row.changed_at.toISOString(),
      snapshot: row.snapshot,
    }));
  }

  async snapshots(manager: EntityManager, itemId: string, versions: number[]): Promise<Map<number, ItemSnapshot>> {
    const rows: { version: number; snapshot: ItemSnapshot }[] = await manager.query(
      `SELECT version, snapshot FROM knowledge_item_versions WHERE item_id = $1 AND version = ANY($2)`,
      [itemId, versions],
    );
    return new Map(rows.map((row) => [row.version, row.snapshot]));
  }
}

function toItem(row: ItemRow): KnowledgeItem {
  return {
    itemId: row.item_id,
    version: row.version,
    status: row.status,
    kind: row.kind,
    title: row.title,
    summary: row.summary,
    body: row.body,
    bodyHtml: row.body_html,
    language: row.language,
    visibility: row.visibility,
    themes: row.themes,
    tags: row.tags,
    programmeCode: row.programme_code,
    prestatieCodes: row.prestatie_codes,
    actions: row.actions.map(parseActionKey),
    activityIds: row.activity_ids,
    partnerOrganisationIds: row.partner_organisation_ids,
    authors: row.authors,
    attachments: (row.attachments ?? []).map((attachment) => ({ ...attachment, sizeBytes: Number(attachment.sizeBytes) })),
    sourceActivityId: row.source_activity_id ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at ?? undefined,
  };
}
