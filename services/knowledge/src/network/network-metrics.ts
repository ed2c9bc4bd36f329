import { UndirectedGraph } from 'graphology';
import louvain from 'graphology-communities-louvain';
import { sumPathsInParallel } from './path-sums-in-parallel';
import { pathSums, scalePathSums, type Adjacency, type PathSums } from './shortest-path-metrics';

export const NODE_KINDS = ['organisation', 'adviser', 'activity', 'item', 'advice', 'prestatie'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export interface NetworkLink {
  source: string;
  target: string;
  relation: string;
}

export interface NetworkNode {
  id: string;
  kind: string;
  label: string;
  degree: number;
  betweenness: number;
  closeness: number;
  clustering: number;
  community: number;
}

export interface NetworkEdge {
  source: string;
  target: string;
  /** How many relations join the two nodes (an organisation can organise and partner in one activity). */
  weight: number;
  relations: string[];
}

export interface NetworkMetrics {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  summary: { nodes: number; edges: number; communities: number; modularity: number; density: number };
}

/**
 * Network measures of the policy monitor over one period's links. The graph is undirected and
 * simple: parallel relations between two nodes are one edge with a weight. Betweenness and
 * closeness count hops (a partnership is a partnership, however often it recurs); Louvain uses
 * the weights, with a seeded random source so the same links always give the same communities.
 */
export function computeNetworkMetrics(links: NetworkLink[], labels: Map<string, string> = new Map()): NetworkMetrics {
  const graph = simpleGraph(links);
  return measure(graph, labels, graph.order === 0 ? undefined : pathSums(adjacencyOf(graph)));
}

/**
 * The same measures, the breadth-first searches of betweenness and closeness shared out over
 * worker threads (one per core): what the job runs.
 */
export async function computeNetworkMetricsInParallel(links: NetworkLink[], labels: Map<string, string> = new Map()): Promise<NetworkMetrics> {
  const graph = simpleGraph(links);
  return measure(graph, labels, graph.order === 0 ? undefined : await sumPathsInParallel(adjacencyOf(graph)));
}

type LinkGraph = UndirectedGraph<Record<string, never>, { weight: number; relations: string[] }>;

function simpleGraph(links: NetworkLink[]): LinkGraph {
  const graph: LinkGraph = new UndirectedGraph<Record<string, never>, { weight: number; relations: string[] }>();
  for (const link of links) {
    if (link.source === link.target) {
      continue;
    }
    graph.mergeNode(link.source);
    graph.mergeNode(link.target);
    const existing = graph.edge(link.source, link.target);
    if (existing) {
      graph.updateEdgeAttributes(existing, (attributes) => ({
        weight: attributes.weight + 1,
        relations: attributes.relations.includes(link.relation) ? attributes.relations : [...attributes.relations, link.relation],
      }));
    } else {
      graph.addEdge(link.source, link.target, { weight: 1, relations: [link.relation] });
    }
  }
  return graph;
}

/** Every node's measures and the summary, from the graph and its path sums (none for an empty graph). */
function measure(graph: LinkGraph, labels: Map<string, string>, sums: PathSums | undefined): NetworkMetrics {
  if (graph.order === 0 || !sums) {
    // An empty period is a normal answer (graphology's Louvain refuses an empty graph).
    return { nodes: [], edges: [], summary: { nodes: 0, edges: 0, communities: 0, modularity: 0, density: 0 } };
  }
  // Betweenness and closeness count hops; Wasserman-Faust scales closeness by the share of the
  // network a node reaches, so nodes of a small separate component do not look central.
  const { betweenness, closeness } = scalePathSums(graph.order, sums);
  const clustering = localClustering(adjacencyOf(graph));
  const communities = louvain.detailed(graph, { getEdgeWeight: 'weight', rng: seededRandom(20260101) });

  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  const nodes: NetworkNode[] = graph.nodes().map((id, index) => ({
    id,
    kind: id.slice(0, id.indexOf(':')),
    label: labels.get(id) ?? id.slice(id.indexOf(':') + 1),
    degree: graph.degree(id),
    betweenness: round(betweenness[index]),
    closeness: round(closeness[index]),
    clustering: round(clustering[index]),
    community: communities.communities[id],
  }));
  nodes.sort((a, b) => a.id.localeCompare(b.id));
  const edges: NetworkEdge[] = graph.mapEdges((_edge, attributes, source, target) => {
    const [a, b] = source < target ? [source, target] : [target, source];
    return { source: a, target: b, weight: attributes.weight, relations: [...attributes.relations].sort() };
  });
  edges.sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
  const possible = (graph.order * (graph.order - 1)) / 2;
  return {
    nodes,
    edges,
    summary: {
      nodes: graph.order,
      edges: graph.size,
      communities: communities.count,
      modularity: round(communities.modularity),
      density: round(possible > 0 ? graph.size / possible : 0),
    },
  };
}

/** The graph as compressed sparse rows, nodes numbered in graphology's order, neighbours in its order. */
export function adjacencyOf(graph: UndirectedGraph): Adjacency {
  const index = new Map<string, number>();
  graph.forEachNode((node) => index.set(node, index.size));
  const starts = new Int32Array(graph.order + 1);
  const neighbours = new Int32Array(2 * graph.size);
  let next = 0;
  let position = 0;
  graph.forEachNode((node) => {
    starts[position++] = next;
    for (const neighbour of graph.neighbors(node)) {
      neighbours[next++] = index.get(neighbour)!;
    }
  });
  starts[position] = next;
  return { order: graph.order, starts, neighbours };
}

/**
 * Local clustering coefficient: the share of a node's neighbour pairs that are neighbours
 * themselves (graphology-metrics has none). The node's neighbours are stamped in one array, so
 * each check is O(1); the cost is the sum of squared degrees, fine for the sparse networks of a
 * programme.
 */
export function localClustering(graph: Adjacency): Float64Array {
  const { order, starts, neighbours } = graph;
  const result = new Float64Array(order);
  const stamp = new Int32Array(order).fill(-1);
  for (let node = 0; node < order; node += 1) {
    const degree = starts[node + 1] - starts[node];
    if (degree < 2) {
      continue;
    }
    for (let j = starts[node]; j < starts[node + 1]; j += 1) {
      stamp[neighbours[j]] = node;
    }
    // Each edge between two neighbours is seen from both ends.
    let seen = 0;
    for (let j = starts[node]; j < starts[node + 1]; j += 1) {
      const around = neighbours[j];
      for (let k = starts[around]; k < starts[around + 1]; k += 1) {
        if (stamp[neighbours[k]] === node) {
          seen += 1;
        }
      }
    }
    result[node] = seen / (degree * (degree - 1));
  }
  return result;
}

/** mulberry32: a small deterministic generator, so communities are reproducible run to run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
