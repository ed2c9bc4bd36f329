import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { KnowledgeItemArchivedV1, KnowledgeItemPublishedV1, type LessonsLearnedRecordedV1, type PayloadOf } from '@deelwijs/contracts';
import type { Principal } from '@deelwijs/identity';
import type { ScopeClaim } from '@deelwijs/programme-scope';
import { OutboxWriter } from '@deelwijs/messaging';
import { InvalidInputException } from '@deelwijs/platform';
import { AuditLog } from '../audit/audit-log.service';
import { ProgrammesService } from '@deelwijs/programme-scope';
import { actorOf, audienceOf, type Audience } from '../common/audience';
import {
  toItemView,
  type CreateKnowledgeItemDto,
  type KnowledgeItemList,
  type KnowledgeItemView,
  type KnowledgeKindDto,
  type ListItemsQueryDto,
  type StatusChangeDto,
  type UpdateKnowledgeItemDto,
  type VersionView,
} from './dto/item.dto';
import { CONTENT_FIELDS, contentOf, ITEM_STATUSES, TRANSITIONS, type AttachmentRef, type ItemContent, type KnowledgeItem } from './knowledge-item';
import { renderMarkdown } from './markdown';
import { ItemsRepository } from './items.repository';
import { lessonsLearnedDraft } from './lessons-learned-draft';
import { diffSnapshots, type VersionDiff } from './version-diff';

