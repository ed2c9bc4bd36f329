/**
 * `npm run bench -- knowledge`: the knowledge repository's two heavy paths.
 *
 * Search: 100,000 generated Dutch (and some English) items in a fresh, migrated knowledge
 * database, indexed by the service's own trigger. The service's search (full text with Dutch
 * and English stemming, trigram typo tolerance, ranking, highlighted snippets, facet counts, the
 * visibility filter: the same service the endpoint calls) is timed over a fixed mix of queries,
 * next to a plain ILIKE scan over title, summary and body for the same words in the same run.
 *
 * Network: the policy monitor's metrics (degree, betweenness, closeness, clustering, Louvain) for
 * a generated network of 10,000 nodes and 50,000 edges with community structure, once as the
 * bare computation and once as the job runs it (links from PostgreSQL, labels, snapshot stored).
 * The baseline is graphology-metrics' betweenness and closeness on the same graph in the same run
 * (what the service used before its own Brandes): its time, and how far apart the two are.
 *
 * Settings (environment):
 *   BENCH_KNOWLEDGE_ITEMS       generated items                                   100000
 *   BENCH_SEARCH_ROUNDS         times the query mix runs (after one warm-up)       10
 *   BENCH_BASELINE_ROUNDS       times the ILIKE baseline runs the mix              2
 *   BENCH_NETWORK_NODES         nodes of the generated network                     10000
 *   BENCH_NETWORK_EDGES         edges of the generated network                     50000
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OutboxWriter } from '@deelwijs/messaging';
import { postgresOptions } from '@deelwijs/persistence';
import { allMigrations } from '@deelwijs/platform';
import { createTestDatabase, repositoryRoot } from '@deelwijs/testing';
import { Cleanup, formatTable, progress, ratio, summarize } from '@deelwijs/testing/bench';
import { knowledgeService } from '../src/knowledge.service-definition';
import { UndirectedGraph } from 'graphology';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness';
import closenessCentrality from 'graphology-metrics/centrality/closeness';
import { computeNetworkMetricsInParallel, seededRandom, type NetworkLink, type NetworkMetrics } from '../src/network/network-metrics';
import { NetworkComputation } from '../src/network/network-computation.service';
import { NetworkRepository } from '../src/network/network.repository';
import { SearchRepository } from '../src/search/search.repository';
import { SearchService } from '../src/search/search.service';

// The network job logs through Nest; the benchmark prints its own lines.
Logger.overrideLogger(['error']);

/** Issue 13's goals: every query class's p95, and exact network metrics for 10,000 nodes. */
const SEARCH_GOAL_MS = 50;
const NETWORK_GOAL_MS = 10_000;

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

