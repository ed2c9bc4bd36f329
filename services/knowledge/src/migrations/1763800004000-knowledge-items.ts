import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Knowledge items with immutable versions, their kinds as data, attachments and the audit log.
 * The search vector is kept by a trigger so that every write path (HTTP, events, bulk loads)
 * indexes the same way, with the Dutch or English stemmer chosen by the item's language.
 */
export class KnowledgeItems1763800004000 implements MigrationInterface {
  name = 'KnowledgeItems1763800004000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await runner.query(`
      CREATE TABLE knowledge_kinds (
        slug text PRIMARY KEY,
        label_nl text NOT NULL,
        label_en text NOT NULL,
        position int NOT NULL
      )`);
    await runner.query(`
      INSERT INTO knowledge_kinds (slug, label_nl, label_en, position) VALUES
        ('report', 'rapport', 'report', 1),
        ('lesson-learned', 'geleerde les', 'lesson learned', 2),
        ('advice', 'advies', 'advice', 3),
        ('method', 'methode', 'method', 4),
        ('presentation', 'presentatie', 'presentation', 5),
        ('photo', 'foto', 'photo', 6),
        ('dataset', 'dataset', 'dataset', 7),
        ('article', 'artikel', 'article', 8)`);
    await runner.query(`
      CREATE TABLE knowledge_items (
        item_id uuid PRIMARY KEY,
        version int NOT NULL CHECK (version > 0),
        status text NOT NULL CHECK (status IN ('draft', 'in-review', 'published', 'archived')),
        kind text NOT NULL REFERENCES knowledge_kinds (slug),
        title text NOT NULL,
        summary text NOT NULL DEFAULT '',
        body text NOT NULL DEFAULT '',
        body_html text NOT NULL DEFAULT '',
        body_text text NOT NULL DEFAULT '',
        language text NOT NULL CHECK (language IN ('nl', 'en')),
        visibility text NOT NULL CHECK (visibility IN ('public', 'partners', 'internal')),
        themes text[] NOT NULL DEFAULT '{}',
        tags text[] NOT NULL DEFAULT '{}',
        prestatie_codes text[] NOT NULL DEFAULT '{}',
        actions text[] NOT NULL DEFAULT '{}',
        activity_ids uuid[] NOT NULL DEFAULT '{}',
        partner_organisation_ids uuid[] NOT NULL DEFAULT '{}',
        authors text[] NOT NULL DEFAULT '{}',
        source_activity_id uuid UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        search_vector tsvector NOT NULL DEFAULT ''::tsvector
      )`);
    await runner.query(`
      CREATE FUNCTION knowledge_items_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        config regconfig := CASE NEW.language WHEN 'nl' THEN 'dutch'::regconfig ELSE 'english'::regconfig END;
      BEGIN
        NEW.search_vector :=
          setweight(to_tsvector(config, NEW.title), 'A') ||
          setweight(to_tsvector(config, array_to_string(NEW.themes || NEW.tags, ' ')), 'B') ||
          setweight(to_tsvector(config, NEW.summary), 'B') ||
          setweight(to_tsvector(config, NEW.body_text), 'C');
        RETURN NEW;
      END $$`);
    await runner.query(`
      CREATE TRIGGER knowledge_items_search_vector
        BEFORE INSERT OR UPDATE OF title, summary, body_text, themes, tags, language ON knowledge_items
        FOR EACH ROW EXECUTE FUNCTION knowledge_items_search_vector()`);
    await runner.query(`CREATE INDEX knowledge_items_search ON knowledge_items USING gin (search_vector)`);
    await runner.query(`CREATE INDEX knowledge_items_title_trgm ON knowledge_items USING gin (title gin_trgm_ops)`);
    await runner.query(`CREATE INDEX knowledge_items_themes ON knowledge_items USING gin (themes)`);
    await runner.query(`CREATE INDEX knowledge_items_prestaties ON knowledge_items USING gin (prestatie_codes)`);
    await runner.query(`CREATE INDEX knowledge_items_partners ON knowledge_items USING gin (partner_organisation_ids)`);
    await runner.query(`CREATE INDEX knowledge_items_listing ON knowledge_items (status, visibility, published_at DESC)`);

    await runner.query(`
      CREATE TABLE knowledge_item_versions (
        item_id uuid NOT NULL REFERENCES knowledge_items (item_id),
        version int NOT NULL,
        change text NOT NULL,
        snapshot jsonb NOT NULL,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (item_id, version)
      )`);
    // Immutability is a property of the table, not a promise of the code that writes it.
    await runner.query(`
      CREATE FUNCTION refuse_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'knowledge item versions are immutable';
      END $$`);
    await runner.query(`
      CREATE TRIGGER knowledge_item_versions_immutable
        BEFORE UPDATE OR DELETE ON knowledge_item_versions
        FOR EACH ROW EXECUTE FUNCTION refuse_version_change()`);

    await runner.query(`
      CREATE TABLE knowledge_attachments (
        attachment_id uuid PRIMARY KEY,
        item_id uuid NOT NULL REFERENCES knowledge_items (item_id),
        sha256 char(64) NOT NULL,
        size_bytes bigint NOT NULL,
        media_type text NOT NULL,
        file_name text NOT NULL,
        added_by text NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX knowledge_attachments_item ON knowledge_attachments (item_id)`);

    await runner.query(`
      CREATE TABLE audit_log (
        audit_id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        organisation_id uuid,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        correlation_id text
      )`);
    await runner.query(`CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, audit_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE audit_log`);
    await runner.query(`DROP TABLE knowledge_attachments`);
    await runner.query(`DROP TABLE knowledge_item_versions`);
    await runner.query(`DROP FUNCTION refuse_version_change()`);
    await runner.query(`DROP TABLE knowledge_items`);
    await runner.query(`DROP FUNCTION knowledge_items_search_vector()`);
    await runner.query(`DROP TABLE knowledge_kinds`);
  }
}
