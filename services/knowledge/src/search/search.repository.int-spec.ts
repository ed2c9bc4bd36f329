import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { postgresOptions } from '@deelwijs/persistence';
import { allMigrations } from '@deelwijs/platform';
import { createTestDatabase } from '@deelwijs/testing';
import { knowledgeService } from '../knowledge.service-definition';
import { SearchRepository, type SearchFilter } from './search.repository';

/**
 * The bounds on a search's matches (issue 13), with limits small enough to cross here: within
 * them the result is exactly what an unbounded search gives; beyond them it says it is
 * approximate, counts the limit and ranks only matches.
 */
describe('search repository: bounded matches (real PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  const repository = new SearchRepository();
  const UNBOUNDED = 1_000_000;

  const search = (filter: Partial<SearchFilter>) =>
    repository.search(dataSource.manager, {
      visibilities: ['public'],
      page: 1,
      pageSize: 20,
      matchLimit: UNBOUNDED,
      similarTitleLimit: UNBOUNDED,
      ...filter,
    });

  beforeAll(async () => {
    database = await createTestDatabase('knowledge-search-bounds');
    dataSource = new DataSource(
      postgresOptions({ url: database.url, applicationName: 'search-bounds-test', entities: [], migrations: allMigrations(knowledgeService.migrations) }),
    );
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    // Ten items with "gastles" (some in the title, so ranks differ), three with a similar title only.
    const items = [
      ...Array.from({ length: 10 }, (_, index) => ({
        title: index % 3 === 0 ? `Gastles op school ${index}` : `Verslag ${index}`,
        body: `Een gastles over de provincie, ${'democratie '.repeat(index)}`,
        kind: index % 2 === 0 ? 'report' : 'advice',
        day: index + 1,
      })),
      ...Array.from({ length: 3 }, (_, index) => ({ title: `Fototentoonstelling ${index}`, body: 'Foto’s van de raadzaal.', kind: 'photo', day: 20 + index })),
    ];
    for (const item of items) {
      await dataSource.query(
        `INSERT INTO knowledge_items (item_id, version, status, kind, title, body, body_text, language, visibility, themes, published_at)
         VALUES ($1, 1, 'published', $2, $3, $4, $4, 'nl', 'public', '{onderwijs}', $5)`,
        [randomUUID(), item.kind, item.title, item.body, new Date(Date.UTC(2026, 0, item.day))],
      );
    }
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('gives exactly the unbounded result when the matches fit within the limit, the limit itself included', async () => {
    const unbounded = await search({ q: 'gastles' });
    expect(unbounded).toMatchObject({ total: 10, approximate: false });
    for (const matchLimit of [10, 11]) {
      expect(await search({ q: 'gastles', matchLimit })).toEqual(unbounded);
    }
    const typo = await search({ q: 'fototentoonstling' });
    expect(typo).toMatchObject({ total: 3, approximate: false });
    expect(await search({ q: 'fototentoonstling', similarTitleLimit: 3 })).toEqual(typo);
  });

  it('says a result is approximate beyond the limit: the limit counted, only matches ranked, facets over those taken', async () => {
    const bounded = await search({ q: 'gastles', matchLimit: 4, pageSize: 100 });
    expect(bounded).toMatchObject({ total: 4, approximate: true });
    // The limit and one more are taken (the one more is how the bound is noticed), all matches.
    expect(bounded.hits).toHaveLength(5);
    const all = (await search({ q: 'gastles', pageSize: 100 })).hits.map((hit) => hit.itemId);
    expect(bounded.hits.every((hit) => all.includes(hit.itemId))).toBe(true);
    const ranks = bounded.hits.map((hit) => hit.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(bounded.facets.kind.reduce((sum, facet) => sum + facet.count, 0)).toBe(5);

    const typo = await search({ q: 'fototentoonstling', similarTitleLimit: 2 });
    expect(typo).toMatchObject({ total: 2, approximate: true });
  });

  it('lists the newest first without words, exact on its pages however many match', async () => {
    const unbounded = await search({ pageSize: 3 });
    expect(unbounded).toMatchObject({ total: 13, approximate: false });
    const bounded = await search({ pageSize: 3, matchLimit: 5 });
    expect(bounded).toMatchObject({ total: 5, approximate: true });
    expect(bounded.hits).toEqual(unbounded.hits);
    expect(bounded.hits.map((hit) => hit.title)).toEqual(['Fototentoonstelling 2', 'Fototentoonstelling 1', 'Fototentoonstelling 0']);
  });
});
