import type { Visibility } from '../common/audience';

export const ITEM_STATUSES = ['draft', 'in-review', 'published', 'archived'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface ActionRef {
  prestatieCode: string;
  number: number;
}

export interface AttachmentRef {
  attachmentId: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
}

/** Everything a version freezes: the item as it was after one change. */
export interface ItemContent {
  kind: string;
  title: string;
  summary: string;
  body: string;
  language: Language;
  visibility: Visibility;
  themes: string[];
  tags: string[];
  /** The programme the item counts in; null: the default programme of its period. */
  programmeCode: string | null;
  prestatieCodes: string[];
  actions: ActionRef[];
  activityIds: string[];
  partnerOrganisationIds: string[];
  authors: string[];
}

export interface ItemSnapshot extends ItemContent {
  status: ItemStatus;
  attachments: AttachmentRef[];
}

export interface KnowledgeItem extends ItemSnapshot {
  itemId: string;
  version: number;
  bodyHtml: string;
  sourceActivityId?: string;
  createdAt: Date;
  updatedAt: Date;
  publishedAt?: Date;
}

/** Which status may follow which; every transition is a new version. */
export const TRANSITIONS: Record<ItemStatus, ItemStatus[]> = {
  draft: ['in-review', 'published'],
  'in-review': ['draft', 'published'],
  published: ['archived'],
  archived: ['draft', 'published'],
};

export const CONTENT_FIELDS: (keyof ItemContent)[] = [
  'kind',
  'title',
  'summary',
  'body',
  'language',
  'visibility',
  'themes',
  'tags',
  'programmeCode',
  'prestatieCodes',
  'actions',
  'activityIds',
  'partnerOrganisationIds',
  'authors',
];

/** An item's content as the fields of a version hold it: lists without duplicates, every field present. */
export function contentOf(source: Partial<ItemContent> & Pick<ItemContent, 'kind' | 'title' | 'language' | 'visibility'>): ItemContent {
  const unique = (values: string[] | undefined) => [...new Set(values ?? [])];
  return {
    kind: source.kind,
    title: source.title,
    summary: source.summary ?? '',
    body: source.body ?? '',
    language: source.language,
    visibility: source.visibility,
    themes: unique(source.themes),
    tags: unique(source.tags),
    programmeCode: source.programmeCode ?? null,
    prestatieCodes: unique(source.prestatieCodes),
    actions: (source.actions ?? []).map((action) => ({ prestatieCode: action.prestatieCode, number: action.number })),
    activityIds: unique(source.activityIds),
    partnerOrganisationIds: unique(source.partnerOrganisationIds),
    authors: source.authors ?? [],
  };
}

/** What a version freezes of an item. */
export function snapshotOf(item: KnowledgeItem): ItemSnapshot {
  return { ...contentOf(item), status: item.status, attachments: item.attachments };
}

export const actionKey = (action: ActionRef) => `${action.prestatieCode}:${action.number}`;
export function parseActionKey(key: string): ActionRef {
  const [prestatieCode, number] = key.split(':');
  return { prestatieCode, number: Number(number) };
}