/** Knowledge items: every change is a new immutable version; publication and archiving are events. */
@Injectable()
export class ItemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly items: ItemsRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditLog,
    private readonly programmes: ProgrammesService,
  ) {}

  async create(principal: Principal, input: CreateKnowledgeItemDto): Promise<KnowledgeItemView> {
    return this.dataSource.transaction(async (manager) => {
      await this.checkKind(manager, input.kind);
      const now = new Date();
      const content = contentOf(input);
      content.programmeCode = await this.programmes.programmeOf(manager, scopeClaim(content, now));
      const item = this.build(randomUUID(), content, now);
      await this.items.save(manager, item, renderMarkdown(item.body).text, { change: 'created', changedBy: actorOf(principal) });
      await this.audit.record(manager, { principal, action: 'knowledge-item.created', entityType: 'knowledge-item', entityId: item.itemId, details: { version: 1 } });
      return toItemView(item);
    });
  }

  async update(principal: Principal, itemId: string, input: UpdateKnowledgeItemDto): Promise<KnowledgeItemView> {
    // Leaving a field out keeps it; null would mean "remove", which no field of an item allows.
    const nulls = Object.entries(input).filter(([, value]) => value === null);
    if (nulls.length > 0) {
      throw new InvalidInputException(nulls.map(([name]) => ({ name, reason: `${name} must not be null; leave it out to keep it` })));
    }
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockForChange(manager, itemId, input.expectedVersion);
      if (current.status === 'archived') {
        throw new ConflictException('An archived item is not changed; move it back to draft first. / Zet een gearchiveerd item eerst terug naar concept.');
      }
      if (input.kind !== undefined && input.kind !== current.kind) {
        await this.checkKind(manager, input.kind);
      }
      const changes = definedOnly(input);
      delete changes.expectedVersion;
      const content = contentOf({ ...current, ...(changes as Partial<ItemContent>) });
      if (changes.programmeCode !== undefined || changes.prestatieCodes !== undefined || changes.actions !== undefined) {
        // What the item names after the change, checked as a whole against its programme.
        content.programmeCode = await this.programmes.programmeOf(manager, scopeClaim(content, new Date()));
      }
      if (CONTENT_FIELDS.every((field) => JSON.stringify(content[field]) === JSON.stringify(current[field]))) {
        return toItemView(current);
      }
      const next = this.next(current, content, current.status, new Date());
      await this.items.save(manager, next, renderMarkdown(next.body).text, { change: 'updated', changedBy: actorOf(principal) });
      await this.audit.record(manager, {
        principal,
        action: 'knowledge-item.updated',
        entityType: 'knowledge-item',
        entityId: itemId,
        details: { version: next.version, fields: CONTENT_FIELDS.filter((field) => JSON.stringify(content[field]) !== JSON.stringify(current[field])) },
      });
      if (next.status === 'published') {
        await this.emitPublished(manager, next);
      }
      return toItemView(next);
    });
  }

  async changeStatus(principal: Principal, itemId: string, input: StatusChangeDto): Promise<KnowledgeItemView> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockForChange(manager, itemId, input.expectedVersion);
      if (current.status === input.status) {
        return toItemView(current);
      }
      if (!TRANSITIONS[current.status].includes(input.status)) {
        throw new ConflictException(
          `An item that is ${current.status} cannot become ${input.status}; allowed: ${TRANSITIONS[current.status].join(', ')}.`,
        );
      }
      const now = new Date();
      const next = this.next(current, contentOf(current), input.status, now);
      await this.items.save(manager, next, renderMarkdown(next.body).text, { change: `status:${input.status}`, changedBy: actorOf(principal) });
      await this.audit.record(manager, {
        principal,
        action: `knowledge-item.${input.status}`,
        entityType: 'knowledge-item',
        entityId: itemId,
        details: { version: next.version, from: current.status },
      });
      if (next.status === 'published') {
        await this.emitPublished(manager, next);
      } else if (next.status === 'archived') {
        await this.outbox.append(manager, KnowledgeItemArchivedV1, { itemId, archivedAt: now.toISOString() });
      }
      return toItemView(next);
    });
  }

  /** A new version recording an attachment; called by the attachments feature inside its transaction. */
  async recordAttachment(manager: EntityManager, principal: Principal, itemId: string, attachment: AttachmentRef): Promise<void> {
    const current = await this.lockForChange(manager, itemId);
    const next = this.next(current, contentOf(current), current.status, new Date());
    // The attachment's row is written first in this transaction, so the item read under the lock
    // may already list it: a version lists each attachment once.
    next.attachments = [...current.attachments.filter((known) => known.attachmentId !== attachment.attachmentId), attachment];
    await this.items.save(manager, next, renderMarkdown(next.body).text, { change: 'attachment-added', changedBy: actorOf(principal) });
  }

  /**
   * The activities service's close-out becomes a draft for an editor to complete. A later
   * recording for the same activity refreshes the draft as a new version while nobody has taken
   * it further; once in review or published, the editor's text wins and the recording is only audited.
   */
  async draftFromLessonsLearned(manager: EntityManager, event: PayloadOf<typeof LessonsLearnedRecordedV1>): Promise<void> {
    const actor = 'event:activities.lessons-learned';
    const content = lessonsLearnedDraft(event);
    const existing = await this.items.findBySourceActivity(manager, event.activityId);
    if (!existing) {
      const item = { ...this.build(randomUUID(), content, new Date()), sourceActivityId: event.activityId };
      await this.items.save(manager, item, renderMarkdown(item.body).text, { change: 'created-from-lessons-learned', changedBy: actor });
      await this.audit.record(manager, { actor, action: 'knowledge-item.created', entityType: 'knowledge-item', entityId: item.itemId, details: { activityId: event.activityId } });
      return;
    }
    if (existing.status !== 'draft') {
      await this.audit.record(manager, { actor, action: 'knowledge-item.lessons-learned-ignored', entityType: 'knowledge-item', entityId: existing.itemId, details: { status: existing.status } });
      return;
    }
    const next = this.next(existing, { ...content, authors: existing.authors }, 'draft', new Date());
    await this.items.save(manager, next, renderMarkdown(next.body).text, { change: 'lessons-learned-recorded-again', changedBy: actor });
    await this.audit.record(manager, { actor, action: 'knowledge-item.updated', entityType: 'knowledge-item', entityId: existing.itemId, details: { version: next.version } });
  }

  async get(principal: Principal | undefined, itemId: string): Promise<KnowledgeItemView> {
    return toItemView(await this.visible(principal, itemId));
  }

  /** The item if the caller may see it; otherwise the same 404 as for an item that does not exist. */
  async visible(principal: Principal | undefined, itemId: string): Promise<KnowledgeItem> {
    const item = await this.items.find(this.dataSource.manager, itemId);
    if (!item || !canSee(audienceOf(principal), item)) {
      throw new NotFoundException(`Kennisitem ${itemId} bestaat niet / knowledge item ${itemId} does not exist.`);
    }
    return item;
  }

  async list(principal: Principal | undefined, query: ListItemsQueryDto): Promise<KnowledgeItemList> {
    const audience = audienceOf(principal);
    const statuses = audience.seesUnpublished ? [...ITEM_STATUSES] : ['published'];
    if (query.status && !statuses.includes(query.status)) {
      return { total: 0, page: query.page, pageSize: query.pageSize, items: [] };
    }
    const { total, items } = await this.items.list(this.dataSource.manager, {
      visibilities: audience.visibilities,
      statuses: query.status ? [query.status] : statuses,
      kind: query.kind,
      activityId: query.activityId,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return { total, page: query.page, pageSize: query.pageSize, items: items.map(toItemView) };
  }

  async versions(itemId: string): Promise<VersionView[]> {
    await this.mustExist(itemId);
    return this.items.versions(this.dataSource.manager, itemId);
  }

  async version(itemId: string, version: number): Promise<VersionView> {
    const found = (await this.versions(itemId)).find((candidate) => candidate.version === version);
    if (!found) {
      throw new NotFoundException(`Item ${itemId} has no version ${version}.`);
    }
    return found;
  }

  async diff(itemId: string, from: number, to: number): Promise<VersionDiff> {
    await this.mustExist(itemId);
    const snapshots = await this.items.snapshots(this.dataSource.manager, itemId, [from, to]);
    const missing = [from, to].filter((version) => !snapshots.has(version));
    if (missing.length > 0) {
      throw new InvalidInputException(
        missing.map((version) => ({ name: version === from ? 'from' : 'to', reason: `item ${itemId} has no version ${version}` })),
      );
    }
    return diffSnapshots(itemId, from, snapshots.get(from)!, to, snapshots.get(to)!);
  }

  kinds() {
    return this.items.kinds(this.dataSource.manager);
  }

  putKind(principal: Principal, kind: KnowledgeKindDto) {
    return this.dataSource.transaction(async (manager) => {
      await this.items.putKind(manager, kind);
      await this.audit.record(manager, { principal, action: 'knowledge-kind.saved', entityType: 'knowledge-kind', entityId: kind.slug, details: kind });
      return this.items.kinds(manager);
    });
  }

  /** Whether the item exists, read in the caller's transaction (an advice may name one). */
  exists(manager: EntityManager, itemId: string): Promise<boolean> {
    return this.items.exists(manager, itemId);
  }

  private async mustExist(itemId: string): Promise<void> {
    if (!(await this.items.exists(this.dataSource.manager, itemId))) {
      throw new NotFoundException(`Kennisitem ${itemId} bestaat niet / knowledge item ${itemId} does not exist.`);
    }
  }

  private async lockForChange(manager: EntityManager, itemId: string, expectedVersion?: number): Promise<KnowledgeItem> {
    const current = await this.items.find(manager, itemId, { lock: true });
    if (!current) {
      throw new NotFoundException(`Kennisitem ${itemId} bestaat niet / knowledge item ${itemId} does not exist.`);
    }
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw new ConflictException(
        `The item is at version ${current.version}, not ${expectedVersion}; reload and apply your change again. / Het item is intussen gewijzigd.`,
      );
    }
    return current;
  }

  private async checkKind(manager: EntityManager, kind: string): Promise<void> {
    if (!(await this.items.kindExists(manager, kind))) {
      throw new InvalidInputException([{ name: 'kind', reason: `kind must be one of GET /v1/knowledge-kinds; "${kind}" is not` }]);
    }
  }

  private build(itemId: string, content: ItemContent, now: Date): KnowledgeItem {
    return {
      ...content,
      itemId,
      version: 1,
      status: 'draft',
      bodyHtml: renderMarkdown(content.body).html,
      attachments: [],
      createdAt: now,
      updatedAt: now,
    };
  }

  private next(current: KnowledgeItem, content: ItemContent, status: KnowledgeItem['status'], now: Date): KnowledgeItem {
    return {
      ...current,
      ...content,
      status,
      version: current.version + 1,
      bodyHtml: content.body === current.body ? current.bodyHtml : renderMarkdown(content.body).html,
      updatedAt: now,
      publishedAt: current.publishedAt ?? (status === 'published' ? now : undefined),
    };
  }

  private async emitPublished(manager: EntityManager, item: KnowledgeItem): Promise<void> {
    await this.outbox.append(manager, KnowledgeItemPublishedV1, {
      itemId: item.itemId,
      version: item.version,
      kind: item.kind,
      title: item.title,
      language: item.language,
      visibility: item.visibility,
      themes: item.themes,
      programmeCode: item.programmeCode ?? undefined,
      // The prestaties of its actions are the item's prestaties too (as the event says).
      prestatieCodes: [...new Set([...item.prestatieCodes, ...item.actions.map((action) => action.prestatieCode)])],
      actions: item.actions.map((action) => ({ prestatieCode: action.prestatieCode, actionNumber: action.number })),
      activityIds: item.activityIds,
      partnerOrganisationIds: item.partnerOrganisationIds,
      publishedAt: item.updatedAt.toISOString(),
    });
  }
}

export function canSee(audience: Audience, item: Pick<KnowledgeItem, 'status' | 'visibility'>): boolean {
  return audience.visibilities.includes(item.visibility) && (audience.seesUnpublished || item.status === 'published');
}

/** What an item names of a programme, each with the field that named it; the day decides the default programme. */
function scopeClaim(content: ItemContent, day: Date): ScopeClaim {
  return {
    programmeCode: content.programmeCode ?? undefined,
    date: day,
    prestaties: [
      ...content.prestatieCodes.map((code, index) => ({ code, field: `prestatieCodes[${index}]` })),
      ...content.actions.map((action, index) => ({ code: action.prestatieCode, field: `actions[${index}].prestatieCode` })),
    ],
    actions: content.actions.map((action, index) => ({
      prestatieCode: action.prestatieCode,
      number: action.number,
      field: `actions[${index}].number`,
    })),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
