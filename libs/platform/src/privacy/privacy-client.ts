import type { PersonalDataAuditEntry } from './personal-data-holder';

/** The services that hold personal data, and where the privacy officer's client reaches them. */
export const PERSONAL_DATA_SERVICES = ['activities', 'knowledge', 'reporting'] as const;
export type PersonalDataService = (typeof PERSONAL_DATA_SERVICES)[number];

export interface PlatformAnswer<T> {
  /** Per service that answered. */
  services: Partial<Record<PersonalDataService, T>>;
  /** Per service that did not, with why: the request is safe to repeat (erasure is idempotent). */
  failed: Partial<Record<PersonalDataService, string>>;
}

/**
 * The privacy officer's requests to the whole platform (`npm run admin -- privacy ...`): the same
 * request to every service that holds personal data, the answers combined. A service that fails
 * is named, the others' answers stand; every service audits what it was asked.
 */
export class PlatformPrivacyClient {
  constructor(
    private readonly urls: Record<PersonalDataService, string>,
    private readonly token: string,
    private readonly timeoutMs = 30_000,
  ) {}

  /** Everything the platform holds about the address, per service. */
  subjectAccess(email: string): Promise<PlatformAnswer<Record<string, unknown>>> {
    return this.everyService('POST', '/v1/privacy/subject-access', { email }, (body) => body.data as Record<string, unknown>);
  }

  /** Erases the address everywhere; per service what was erased (zeros on a repeat). */
  erase(email: string): Promise<PlatformAnswer<Record<string, number>>> {
    return this.everyService('POST', '/v1/privacy/erasures', { email }, (body) => body.erased as Record<string, number>);
  }

  /** The audit of personal data of every service for a period, optionally about one address. */
  audit(query: { from: string; to: string; email?: string }): Promise<PlatformAnswer<PersonalDataAuditEntry[]>> {
    const search = new URLSearchParams({ from: query.from, to: query.to, ...(query.email ? { email: query.email } : {}) });
    return this.everyService('GET', `/v1/privacy/audit?${search}`, undefined, (body) => body.items as PersonalDataAuditEntry[]);
  }

  private async everyService<T>(
    method: 'GET' | 'POST',
    path: string,
    body: object | undefined,
    pick: (answer: Record<string, unknown>) => T,
  ): Promise<PlatformAnswer<T>> {
    const answer: PlatformAnswer<T> = { services: {}, failed: {} };
    await Promise.all(
      PERSONAL_DATA_SERVICES.map(async (service) => {
        try {
          const response = await fetch(`${this.urls[service].replace(/\/$/, '')}${path}`, {
            method,
            headers: { authorization: `Bearer ${this.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
            body: body ? JSON.stringify(body) : undefined,
            signal: AbortSignal.timeout(this.timeoutMs),
          });
          const parsed = (await response.json().catch(() => ({}))) as Record<string, unknown>;
          if (!response.ok) {
            answer.failed[service] = `${response.status} ${String(parsed.detail ?? parsed.title ?? response.statusText)}`;
            return;
          }
          answer.services[service] = pick(parsed);
        } catch (error) {
          answer.failed[service] = (error as Error).message;
        }
      }),
    );
    return answer;
  }
}

/** The combined audit as lines a person reads: oldest first, one entry a line. */
export function formatAudit(answer: PlatformAnswer<PersonalDataAuditEntry[]>): string {
  const rows = Object.entries(answer.services)
    .flatMap(([service, entries]) => (entries ?? []).map((entry) => ({ service, ...entry })))
    .sort((a, b) => a.at.localeCompare(b.at) || a.service.localeCompare(b.service));
  const lines = rows.map((row) =>
    [row.at, row.service.padEnd(10), row.action.padEnd(22), `${row.actorKind}:${row.actorId}`.padEnd(30), row.recordIds.join(',') || '-'].join('  '),
  );
  return [`${'at'.padEnd(24)}  ${'service'.padEnd(10)}  ${'action'.padEnd(22)}  ${'actor'.padEnd(30)}  records`, ...lines].join('\n');
}
