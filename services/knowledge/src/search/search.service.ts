import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@deelwijs/identity';
import { audienceOf } from '../common/audience';
import type { SearchQueryDto, SearchResult } from './dto/search.dto';
import { SearchRepository } from './search.repository';
import { highlight } from './snippet';

/**
 * Searching the knowledge base: a caller finds the published items their audience may see
 * (see audienceOf), with the matched words highlighted in HTML-escaped snippets and the partner
 * facet labelled with the organisations' names.
 */
@Injectable()
export class SearchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: SearchRepository,
  ) {}

  async search(principal: Principal | undefined, query: SearchQueryDto): Promise<SearchResult> {
    const found = await this.repository.search(this.dataSource.manager, { ...query, visibilities: audienceOf(principal).visibilities });
    const names = found.organisationNames;
    return {
      total: found.total,
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
