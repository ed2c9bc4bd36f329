import { ActivityCancelledV1 } from './activities/activity-cancelled.v1';
import { ActivityClosedV1 } from './activities/activity-closed.v1';
import { ActivityHeldV1 } from './activities/activity-held.v1';
import { ActivityPublishedV1 } from './activities/activity-published.v1';
import { ActivityRescheduledV1 } from './activities/activity-rescheduled.v1';
import { ActivityRevisedV1 } from './activities/activity-revised.v1';
import { ActivityScheduledV1 } from './activities/activity-scheduled.v1';
import { LessonsLearnedRecordedV1 } from './activities/lessons-learned-recorded.v1';
import {
  RegistrationAcceptedV1,
  RegistrationCancelledV1,
  RegistrationPromotedV1,
  RegistrationWaitlistedV1,
} from './activities/registration-events.v1';
import type { EventContract } from './event-contract';
import { ApiKeyIssuedV1, ApiKeyRevokedV1, OrganisationRegisteredV1 } from './identity/identity-events.v1';
import { AdviceAnsweredV1, AdviceIssuedV1 } from './knowledge/advice-events.v1';
import { EvaluationAggregatedV1 } from './knowledge/evaluation-aggregated.v1';
import { KnowledgeItemArchivedV1, KnowledgeItemPublishedV1 } from './knowledge/knowledge-item-events.v1';
import { ProgressReportApprovedV1 } from './reporting/progress-report-approved.v1';
import { ProgrammePublishedV1, ProgrammeWithdrawnV1 } from './reporting/programme-events.v1';

export const ALL_CONTRACTS: readonly EventContract[] = [
  ActivityScheduledV1,
  ActivityRevisedV1,
  ActivityPublishedV1,
  ActivityRescheduledV1,
  ActivityCancelledV1,
  ActivityHeldV1,
  ActivityClosedV1,
  LessonsLearnedRecordedV1,
  RegistrationAcceptedV1,
  RegistrationWaitlistedV1,
  RegistrationPromotedV1,
  RegistrationCancelledV1,
  KnowledgeItemPublishedV1,
  KnowledgeItemArchivedV1,
  AdviceIssuedV1,
  AdviceAnsweredV1,
  EvaluationAggregatedV1,
  ProgressReportApprovedV1,
  ProgrammePublishedV1,
  ProgrammeWithdrawnV1,
  OrganisationRegisteredV1,
  ApiKeyIssuedV1,
  ApiKeyRevokedV1,
];

const bySubject = new Map(ALL_CONTRACTS.map((contract) => [contract.subject, contract]));

export function contractFor(subject: string): EventContract | undefined {
  return bySubject.get(subject);
}