const WORDS_NL = (
  'democratiespel democratiespelen gastles gastlessen tentoonstelling lezing debat jongerendebat training bijeenkomst ' +
  'provincie gemeente gemeenten scholen school leerlingen docenten jongerenraad advies adviezen participatie dialoog ' +
  'inwoners politiek bestuur raadzaal statenleden gedeputeerde Overijssel Zwolle Deventer Enschede Kampen Hengelo ' +
  'ProDemos Hedon netwerk kennis delen leren beleidsmonitor initiatiefnemers projecten alliantie sociale kwaliteit ' +
  'crowdfunding crowdsourcing fototentoonstelling workshop workshops verslag evaluatie resultaten doelgroepen vrijwilligers ' +
  'samenwerking partners organisatie organiseren georganiseerd gespeeld speelden bezoekers deelnemers uitnodiging ' +
  'begroting realisatie afwijking toelichting voortgang prestatie acties regio burgerschap verkiezingen stemmen ' +
  'de het een en van in op met voor over door bij naar dat die werd waren was hebben heeft zijn wordt ook nog meer'
).split(' ');
const WORDS_EN = (
  'democracy game games guest lesson lessons exhibition lecture debate training meeting province municipality schools ' +
  'pupils teachers youth council advice participation dialogue residents politics the a of and in on with for about'
).split(' ');
const KINDS = ['report', 'lesson-learned', 'advice', 'method', 'presentation', 'photo', 'dataset', 'article'];
const THEMES = ['democratie', 'onderwijs', 'jongeren', 'participatie', 'cultuur', 'bestuur', 'wonen', 'sociale kwaliteit'];
const PRESTATIES = ['7.2.3', '9.1.6', '7.1.1', '7.3.2'];
const PARTNERS = Array.from({ length: 40 }, (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`);

/** The query mix: stems, compounds, phrases, typos (trigram path), rare and common words (one in 10,000s of items), with and without filters. */
const QUERIES: { label: string; q?: string; filter?: Record<string, unknown>; ilike: string }[] = [
  { label: 'democratiespelen (stem)', q: 'democratiespelen', ilike: 'democratiespel' },
  { label: 'gastlessen scholen', q: 'gastlessen scholen', ilike: 'gastles' },
  { label: 'jongerenraad advies', q: 'jongerenraad advies', filter: { kind: ['advice'] }, ilike: 'jongerenraad' },
  { label: '"sociale kwaliteit" (phrase)', q: '"sociale kwaliteit"', ilike: 'sociale kwaliteit' },
  { label: 'beleidsmonitor + prestatie', q: 'beleidsmonitor', filter: { prestatie: ['9.1.6'] }, ilike: 'beleidsmonitor' },
  { label: 'tentoonstelling Hedon', q: 'tentoonstelling Hedon', ilike: 'hedon' },
  { label: 'typo: fototentoonstling', q: 'fototentoonstling', ilike: 'fototentoonstling' },
  { label: 'typo: democratiespl', q: 'democratiespl', ilike: 'democratiespl' },
  { label: 'crowdfunding + theme', q: 'crowdfunding', filter: { theme: ['participatie'] }, ilike: 'crowdfunding' },
  { label: 'Zwolle + year range', q: 'Zwolle', filter: { from: '2024-01-01', to: '2024-12-31' }, ilike: 'zwolle' },
  { label: 'english: democracy games', q: 'democracy games', filter: { language: 'en' }, ilike: 'democracy game' },
  { label: 'partner filter only', filter: { partner: [PARTNERS[3]] }, ilike: 'prodemos' },
  { label: 'gemeente (common word)', q: 'gemeente', ilike: 'gemeente' },
];

/**
 * Text draws words with a Zipf-like law (the k-th word about 1/k as often), as natural language
 * does: function words everywhere, a topic word in a few percent of items, most compounds rare.
 * Uniform draws would put every topic word in half the items, which no real corpus does.
 */
function vocabulary(base: string[], random: () => number): string[] {
  const functionWords = base.filter((word) => word.length <= 4);
  const topics = base.filter((word) => word.length > 4);
  const compounds = Array.from({ length: 3_000 }, () => {
    const [a, b] = [topics[Math.floor(random() * topics.length)], topics[Math.floor(random() * topics.length)]];
    return `${a.slice(0, Math.max(4, Math.floor(a.length / 2))).toLowerCase()}${b.toLowerCase()}`;
  });
  // Topic words land at random ranks among the compounds: some queries hit thousands of items, most far fewer.
  const content = [...topics, ...compounds];
  for (let i = content.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [content[i], content[j]] = [content[j], content[i]];
  }
  return [...functionWords, ...content];
}

let dutch: string[] | undefined;
let english: string[] | undefined;

function generateItem(random: () => number, index: number) {
  dutch ??= vocabulary(WORDS_NL, seededRandom(1));
  english ??= vocabulary(WORDS_EN, seededRandom(2));
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const zipf = (list: string[]) => list[Math.min(list.length - 1, Math.floor(Math.exp(random() * Math.log(list.length + 1))) - 1)];
  const isEnglish = random() < 0.1;
  const words = isEnglish ? english : dutch;
  const sentence = (length: number) => Array.from({ length }, () => zipf(words)).join(' ');
  const themes = [...new Set([pick(THEMES), pick(THEMES)])];
  return {
    title: `${sentence(3 + Math.floor(random() * 4))} ${index}`,
    summary: sentence(15),
    body: Array.from({ length: 4 }, () => `${sentence(20)}.`).join('\n'),
    language: isEnglish ? 'en' : 'nl',
    kind: pick(KINDS),
    visibility: random() < 0.7 ? 'public' : random() < 0.5 ? 'partners' : 'internal',
    themes,
    prestatieCodes: [pick(PRESTATIES)],
    partners: random() < 0.3 ? [pick(PARTNERS)] : [],
    publishedAt: new Date(Date.UTC(2019, 0, 1) + Math.floor(random() * 8 * 365 * 86_400_000)),
  };
}

async function loadItems(dataSource: DataSource, count: number): Promise<number> {
  const random = seededRandom(42);
  const started = Date.now();
  const batch = 2_000;
  for (let offset = 0; offset < count; offset += batch) {
    const items = Array.from({ length: Math.min(batch, count - offset) }, (_, index) => generateItem(random, offset + index));
    // Arrays of arrays cannot be unnested column-wise; the array columns travel as JSON.
    await dataSource.query(
      `INSERT INTO knowledge_items (item_id, version, status, kind, title, summary, body, body_html, body_text, language, visibility,
         themes, prestatie_codes, partner_organisation_ids, published_at)
       SELECT gen_random_uuid(), 1, 'published', i.kind, i.title, i.summary, i.body, '', i.body, i.language, i.visibility,
              ARRAY(SELECT jsonb_array_elements_text(i.themes)), ARRAY(SELECT jsonb_array_elements_text(i.prestaties)),
              ARRAY(SELECT jsonb_array_elements_text(i.partners))::uuid[], i.published_at
         FROM jsonb_to_recordset($1::jsonb) AS i (kind text, title text, summary text, body text, language text, visibility text,
              themes jsonb, prestaties jsonb, partners jsonb, published_at timestamptz)`,
      [
        JSON.stringify(
          items.map((item) => ({
            kind: item.kind,
            title: item.title,
            summary: item.summary,
            body: item.body,
            language: item.language,
            visibility: item.visibility,
            themes: item.themes,
            prestaties: item.prestatieCodes,
            partners: item.partners,
            published_at: item.publishedAt.toISOString(),
          })),
        ),
      ],
    );
    if ((offset / batch) % 10 === 0) {
      progress(`items: ${offset + items.length} of ${count}`);
    }
  }
  await dataSource.query(`VACUUM ANALYZE knowledge_items`);
  return Date.now() - started;
}

async function timeSearch(dataSource: DataSource, rounds: number) {
  const search = new SearchService(dataSource, new SearchRepository());
  // A partner key: public and partner items, as most outside searches see them.
  const partner = { kind: 'api-key' as const, id: 'bench', organisationId: PARTNERS[0], roles: ['partner' as const] };
  const latencies: number[] = [];
  const perQuery = new Map<string, { ms: number[]; total: number; approximate?: boolean }>();
  for (let round = 0; round <= rounds; round += 1) {
    for (const query of QUERIES) {
      const started = process.hrtime.bigint();
      const result = await search.search(partner, { q: query.q, ...query.filter, page: 1, pageSize: 20 });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (round === 0) {
        continue; // warm-up: caches and plans
      }
      latencies.push(ms);
      const entry = perQuery.get(query.label) ?? { ms: [], total: result.total, approximate: result.approximate };
      entry.ms.push(ms);
      perQuery.set(query.label, entry);
    }
  }
  return { latencies, perQuery };
}

async function timeIlike(dataSource: DataSource, rounds: number) {
  const latencies: number[] = [];
  const perQuery = new Map<string, { ms: number[]; total: number }>();
  for (let round = 0; round <= rounds; round += 1) {
    for (const query of QUERIES) {
      const pattern = `%${query.ilike.replace(/[%_\\]/g, '\\$&')}%`;
      const started = process.hrtime.bigint();
      const rows: { total: string }[] = await dataSource.query(
        `SELECT item_id, title, count(*) OVER () AS total FROM knowledge_items
          WHERE status = 'published' AND visibility = ANY($2) AND (title ILIKE $1 OR summary ILIKE $1 OR body_text ILIKE $1)
          ORDER BY published_at DESC LIMIT 20`,
        [pattern, ['public', 'partners']],
      );
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (round === 0) {
        continue;
      }
      latencies.push(ms);
      const entry = perQuery.get(query.label) ?? { ms: [], total: Number(rows[0]?.total ?? 0) };
      entry.ms.push(ms);
      perQuery.set(query.label, entry);
    }
  }
  return { latencies, perQuery };
}

/** Communities of ~200 nodes, most edges inside one, some across: the shape Louvain is for. */
function generateNetwork(nodes: number, edges: number): NetworkLink[] {
  const random = seededRandom(7);
  const kinds = ['organisation', 'activity', 'item', 'advice'];
  const id = (index: number) => `${kinds[index % kinds.length]}:${index}`;
  const communitySize = 200;
  const seen = new Set<string>();
  const links: NetworkLink[] = [];
  while (links.length < edges) {
    const a = Math.floor(random() * nodes);
    const b =
      random() < 0.85
        ? Math.min(nodes - 1, Math.floor(a / communitySize) * communitySize + Math.floor(random() * communitySize))
        : Math.floor(random() * nodes);
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (a === b || seen.has(key)) {
      continue;
    }
    seen.add(key);
    links.push({ source: id(a), target: id(b), relation: 'partners-in' });
  }
  return links;
}

/**
 * graphology-metrics' exact betweenness and closeness over the same simple graph, timed, and the
 * largest difference from the service's figures (both rounded to the six decimals stored).
 */
function graphologyReference(links: NetworkLink[], metrics: NetworkMetrics) {
  const graph = new UndirectedGraph();
  for (const link of links) {
    if (link.source !== link.target) {
      graph.mergeEdge(link.source, link.target);
    }
  }
  const started = Date.now();
  const betweenness = betweennessCentrality(graph, { normalized: true, getEdgeWeight: null });
  const closeness = closenessCentrality(graph, { wassermanFaust: true });
  const ms = Date.now() - started;
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  let maxDifference = 0;
  let differentNodes = 0;
  for (const node of metrics.nodes) {
    const difference = Math.max(Math.abs(node.betweenness - round(betweenness[node.id])), Math.abs(node.closeness - round(closeness[node.id])));
    maxDifference = Math.max(maxDifference, difference);
    differentNodes += difference > 0 ? 1 : 0;
  }
  return { ms, maxDifference, differentNodes };
}

async function main(): Promise<number> {
  const items = setting('BENCH_KNOWLEDGE_ITEMS', 100_000);
  const searchRounds = setting('BENCH_SEARCH_ROUNDS', 10);
  const baselineRounds = setting('BENCH_BASELINE_ROUNDS', 2);
  const nodeCount = setting('BENCH_NETWORK_NODES', 10_000);
  const edgeCount = setting('BENCH_NETWORK_EDGES', 50_000);
  const cleanup = new Cleanup();
  const stop = (signal: string) => {
    process.stderr.write(`\nbench: ${signal}; cleaning up\n`);
    void cleanup.runAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => stop('interrupted'));
  process.once('SIGTERM', () => stop('terminated'));
  try {
    const database = await createTestDatabase('bench_knowledge');
    cleanup.add('drop the benchmark database', database.drop);
    const dataSource = new DataSource(
      postgresOptions({ url: database.url, applicationName: 'knowledge-bench', entities: [], migrations: allMigrations(knowledgeService.migrations) }),
    );
    await dataSource.initialize();
    cleanup.add('close the database connection', () => dataSource.destroy());
    await dataSource.runMigrations({ transaction: 'each' });

    progress(`generating and indexing ${items} items`);
    const loadMs = await loadItems(dataSource, items);
    progress(`search: ${searchRounds} rounds of ${QUERIES.length} queries`);
    const search = await timeSearch(dataSource, searchRounds);
    progress(`ILIKE baseline: ${baselineRounds} rounds of ${QUERIES.length} queries`);
    const baseline = await timeIlike(dataSource, baselineRounds);

    progress(`network: generating ${nodeCount} nodes and ${edgeCount} edges`);
    const links = generateNetwork(nodeCount, edgeCount);
    let started = Date.now();
    const metrics = await computeNetworkMetricsInParallel(links);
    const metricsMs = Date.now() - started;
    progress(`network metrics computed in ${metricsMs} ms; now graphology-metrics' betweenness and closeness (the baseline)`);
    const reference = graphologyReference(links, metrics);
    progress(`graphology-metrics took ${reference.ms} ms; now the job as it runs, from PostgreSQL`);
    for (let offset = 0; offset < links.length; offset += 10_000) {
      const slice = links.slice(offset, offset + 10_000);
      await dataSource.query(
        `INSERT INTO network_links (origin, source, target, relation, occurred_at)
         SELECT 'bench:' || source, source, target, relation, '2026-06-01T00:00:00Z' FROM unnest($1::text[], $2::text[], $3::text[]) AS l (source, target, relation)
         ON CONFLICT DO NOTHING`,
        [slice.map((link) => link.source), slice.map((link) => link.target), slice.map((link) => link.relation)],
      );
    }
    started = Date.now();
    // The bench times the computation and the snapshot; the event the job also appends (its
    // figures for reporting) is not what it measures, so nothing is written to an outbox here.
    const noOutbox = { append: async () => undefined } as unknown as OutboxWriter;
    const job = await new NetworkComputation(dataSource, new NetworkRepository(), noOutbox).compute('2026');
    const jobMs = Date.now() - started;

    const searchSummary = summarize(search.latencies)!;
    const baselineSummary = summarize(baseline.latencies)!;
    const rows = QUERIES.map((query) => {
      const own = search.perQuery.get(query.label)!;
      const plain = baseline.perQuery.get(query.label)!;
      const p95 = (values: number[]) => summarize(values)!.p95;
      // "1000+": the search stopped at its match limit and said so (approximate).
      return [query.label, `${own.total}${own.approximate ? '+' : ''}`, p95(own.ms).toFixed(1), String(plain.total), p95(plain.ms).toFixed(1), ratio(p95(plain.ms), p95(own.ms))];
    });
    const worstP95 = Math.max(...rows.map((row) => Number(row[2])));
    const searchGoalMet = worstP95 <= SEARCH_GOAL_MS;
    const networkGoalMet = metricsMs <= NETWORK_GOAL_MS && reference.maxDifference <= 1e-6;
    process.stdout.write(
      `\nSearch over ${items.toLocaleString('en')} items (indexed in ${(loadMs / 1000).toFixed(1)} s), latency in ms\n\n` +
        formatTable(
          ['', 'count', 'p50', 'p95', 'p99', 'max'],
          [
            ['full-text search (service)', String(searchSummary.count), ...[searchSummary.p50, searchSummary.p95, searchSummary.p99, searchSummary.max].map((v) => v.toFixed(1))],
            ['ILIKE scan (baseline)', String(baselineSummary.count), ...[baselineSummary.p50, baselineSummary.p95, baselineSummary.p99, baselineSummary.max].map((v) => v.toFixed(1))],
          ],
        ) +
        `\n\nPer query (matches found, p95 ms; ILIKE finds the literal text only; n+: more than n, the search's limit)\n\n` +
        formatTable(['query', 'fts found', 'fts p95', 'ilike found', 'ilike p95', 'ilike/fts'], rows) +
        `\n\nNetwork of ${metrics.summary.nodes} nodes and ${metrics.summary.edges} edges: metrics in ${(metricsMs / 1000).toFixed(1)} s, ` +
        `the whole job (load, labels, metrics, store) in ${(jobMs / 1000).toFixed(1)} s; ${metrics.summary.communities} communities, modularity ${metrics.summary.modularity}\n` +
        `graphology-metrics' betweenness and closeness alone (baseline): ${(reference.ms / 1000).toFixed(1)} s (${ratio(reference.ms, metricsMs)} the whole computation); ` +
        `${reference.differentNodes} nodes differ, by at most ${reference.maxDifference} (six decimals stored)\n` +
        `Goals: search p95 <= ${SEARCH_GOAL_MS} ms for every query ${searchGoalMet ? 'met' : 'NOT met'}; network <= ${NETWORK_GOAL_MS / 1000} s exact ${networkGoalMet ? 'met' : 'NOT met'}\n`,
    );
    const report = {
      goals: {
        searchP95PerQueryMs: SEARCH_GOAL_MS,
        searchMet: searchGoalMet,
        searchWorstP95Ms: worstP95,
        searchP95RatioToIlike: Number((baselineSummary.p95 / searchSummary.p95).toFixed(2)),
        networkExactMs: NETWORK_GOAL_MS,
        networkMet: networkGoalMet,
        networkRatioToGraphology: Number((reference.ms / metricsMs).toFixed(2)),
      },
      finishedAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version },
      search: {
        items,
        indexMs: loadMs,
        queries: QUERIES.length,
        fullTextMs: searchSummary,
        ilikeBaselineMs: baselineSummary,
        perQuery: Object.fromEntries(rows.map(([label, ftsFound, ftsP95, ilikeFound, ilikeP95]) => [label, { ftsFound: Number(ftsFound.replace('+', '')), ftsApproximate: ftsFound.endsWith('+'), ftsP95: Number(ftsP95), ilikeFound: Number(ilikeFound), ilikeP95: Number(ilikeP95) }])),
      },
      network: { nodes: metrics.summary.nodes, edges: metrics.summary.edges, metricsMs, jobMs, job, graphologyReference: reference, communities: metrics.summary.communities, modularity: metrics.summary.modularity },
    };
    const file = path.join(repositoryRoot(), 'dist', 'bench', 'knowledge.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`\nResults written to ${path.relative(process.cwd(), file)}\n`);
    return 0;
  } finally {
    progress('cleaning up');
    await cleanup.runAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
