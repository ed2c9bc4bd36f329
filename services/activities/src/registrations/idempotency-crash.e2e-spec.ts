import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { claimLockId } from '@deelwijs/platform';
import { staffToken, TestSystem, waitFor, type ServiceProcess } from '@deelwijs/testing';

const PARTNER = randomUUID();
const ITEMS = 200;

/**
 * A partner's keyed bulk registration cut off by a crash: activities is SIGKILLed while the
 * request is inside its transaction, and the partner's retry with the same Idempotency-Key
 * goes to the other instance. The dead attempt's claim went with its PostgreSQL session, so
 * the retry runs at once (not after a fixed window), and the registrations exist once.
 */
describe('a keyed bulk registration whose instance is SIGKILLed (two real processes)', () => {
  const system = new TestSystem('idem_crash');
  let databaseUrl: string;
  let first: ServiceProcess;
  let second: ServiceProcess;
  let db: Client;
  const partner = { authorization: `Bearer ${staffToken(['partner'], PARTNER)}` };

  beforeAll(async () => {
    databaseUrl = await system.database('activities');
    first = await system.start('activities', databaseUrl);
    second = await system.start('activities', databaseUrl);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  }, 90_000);

  afterAll(async () => {
    await db?.end();
    await system.cleanUp();
  }, 60_000);

  /** Sessions holding the key's advisory lock (a bigint lock shows as classid, objid = its high and low halves). */
  async function claimLocksHeld(key: string): Promise<number> {
    const result = await db.query(
      `SELECT count(*)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
      [claimLockId('staff:test-staff', key)],
    );
    return result.rows[0].n as number;
  }

  it('answers the retry within 10 s of the kill, with exactly one registration per item', async () => {
    const created = await first.request('POST', '/v1/activities', {
      roles: ['organiser'],
      body: {
        type: 'democracy-game',
        title: { nl: 'Democratiespel Deventer' },
        prestatieCode: '7.2.3',
        partnerOrganisationIds: [PARTNER],
        startsAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 14 * 86_400_000 + 7_200_000).toISOString(),
        capacity: 1_000,
        publish: true,
      },
    });
    expect(created.status).toBe(201);
    const activityId = created.body.id as string;
    const key = `bulk-${randomUUID()}`;
    const body = {
      items: Array.from({ length: ITEMS }, (_, index) => ({
        activityId,
        kind: 'individual',
        contactName: `Deelnemer ${index}`,
        contactEmail: `deelnemer-${index}@school.example`,
        externalReference: `crash-${index}`,
      })),
    };
    const send = (to: ServiceProcess) =>
      fetch(`${to.url}/v1/registrations/bulk`, {
        method: 'POST',
        headers: { ...partner, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });

    // The activity's row lock keeps the first attempt inside its transaction, past its claim.
    await db.query('BEGIN');
    await db.query('SELECT 1 FROM activities WHERE id = $1 FOR UPDATE', [activityId]);
    const cutOff = send(first).then(
      (response) => response.status,
      () => 'connection lost' as const,
    );
    await waitFor(
      () => db.query(`SELECT state FROM idempotency_keys WHERE key = $1`, [key]).then((result) => result.rows),
      (rows) => rows.length === 1 && rows[0].state === 'in-flight',
      { what: 'the first attempt to claim its key' },
    );
    const busy = await send(second);
    expect(busy.status).toBe(409);
    expect(await claimLocksHeld(key)).toBe(1);

    await first.kill('SIGKILL');
    const killedAt = Date.now();
    await db.query('ROLLBACK');
    expect(await cutOff).toBe('connection lost');
    // The first instance's session, and with it the key's lock, is gone (this is what the
    // retry's own pg_try_advisory_lock sees): the retry is then answered at once.
    await waitFor(() => claimLocksHeld(key), (held) => held === 0, {
      timeoutMs: 10_000,
      what: "the killed instance's claim lock to go",
    });
    const retried = await send(second);
    const answeredAfterMs = Date.now() - killedAt;
    const answer = (await retried.json()) as { summary: Record<string, number> };
    expect(retried.status).toBe(200);
    expect(answer.summary).toEqual({ accepted: ITEMS, waitlisted: 0, duplicate: 0, rejected: 0 });
    expect(answeredAfterMs).toBeLessThan(10_000);
    process.stdout.write(`retry answered ${answeredAfterMs} ms after the SIGKILL\n`);

    const stored = await db.query(`SELECT count(*)::int AS n FROM registrations WHERE activity_id = $1`, [activityId]);
    expect(stored.rows[0].n).toBe(ITEMS);
    const accepted = await db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE subject = 'activities.registration.accepted.v1' AND envelope->'payload'->>'activityId' = $1`,
      [activityId],
    );
    expect(accepted.rows[0].n).toBe(ITEMS);

    // The restarted instance answers a further retry with the stored answer: still one effect.
    await first.start();
    const again = await send(first);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(answer);
    const still = await db.query(`SELECT count(*)::int AS n FROM registrations WHERE activity_id = $1`, [activityId]);
    expect(still.rows[0].n).toBe(ITEMS);
  }, 90_000);
});
