import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Visibility } from '../common/audience';
import type { FacetCount, SearchHit, SearchQueryDto } from './dto/search.dto';
import { HEADLINE_OPTIONS } from './snippet';

/** Weight of title similarity (typo tolerance) next to the full-text rank, both in [0, 1). */
const TRIGRAM_WEIGHT = 0.3;
/** Below this many word matches, titles that look like the query are added. */
const FUZZY_BELOW = 10;

export interface SearchFilter extends Omit<SearchQueryDto, 'page' | 'pageSize'> {
  visibilities: Visibility[];
  page: number;
  pageSize: number;
  /**
   * At most this many word matches, and at most `similarTitleLimit` titles found by similarity,
   * are fetched, ranked and counted; beyond them the result is marked approximate.
   */
  matchLimit: number;
  similarTitleLimit: number;
}

/** One page of matches as the database gives it: snippets still carry ts_headline's marks. */
export interface SearchMatches {
  /** The matches counted: all of them, or with `approximate` the candidates within the limits (more match). */
  total: number;
  approximate: boolean;
  hits: (Omit<SearchHit, 'snippet'> & { snippet: string | null })[];
  facets: Record<'kind' | 'theme' | 'prestatie' | 'partner' | 'language', FacetCount[]> & { year: { value: string | null; count: number }[] };
  /** Names of the organisations known here, by id, for the partner facet. */
  organisationNames: Record<string, string>;
}

/**
 * Full-text search over published items in PostgreSQL: each item is indexed with the stemmer of
 * its language (Dutch or English), the query is parsed with both, and when the words find
 * (almost) nothing, titles match by trigram similarity so that a typo still finds the item. One
 * statement gives the page with snippets, the total and the facet counts over the matches.
 *
 * The matches are bounded: a common word or phrase matches tens of thousands of items, and
 * fetching each one to recheck it against the query and rank it cost the whole time (the index
 * finds them cheaply; a phrase needs every row's positions, a rank every row's search vector).
 * So at most `matchLimit` + 1 matches are taken, as the index gives them, and at most
 * `similarTitleLimit` + 1 similar titles (word_similarity is dear per row). Within the limits
 * the result is exact: every match ranked, counted and in the facets. Beyond them, the ranking,
 * pages and facet counts cover the matches taken, and `total` is the limit: more match.
 */
