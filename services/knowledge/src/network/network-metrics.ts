import { UndirectedGraph } from 'graphology';
import louvain from 'graphology-communities-louvain';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness';
import closenessCentrality from 'graphology-metrics/centrality/closeness';

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
  const graph = new UndirectedGraph<Record<string, never>, { weight: number; relations: string[] }>();
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
  if (graph.order === 0) {
    // graphology's Brandes refuses an empty graph; an empty period is a normal answer.
    return { nodes: [], edges: [], summary: { nodes: 0, edges: 0, communities: 0, modularity: 0, density: 0 } };
  }
  const betweenness = betweennessCentrality(graph, { normalized: true, getEdgeWeight: null });
  // Wasserman-Faust scales closeness by the share of the network a node reaches, so nodes of a
  // small separate component do not look central.
  const closeness = closenessCentrality(graph, { wassermanFaust: true });
  const clustering = localClustering(graph);
  const communities = louvain.detailed(graph, { getEdgeWeight: 'weight', rng: seededRandom(20260101) });

  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  const nodes: NetworkNode[] = graph.nodes().map((id) => ({
    id,
    kind: id.slice(0, id.indexOf(':')),
    label: labels.get(id) ?? id.slice(id.indexOf(':') + 1),
    degree: graph.degree(id),
    betweenness: round(betweenness[id] ?? 0),
    closeness: round(closeness[id] ?? 0),
    clustering: round(clustering.get(id) ?? 0),
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

/**
 * Local clustering coefficient: the share of a node's neighbour pairs that are neighbours
 * themselves (graphology-metrics has none). Neighbour sets make each check O(1); the cost is
 * the sum of squared degrees, fine for the sparse networks of a programme.
 */
export function localClustering(graph: UndirectedGraph): Map<string, number> {
  const neighbours = new Map<string, Set<string>>();
  graph.forEachNode((node) => neighbours.set(node, new Set(graph.neighbors(node))));
  const result = new Map<string, number>();
  for (const [node, around] of neighbours) {
    const list = [...around];
    if (list.length < 2) {
      result.set(node, 0);
      continue;
    }
    let closed = 0;
    for (let i = 0; i < list.length; i += 1) {
      const first = neighbours.get(list[i])!;
      for (let j = i + 1; j < list.length; j += 1) {
        if (first.has(list[j])) {
          closed += 1;
        }
      }
    }
    result.set(node, (2 * closed) / (list.length * (list.length - 1)));
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
