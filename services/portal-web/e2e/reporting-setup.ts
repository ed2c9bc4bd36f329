import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { waitFor, type PortalHttpClient } from '@deelwijs/testing';

/**
 * What the reporting browser tests set up through the portal, as the demo people would: the seed
 * programme imported, democracy games of 7.2.3 planned and held, and the report caught up.
 */
export const PROGRAMME = 'overijssel-2026';
const SEED = path.join(__dirname, '..', '..', 'reporting', 'data', 'programme-overijssel-2026.yaml');

/** A call through the portal as a signed-in demo account; a refusal fails the setup. */
export async function call(
  client: PortalHttpClient,
  method: string,
  route: string,
  body?: unknown,
): Promise<any> {
  const answer = await client.api(method, route, { body });
  if (answer.status >= 300) {
    throw new Error(`${method} ${route}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/** A moment some days from now (negative: ago) at an hour, as an ISO instant the API takes. */
export function inDays(days: number, hour: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
}

/** The seed programme (7.2.3 and 9.1.6), imported by the administrator. */
export async function importSeedProgramme(admin: PortalHttpClient): Promise<void> {
  await call(admin, 'PUT', `/api/reporting/programmes/${PROGRAMME}`, parse(readFileSync(SEED, 'utf8')));
}

/** A published democracy game under action 1 of 7.2.3, planned at € 450; `extra` adds or overrides fields. */
export async function planDemocracyGame(
  organiser: PortalHttpClient,
  title: string,
  startsAt: string,
  endsAt: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const created = await call(organiser, 'POST', '/api/activities/activities', {
    type: 'democracy-game',
    title: { nl: title },
    prestatieCode: '7.2.3',
    actionNumber: 1,
    locationCategory: 'regular',
    startsAt,
    endsAt,
    plannedCostCents: 450_00,
    publish: true,
    ...extra,
  });
  return created.id as string;
}

/** Held `daysAgo` days ago: a planned game put on its past date (a move into the past needs a reason), then held. */
export async function holdInThePast(organiser: PortalHttpClient, id: string, daysAgo: number): Promise<void> {
  await call(organiser, 'POST', `/api/activities/activities/${id}/reschedulings`, {
    startsAt: inDays(-daysAgo, 9),
    endsAt: inDays(-daysAgo, 11),
    reason: 'Browsertest: op de gehouden datum gezet',
  });
  await call(organiser, 'POST', `/api/activities/activities/${id}/held-confirmation`);
}

/** Reporting learns of the activities from their events: waits until its 2026 report of 7.2.3 counts `held` games. */
export async function waitForHeldDemocracyGames(reporter: PortalHttpClient, held: number): Promise<void> {
  await waitFor(
    () =>
      call(
        reporter,
        'GET',
        `/api/reporting/programmes/${PROGRAMME}/reports/2026/prestaties/7.2.3?format=json`,
      ),
    (report) =>
      report.prestaties[0].indicators.find((found: { key: string }) => found.key === 'democracy-games')
        ?.actual === held,
    { timeoutMs: 60_000, intervalMs: 250, what: `${held} held democracy games in the report` },
  );
}
