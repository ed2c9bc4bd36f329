import { useQuery } from '@tanstack/react-query';
import { data, knowledgeApi } from './client';
import type { components, operations } from './openapi/knowledge';

/** The knowledge service's API as the pages use it: one query key per resource. */
export type KnowledgeKind = components['schemas']['KnowledgeKindDto'];
export type KnowledgeItem = components['schemas']['KnowledgeItemView'];
export type SearchResult = components['schemas']['SearchResult'];
export type SearchHit = components['schemas']['SearchHit'];
export type FacetCount = components['schemas']['FacetCount'];
export type SearchQuery = NonNullable<operations['SearchController_find']['parameters']['query']>;
export type Version = components['schemas']['VersionView'];
export type Attachment = components['schemas']['AttachmentView'];
/** The document types follow-ups as strings; the service answers them as records (advices/dto). */
export interface FollowUp {
  followUpId: string;
  description: string;
  dueOn?: string;
  recordedAt: string;
}
export type Advice = Omit<components['schemas']['AdviceView'], 'followUps'> & { followUps: FollowUp[] };
export type AdviceStatus = Advice['status'];
export type AdviceOutcome = NonNullable<Advice['outcome']>;

/**
 * What changed between two versions (GET /v1/knowledge-items/{id}/diff). The service's document
 * does not describe this answer, so its shape is written here as services/knowledge's
 * items/version-diff.ts gives it.
 */
export interface VersionDiff {
  itemId: string;
  from: number;
  to: number;
  changes: Array<{
    field: string;
    before: unknown;
    after: unknown;
    parts?: Array<{ value: string; added?: boolean; removed?: boolean }>;
  }>;
  bodyPatch?: string;
}

export const knowledgeKeys = {
  search: (query: SearchQuery) => ['knowledge', 'search', query] as const,
  item: (id: string) => ['knowledge', 'item', id] as const,
  versions: (id: string) => ['knowledge', 'versions', id] as const,
  diff: (id: string, from: number, to: number) => ['knowledge', 'diff', id, from, to] as const,
  advices: (status?: AdviceStatus) => ['knowledge', 'advices', status ?? 'all'] as const,
};

export function useKnowledgeKinds() {
  return useQuery({
    queryKey: ['catalogue', 'knowledge-kinds'],
    // The document leaves this answer untyped; it is the list of KnowledgeKindDto.
    queryFn: async () => (await data(knowledgeApi.GET('/v1/knowledge-kinds'))) as unknown as KnowledgeKind[],
    staleTime: 10 * 60_000,
  });
}

export function useKnowledgeSearch(query: SearchQuery, enabled = true) {
  return useQuery({
    queryKey: knowledgeKeys.search(query),
    queryFn: () => data(knowledgeApi.GET('/v1/knowledge-search-results', { params: { query } })),
    placeholderData: (previous) => previous,
    enabled,
  });
}

export function useKnowledgeItem(id: string) {
  return useQuery({
    queryKey: knowledgeKeys.item(id),
    queryFn: () =>
      data(knowledgeApi.GET('/v1/knowledge-items/{itemId}', { params: { path: { itemId: id } } })),
  });
}

/** Versions are for editors and administrators (the API refuses others): asked only when allowed. */
export function useVersions(id: string, allowed: boolean) {
  return useQuery({
    queryKey: knowledgeKeys.versions(id),
    queryFn: () =>
      data(
        knowledgeApi.GET('/v1/knowledge-items/{itemId}/versions', { params: { path: { itemId: id } } }),
      ),
    enabled: allowed,
  });
}

export function useVersionDiff(id: string, from: number | undefined, to: number | undefined) {
  return useQuery({
    queryKey: knowledgeKeys.diff(id, from ?? 0, to ?? 0),
    queryFn: async () =>
      (await data(
        knowledgeApi.GET('/v1/knowledge-items/{itemId}/diff', {
          params: { path: { itemId: id }, query: { from: from!, to: to! } },
        }),
      )) as unknown as VersionDiff,
    enabled: from !== undefined && to !== undefined && from !== to,
  });
}

export function useAdvices(status?: AdviceStatus) {
  return useQuery({
    queryKey: knowledgeKeys.advices(status),
    queryFn: async () =>
      (await data(
        knowledgeApi.GET('/v1/advices', { params: { query: status ? { status } : {} } }),
      )) as unknown as Advice[],
  });
}

export const adviceActions = {
  answer: (adviceId: string, body: components['schemas']['AnswerAdviceDto']) =>
    data(knowledgeApi.POST('/v1/advices/{adviceId}/answer', { params: { path: { adviceId } }, body })),
  followUp: (adviceId: string, body: components['schemas']['FollowUpDto']) =>
    data(knowledgeApi.POST('/v1/advices/{adviceId}/follow-ups', { params: { path: { adviceId } }, body })),
};

/**
 * Where the browser downloads an attachment: the portal's forward of the service's download
 * (GET, with the person's session), as a plain link so that the browser saves it itself.
 */
export function attachmentHref(itemId: string, attachmentId: string): string {
  return `/api/knowledge/knowledge-items/${encodeURIComponent(itemId)}/attachments/${encodeURIComponent(attachmentId)}`;
}
