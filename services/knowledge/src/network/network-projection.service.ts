import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AdviceIssuedV1, KnowledgeItemPublishedV1, PayloadOf } from '@deelwijs/contracts';
import type { ActivityReference } from '../activity-references/activity-references.repository';
import type { NetworkLink } from './network-metrics';
import { NetworkRepository } from './network.repository';

/**
 * Keeps the policy monitor's links from events: who organised and partnered in which activity,
 * what knowledge documents which activities and partners, which adviser advised on what. Each
 * origin (an activity, an item, an advice) owns its links and a later event about it replaces
 * them wholesale; for items and advices network_origins remembers how new the links are, so that
 * older facts arriving late (consumers run independently) change nothing.
 */
@Injectable()
export class NetworkProjection {
  constructor(private readonly network: NetworkRepository) {}

  /**
   * Rebuilds an activity's links from this service's merged copy of it: organiser and partners
   * to the activity, organiser to each partner (co-organising), the activity to its prestatie,
   * dated by when it takes place. A cancelled activity, or one whose facts have not arrived yet,
   * has no links.
   */
  async activity(manager: EntityManager, activityId: string, reference: ActivityReference | undefined): Promise<void> {
    const origin = `activity:${activityId}`;
    await this.network.deleteLinks(manager, origin);
    if (!reference || reference.cancelledAt || !reference.prestatieCode || !reference.startsAt) {
      return;
    }
    const links: NetworkLink[] = [{ source: origin, target: `prestatie:${reference.prestatieCode}`, relation: 'contributes-to' }];
    const organiser = reference.organiserOrganisationId ? `organisation:${reference.organiserOrganisationId}` : undefined;
    if (organiser) {
      links.push({ source: organiser, target: origin, relation: 'organises' });
    }
    for (const partnerId of reference.partnerOrganisationIds) {
      const partner = `organisation:${partnerId}`;
      links.push({ source: partner, target: origin, relation: 'partners-in' });
      if (organiser && organiser !== partner) {
        links.push({ source: organiser, target: partner, relation: 'co-organises' });
      }
    }
    await this.network.insertLinks(manager, origin, reference.startsAt, links);
  }

  async itemPublished(manager: EntityManager, event: PayloadOf<typeof KnowledgeItemPublishedV1>): Promise<void> {
    const item = `item:${event.itemId}`;
    const links: NetworkLink[] = [
      ...event.activityIds.map((id) => ({ source: item, target: `activity:${id}`, relation: 'documents' })),
      ...event.partnerOrganisationIds.map((id) => ({ source: `organisation:${id}`, target: item, relation: 'contributes' })),
      ...event.prestatieCodes.map((code) => ({ source: item, target: `prestatie:${code}`, relation: 'contributes-to' })),
    ];
    // The version orders republications: a later version's links win whatever the arrival order.
    await this.replace(manager, item, new Date(event.version), new Date(event.publishedAt), links);
  }

  async adviceIssued(manager: EntityManager, event: PayloadOf<typeof AdviceIssuedV1>): Promise<void> {
    const advice = `advice:${event.adviceId}`;
    const adviser = event.adviserOrganisationId ? `organisation:${event.adviserOrganisationId}` : `adviser:${event.adviser}`;
    const links: NetworkLink[] = [
      { source: adviser, target: advice, relation: 'advises' },
      ...event.prestatieCodes.map((code) => ({ source: advice, target: `prestatie:${code}`, relation: 'contributes-to' })),
      ...(event.itemId ? [{ source: `item:${event.itemId}`, target: advice, relation: 'documents' }] : []),
    ];
    await this.replace(manager, advice, new Date(event.issuedAt), new Date(event.issuedAt), links);
  }

  private async replace(manager: EntityManager, origin: string, factsAt: Date, occurredAt: Date, links: NetworkLink[]): Promise<void> {
    if (!(await this.network.claimOrigin(manager, origin, factsAt))) {
      return;
    }
    await this.network.deleteLinks(manager, origin);
    await this.network.insertLinks(manager, origin, occurredAt, links);
  }
}
