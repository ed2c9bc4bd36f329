import {
  ActivityCancelledV1,
  ActivityClosedV1,
  ActivityHeldV1,
  ActivityRescheduledV1,
  ActivityRevisedV1,
  ActivityScheduledV1,
  AdviceAnsweredV1,
  AdviceIssuedV1,
  KnowledgeItemArchivedV1,
  KnowledgeItemPublishedV1,
  RegistrationAcceptedV1,
  RegistrationCancelledV1,
  RegistrationPromotedV1,
  RegistrationWaitlistedV1,
} from '@deelwijs/contracts';
import { handlersOf, type EventHandler } from '@deelwijs/messaging';
import type { Projector } from './projector.service';

const on = handlersOf<Projector>();

/**
 * Every event the projection follows, and what the Projector does with it. The live durable
 * consumers (`ProjectionEventsController`) and the rebuild (`ProjectionRebuild`) are both made
 * from this one table, so an event added here is followed live and replayed alike.
 */
export const PROJECTION_HANDLERS: readonly EventHandler<Projector>[] = [
  on(ActivityScheduledV1, (projector, tx, event, envelope) => projector.activityFacts(tx, event, envelope)),
  on(ActivityRevisedV1, (projector, tx, event, envelope) => projector.activityFacts(tx, event, envelope)),
  on(ActivityRescheduledV1, (projector, tx, event, envelope) => projector.activityRescheduled(tx, event, envelope)),
  on(ActivityCancelledV1, (projector, tx, event) => projector.activityCancelled(tx, event)),
  on(ActivityHeldV1, (projector, tx, event, envelope) => projector.activityHeld(tx, event, envelope)),
  on(ActivityClosedV1, (projector, tx, event) => projector.activityClosed(tx, event)),
  on(RegistrationAcceptedV1, (projector, tx, event, envelope) => projector.registration(tx, event, 'accepted', envelope)),
  on(RegistrationWaitlistedV1, (projector, tx, event, envelope) => projector.registration(tx, event, 'waitlisted', envelope)),
  on(RegistrationPromotedV1, (projector, tx, event, envelope) => projector.registration(tx, event, 'promoted', envelope)),
  on(RegistrationCancelledV1, (projector, tx, event, envelope) => projector.registration(tx, event, 'cancelled', envelope)),
  on(AdviceIssuedV1, (projector, tx, event) => projector.adviceIssued(tx, event)),
  on(AdviceAnsweredV1, (projector, tx, event) => projector.adviceAnswered(tx, event)),
  on(KnowledgeItemPublishedV1, (projector, tx, event) => projector.knowledgeItemPublished(tx, event)),
  on(KnowledgeItemArchivedV1, (projector, tx, event) => projector.knowledgeItemArchived(tx, event)),
];