@Injectable()
export class SearchRepository {
  async search(manager: EntityManager, filter: SearchFilter): Promise<SearchMatches> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const conditions = [`i.status = 'published'`, `i.visibility = ANY(${param(filter.visibilities)}::text[])`];
    if (filter.kind?.length) {
      conditions.push(`i.kind = ANY(${param(filter.kind)}::text[])`);
    }
    if (filter.theme?.length) {
      conditions.push(`i.themes && ${param(filter.theme)}::text[]`);
    }
    if (filter.prestatie?.length) {
      conditions.push(`i.prestatie_codes && ${param(filter.prestatie)}::text[]`);
    }
    if (filter.partner?.length) {
      conditions.push(`i.partner_organisation_ids && ${param(filter.partner)}::uuid[]`);
    }
    if (filter.language) {
      conditions.push(`i.language = ${param(filter.language)}`);
    }
    if (filter.from) {
      conditions.push(`i.published_at >= (${param(filter.from)}::date::timestamp AT TIME ZONE 'Europe/Amsterdam')`);
    }
    if (filter.to) {
      conditions.push(`i.published_at < ((${param(filter.to)}::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')`);
    }
    const terms = filter.q?.trim();
    const filters = conditions.join(' AND ');
    const columns = `i.item_id, i.kind, i.language, i.themes, i.prestatie_codes, i.partner_organisation_ids, i.published_at`;
    let matches: string;
    let counted: string;
    let approximate: string;
    let snippet = `left(coalesce(nullif(i.summary, ''), i.body_text), 200)`;
    if (terms) {
      const q = param(terms);
      const nl = `websearch_to_tsquery('dutch', ${q})`;
      const en = `websearch_to_tsquery('english', ${q})`;
      const text = `(i.search_vector @@ ${nl} OR i.search_vector @@ ${en})`;
      // Typo tolerance is the fallback: titles are matched by trigram similarity only when the
      // words themselves find (almost) nothing. Doing it always would cost every query a trigram
      // index scan, the dearest part of a search, to add what stemming already found. What the
      // words found is left out by id: the fewer than FUZZY_BELOW rows already there, instead of
      // matching every trigram candidate's search vector against both queries again. Words
      // stopped at the limit found more than they show: no typo to tolerate then.
      // No ORDER BY in the limited scans: an order would need every match first, the cost the
      // limits are there to avoid.
      matches = `
        text_matches AS MATERIALIZED (
          SELECT ${columns}, ts_rank(i.search_vector, CASE WHEN i.language = 'nl' THEN ${nl} ELSE ${en} END, 32) AS rank
            FROM knowledge_items i WHERE ${filters} AND ${text}
           LIMIT ${param(filter.matchLimit + 1)}
        ), similar_titles AS MATERIALIZED (
          SELECT ${columns}, ${TRIGRAM_WEIGHT} * word_similarity(${q}, i.title) AS rank
            FROM knowledge_items i
           WHERE (SELECT count(*) FROM text_matches) < least(${FUZZY_BELOW}, ${param(filter.matchLimit + 1)}) AND ${filters} AND ${q} <% i.title AND i.item_id NOT IN (SELECT item_id FROM text_matches)
           LIMIT ${param(filter.similarTitleLimit + 1)}
        ), matches AS MATERIALIZED (SELECT * FROM text_matches UNION ALL SELECT * FROM similar_titles)`;
      counted = `
        least((SELECT count(*) FROM text_matches), ${param(filter.matchLimit)}) + least((SELECT count(*) FROM similar_titles), ${param(filter.similarTitleLimit)})`;
      approximate = `
        (SELECT count(*) FROM text_matches) > ${param(filter.matchLimit)} OR (SELECT count(*) FROM similar_titles) > ${param(filter.similarTitleLimit)}`;
      const source = `coalesce(nullif(i.body_text, ''), i.summary)`;
      snippet = `CASE WHEN i.language = 'nl' THEN ts_headline('dutch', ${source}, ${nl}, '${HEADLINE_OPTIONS}')
                      ELSE ts_headline('english', ${source}, ${en}, '${HEADLINE_OPTIONS}') END`;
    } else {
      // Without words every match ranks alike and the newest come first: the limited scan takes
      // them in that order, so its pages are exact however many match.
      matches = `matches AS MATERIALIZED (
        SELECT ${columns}, 0::real AS rank FROM knowledge_items i WHERE ${filters}
         ORDER BY i.published_at DESC NULLS LAST, i.item_id LIMIT ${param(filter.matchLimit + 1)})`;
      counted = `least((SELECT count(*) FROM matches), ${param(filter.matchLimit)})`;
      approximate = `(SELECT count(*) FROM matches) > ${param(filter.matchLimit)}`;
    }
    const limit = param(filter.pageSize);
    const offset = param((filter.page - 1) * filter.pageSize);
    const facet = (expression: string, from = 'matches', top = 20) => `
      (SELECT coalesce(json_agg(json_build_object('value', value, 'count', n) ORDER BY n DESC, value), '[]')
         FROM (SELECT ${expression} AS value, count(*)::int AS n FROM ${from} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${top}) f)`;
    const sql = `
      WITH ${matches}, page AS (
        SELECT item_id, rank, published_at FROM matches ORDER BY rank DESC, published_at DESC NULLS LAST, item_id LIMIT ${limit} OFFSET ${offset}
      )
      SELECT
        (${counted})::int AS total,
        (${approximate}) AS approximate,
        (SELECT coalesce(json_agg(json_build_object(
            'itemId', i.item_id, 'kind', i.kind, 'title', i.title, 'summary', i.summary, 'language', i.language,
            'visibility', i.visibility, 'themes', i.themes, 'prestatieCodes', i.prestatie_codes,
            'publishedAt', i.published_at, 'rank', round(p.rank::numeric, 4), 'snippet', ${snippet})
            ORDER BY p.rank DESC, p.published_at DESC NULLS LAST, p.item_id), '[]')
           FROM page p JOIN knowledge_items i ON i.item_id = p.item_id) AS items,
        ${facet('kind')} AS kind,
        ${facet('theme', 'matches, unnest(themes) AS theme')} AS theme,
        ${facet('prestatie', 'matches, unnest(prestatie_codes) AS prestatie')} AS prestatie,
        ${facet('partner::text', 'matches, unnest(partner_organisation_ids) AS partner')} AS partner,
        ${facet('language')} AS language,
        ${facet(`to_char(published_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY')`)} AS year,
        (SELECT coalesce(json_object_agg(organisation_id, name), '{}') FROM organisations) AS organisation_names`;
    const [row] = await manager.query(sql, params);
    return {
      total: row.total,
      approximate: row.approximate,
      hits: row.items,
      facets: { kind: row.kind, theme: row.theme, prestatie: row.prestatie, partner: row.partner, language: row.language, year: row.year },
      organisationNames: row.organisation_names,
    };
  }
}
