import fc from 'fast-check';
import { UndirectedGraph } from 'graphology';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness';
import closenessCentrality from 'graphology-metrics/centrality/closeness';
import { computeNetworkMetrics } from './network-metrics';
import { toCsv, toGraphMl } from './network-export';

/** Two triangles joined by one bridge node: every measure has a value that can be worked out by hand. */
const links = [
  { source: 'organisation:a', target: 'organisation:b', relation: 'co-organises' },
  { source: 'organisation:b', target: 'organisation:c', relation: 'co-organises' },
  { source: 'organisation:a', target: 'organisation:c', relation: 'co-organises' },
  { source: 'organisation:c', target: 'activity:x', relation: 'organises' },
  { source: 'activity:x', target: 'organisation:d', relation: 'partners-in' },
  { source: 'organisation:d', target: 'organisation:e', relation: 'co-organises' },
  { source: 'organisation:e', target: 'organisation:f', relation: 'co-organises' },
  { source: 'organisation:d', target: 'organisation:f', relation: 'co-organises' },
  // A repeated relation adds weight, not an edge.
  { source: 'organisation:b', target: 'organisation:a', relation: 'co-organises' },
];

describe('computeNetworkMetrics', () => {
  const network = computeNetworkMetrics(links, new Map([['organisation:a', 'ProDemos']]));
  const node = (id: string) => network.nodes.find((candidate) => candidate.id === id)!;

  it('merges parallel relations into one weighted edge', () => {
    expect(network.summary.nodes).toBe(7);
    expect(network.summary.edges).toBe(8);
    expect(network.edges.find((edge) => edge.source === 'organisation:a' && edge.target === 'organisation:b')?.weight).toBe(2);
  });

  it('gives degree, clustering and betweenness as worked out by hand', () => {
    expect(node('organisation:c').degree).toBe(3);
    expect(node('organisation:a').clustering).toBe(1);
    expect(node('organisation:c').clustering).toBeCloseTo(1 / 3, 5);
    expect(node('activity:x').clustering).toBe(0);
    // The bridge lies on every shortest path between the two triangles: 3 x 3 pairs of 15.
    expect(node('activity:x').betweenness).toBeCloseTo(9 / 15, 5);
    expect(node('organisation:a').betweenness).toBe(0);
    expect(node('activity:x').closeness).toBeGreaterThan(node('organisation:a').closeness);
  });

  it('finds the two triangles as communities and labels nodes', () => {
    expect(node('organisation:a').community).toBe(node('organisation:b').community);
    expect(node('organisation:a').community).not.toBe(node('organisation:f').community);
    expect(network.summary.modularity).toBeGreaterThan(0.3);
    expect(node('organisation:a').label).toBe('ProDemos');
    expect(node('organisation:a').kind).toBe('organisation');
    expect(node('organisation:b').label).toBe('b');
  });

  it('gives the same communities every time', () => {
    expect(computeNetworkMetrics(links).nodes.map((n) => n.community)).toEqual(network.nodes.map((n) => n.community));
  });

  it('exports GraphML with escaped labels and CSV safe from spreadsheet formulas', () => {
    const tricky = computeNetworkMetrics([{ source: 'organisation:q', target: 'activity:r', relation: 'organises' }], new Map([
      ['organisation:q', '=HYPERLINK("x") & <b>'],
    ]));
    const graphml = toGraphMl('2026', tricky);
    expect(graphml).toContain('<data key="label">=HYPERLINK(&quot;x&quot;) &amp; &lt;b&gt;</data>');
    expect(graphml).toContain('edgedefault="undirected"');
    const csv = toCsv(tricky, 'nodes');
    expect(csv.split('\r\n')[0]).toBe('id,kind,label,degree,betweenness,closeness,clustering,community');
    expect(csv).toContain(`"'=HYPERLINK(""x"") & <b>"`);
    expect(toCsv(tricky, 'edges')).toContain('activity:r,organisation:q,1,organises');
  });

  it('handles an empty period', () => {
    expect(computeNetworkMetrics([]).summary).toEqual({ nodes: 0, edges: 0, communities: 0, modularity: 0, density: 0 });
  });
});

describe('betweenness, closeness and clustering against graphology-metrics', () => {
  /** A simple undirected graph of up to 14 nodes (some isolated from the rest) as links. */
  const smallGraph = fc
    .tuple(fc.integer({ min: 2, max: 14 }), fc.array(fc.tuple(fc.nat(13), fc.nat(13)), { minLength: 1, maxLength: 40 }))
    .map(([size, pairs]) =>
      pairs.map(([a, b]) => ({ source: `organisation:${a % size}`, target: `activity:${b % size}`, relation: 'partners-in' })),
    );

  it('gives graphology-metrics’ exact values on any small graph', () => {
    fc.assert(
      fc.property(smallGraph, (graphLinks) => {
        const graph = new UndirectedGraph();
        for (const link of graphLinks) {
          graph.mergeEdge(link.source, link.target);
        }
        const expectedBetweenness = betweennessCentrality(graph, { normalized: true, getEdgeWeight: null });
        const expectedCloseness = closenessCentrality(graph, { wassermanFaust: true });
        const computed = computeNetworkMetrics(graphLinks);
        expect(computed.nodes).toHaveLength(graph.order);
        for (const node of computed.nodes) {
          const neighbours = graph.neighbors(node.id);
          let closed = 0;
          for (const a of neighbours) {
            for (const b of neighbours) {
              closed += a < b && graph.hasEdge(a, b) ? 1 : 0;
            }
          }
          const clustering = neighbours.length < 2 ? 0 : (2 * closed) / (neighbours.length * (neighbours.length - 1));
          expect(node.betweenness).toBe(Math.round(expectedBetweenness[node.id] * 1e6) / 1e6);
          expect(node.closeness).toBe(Math.round(expectedCloseness[node.id] * 1e6) / 1e6);
          expect(node.clustering).toBe(Math.round(clustering * 1e6) / 1e6);
        }
      }),
      { numRuns: 100 },
    );
  });
});
