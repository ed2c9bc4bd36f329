import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@deelwijs/identity';
import { audienceOf } from '../common/audience';
import type { SearchQueryDto, SearchResult } from './dto/search.dto';
import { SearchRepository } from './search.repository';
import { highlight } from './snippet';

/**
 * Issue 13: a search answers within 50 ms (p95) over 100,000 items. Ranking every one of 20,000
 * matches cannot (each must be fetched and rechecked), and nobody reads past the first pages of
 * 1,000: beyond this many word matches the result says it is approximate (see SearchRepository).
 */
export const MATCH_LIMIT = 1_000;
/** Typo tolerance compares the query with each candidate title, dearer per row than a word match. */
export const SIMILAR_TITLE_LIMIT = 100;

/**
 * Searching the knowledge base: a caller finds the published items their audience may see
 * (see audienceOf), with the matched words highlighted in HTML-escaped snippets and the partner
 * facet labelled with the organisations' names. Large result sets are bounded (MATCH_LIMIT).
 */
@Injectable()
export class SearchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: SearchRepository,
  ) {}

  async search(principal: Principal | undefined, query: SearchQueryDto): Promise<SearchResult> {
    const found = await this.repository.search(this.dataSource.manager, {
      ...query,
      visibilities: audienceOf(principal).visibilities,
      matchLimit: MATCH_LIMIT,
      similarTitleLimit: SIMILAR_TITLE_LIMIT,
    });
    const names = found.organisationNames;
    return {
      total: found.total,
      approximate: found.approximate,
      page: query.page,
      pageSize: query.pageSize,
      items: found.hits.map((hit) => ({ ...hit, snippet: highlight(hit.snippet ?? '') })),
      facets: {
        ...found.facets,
        partner: found.facets.partner.map((entry) => ({ ...entry, ...(names[entry.value] ? { label: names[entry.value] } : {}) })),
        year: found.facets.year.filter((entry): entry is { value: string; count: number } => entry.value !== null),
      },
    };
  }
}
