import { useQuery } from '@tanstack/react-query';
import { data, download, knowledgeApi } from './client';

/** The policy monitor's network per period (knowledge service network/; answers untyped in its document). */
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
  weight: number;
  relations: string[];
}
export interface NetworkSummary {
  nodes: number;
  edges: number;
  communities: number;
  modularity: number;
  density: number;
}
export interface NetworkSnapshot {
  period: string;
  computedAt: string;
  summary: NetworkSummary;
  nodes: NetworkNode[];
  edges: NetworkEdge[];
}
export interface NetworkPeriod {
  period: string;
  computedAt: string;
  summary: NetworkSummary;
}

export const CENTRALITIES = ['degree', 'betweenness', 'closeness', 'clustering'] as const;
export type Centrality = (typeof CENTRALITIES)[number];

/** A period's list and a period's snapshot as queries: the page's hooks and the app's preload (app/preload.ts) share them. */
export function networkPeriodsQuery() {
  return {
    queryKey: ['network', 'periods'],
    queryFn: async () => (await data(knowledgeApi.GET('/v1/network/periods'))) as unknown as NetworkPeriod[],
  };
}

export function networkSnapshotQuery(period: string) {
  return {
    queryKey: ['network', 'snapshot', period],
    queryFn: async () =>
      (await data(
        knowledgeApi.GET('/v1/network/periods/{period}', { params: { path: { period } } }),
      )) as unknown as NetworkSnapshot,
    staleTime: 5 * 60_000,
  };
}

export function useNetworkPeriods() {
  return useQuery(networkPeriodsQuery());
}

export function useNetworkSnapshot(period: string | undefined) {
  return useQuery({ ...networkSnapshotQuery(period ?? ''), enabled: Boolean(period) });
}

export const networkActions = {
  compute: (period: string) => data(knowledgeApi.POST('/v1/network/computations', { body: { period } })),
};

/** What each download of a period is asked for as (Accept: the period's own representations). */
const EXPORT_TYPES = {
  json: 'application/json',
  graphml: 'application/graphml+xml',
  csv: 'text/csv',
} as const;

/** A period as a file: the JSON, GraphML or CSV (nodes or edges) representation, saved under the name the service gives. */
export function downloadNetwork(
  period: string,
  format: keyof typeof EXPORT_TYPES,
  table?: 'nodes' | 'edges',
): Promise<void> {
  const extension = format === 'csv' ? `${table ?? 'nodes'}.csv` : format;
  return download(
    knowledgeApi.GET('/v1/network/periods/{period}', {
      params: { path: { period }, query: table ? { table } : {} },
      headers: { Accept: EXPORT_TYPES[format] },
      parseAs: 'blob',
    }),
    `netwerk-${period}.${extension}`,
  );
}
