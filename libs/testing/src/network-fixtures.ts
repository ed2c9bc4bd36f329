import { Client } from 'pg';
import type { ServiceProcess } from './service-process';

/** A policy-monitor network snapshot as the knowledge service stores it (network_snapshots). */
export interface GeneratedNetwork {
  period: string;
  summary: { nodes: number; edges: number; communities: number; modularity: number; density: number };
  nodes: Array<{
    id: string;
    kind: string;
    label: string;
    degree: number;
    betweenness: number;
    closeness: number;
    clustering: number;
    community: number;
  }>;
  edges: Array<{ source: string; target: string; weight: number; relations: string[] }>;
}

/**
 * A network at the benchmark's size (10,000 nodes, 50,000 edges) in 40 communities, the same
 * every run, with one partner (ProDemos, the first node) to search for. Its measures are made
 * up: the page draws what the service computed, and this is what a computation of that size
 * looks like. Shared by the browser test of the policy monitor and the portal-web benchmark.
 */
export function generatedNetwork(period: string, nodeCount = 10_000, edgeCount = 50_000): GeneratedNetwork {
  // mulberry32: 32-bit integer arithmetic (Math.imul), so the sequence never loses precision.
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
  const kinds = ['organisation', 'activity', 'item', 'advice', 'adviser'];
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({
    id: i === 0 ? 'organisation:prodemos' : `node:${i}`,
    kind: i === 0 ? 'organisation' : kinds[i % kinds.length],
    label: i === 0 ? 'ProDemos' : `Knoop ${i}`,
    degree: 0,
    betweenness: Math.round(random() * 1000) / 1000,
    closeness: Math.round(random() * 1000) / 1000,
    clustering: Math.round(random() * 1000) / 1000,
    community: i % 40,
  }));
  const seen = new Set<string>();
  const edges: GeneratedNetwork['edges'] = [];
  while (edges.length < edgeCount) {
    const a = Math.floor(random() * nodeCount);
    // Most links stay within a community, as real partnerships do.
    const b =
      random() < 0.85
        ? (Math.floor(random() * (nodeCount / 40)) * 40 + (a % 40)) % nodeCount
        : Math.floor(random() * nodeCount);
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (a === b || seen.has(key)) {
      continue;
    }
    seen.add(key);
    nodes[a].degree += 1;
    nodes[b].degree += 1;
    edges.push({
      source: nodes[a].id,
      target: nodes[b].id,
      weight: 1 + Math.floor(random() * 3),
      relations: ['partner'],
    });
  }
  return {
    period,
    summary: {
      nodes: nodeCount,
      edges: edgeCount,
      communities: 40,
      modularity: 0.71,
      density: (2 * edgeCount) / (nodeCount * (nodeCount - 1)),
    },
    nodes,
    edges,
  };
}

/**
 * Stores the snapshots in the (running) knowledge service's database as its nightly computation would
 * (the service has no API to write one: it computes them itself).
 */
export async function storeNetworkSnapshots(
  knowledge: ServiceProcess,
  snapshots: GeneratedNetwork[],
): Promise<void> {
  if (!knowledge.databaseUrl) {
    throw new Error('the knowledge service was started without a database of its own');
  }
  const database = new Client({ connectionString: knowledge.databaseUrl });
  await database.connect();
  try {
    for (const snapshot of snapshots) {
      await database.query(
        `INSERT INTO network_snapshots (period, computed_at, summary, nodes, edges) VALUES ($1, now(), $2, $3, $4)`,
        [
          snapshot.period,
          JSON.stringify(snapshot.summary),
          JSON.stringify(snapshot.nodes),
          JSON.stringify(snapshot.edges),
        ],
      );
    }
  } finally {
    await database.end();
  }
}
