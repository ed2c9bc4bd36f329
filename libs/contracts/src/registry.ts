import { ActivityScheduledV1 } from './activities/activity-scheduled.v1';
import type { EventContract } from './event-contract';
import { ApiKeyIssuedV1, ApiKeyRevokedV1, OrganisationRegisteredV1 } from './identity/identity-events.v1';

export const ALL_CONTRACTS: readonly EventContract[] = [
  ActivityScheduledV1,
  OrganisationRegisteredV1,
  ApiKeyIssuedV1,
  ApiKeyRevokedV1,
];

const bySubject = new Map(ALL_CONTRACTS.map((contract) => [contract.subject, contract]));

export function contractFor(subject: string): EventContract | undefined {
  return bySubject.get(subject);
}
