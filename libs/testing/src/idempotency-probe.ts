import { DataSource } from 'typeorm';
import { waitFor } from './infrastructure';
import type { InjectedRequest, InjectedResponse } from './in-process-service';

/** What the probe needs of a service in the test's process (InProcessService, or a service's own harness). */
export interface ProbedService {
  readonly dataSource: DataSource;
  request(method: 'POST' | 'PUT' | 'PATCH', url: string, options?: InjectedRequest): Promise<InjectedResponse>;
}

export interface IdempotencyProbe<R> {
  method: 'POST' | 'PUT' | 'PATCH';
  url: string;
  /** The request (credentials, body); the probe adds the key. */
  request: InjectedRequest;
  /** The same route with another body. */
  otherRequest: InjectedRequest;
  /**
   * The table the request writes to: the probe holds `LOCK TABLE ... IN SHARE MODE` in a
   * transaction of its own, so that the first request waits inside its work, in flight,
   * until the probe lets it go.
   */
  writes: string;
  /** What the request changed, read back through the service's API or tables. */
  readBack: () => Promise<R>;
}

export interface IdempotencyProbeResult<R> {
  /** A repeat while the first request waits inside its work. */
  whileInFlight: InjectedResponse;
  first: InjectedResponse;
  afterFirst: R;
  repeat: InjectedResponse;
  afterRepeat: R;
  otherBody: InjectedResponse;
  afterOtherBody: R;
}

/**
 * Sends a state-changing request with an Idempotency-Key the way a client retrying after a
 * timeout would: once more while the first is still in flight, again after it answered, and
 * then with another body under the same key; and reads back what changed after each. The
 * test asserts on what it returns.
 */
export async function probeIdempotency<R>(
  service: ProbedService,
  probe: IdempotencyProbe<R>,
): Promise<IdempotencyProbeResult<R>> {
  const key = `probe-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const withKey = (request: InjectedRequest): InjectedRequest => ({
    ...request,
    headers: { ...request.headers, 'idempotency-key': key },
  });
  const holder = service.dataSource.createQueryRunner();
  await holder.connect();
  let firstAnswer: Promise<InjectedResponse> | undefined;
  try {
    await holder.startTransaction();
    await holder.query(`LOCK TABLE ${probe.writes} IN SHARE MODE`);
    firstAnswer = service.request(probe.method, probe.url, withKey(probe.request));
    // Claimed (the claim commits before the work starts), then waiting for the table.
    await waitFor(
      () => service.dataSource.query(`SELECT state FROM idempotency_keys WHERE key = $1`, [key]) as Promise<unknown[]>,
      (rows) => rows.length === 1,
      { what: 'the first request to claim its key' },
    );
    const whileInFlight = await service.request(probe.method, probe.url, withKey(probe.request));
    await holder.commitTransaction();
    const first = await firstAnswer;
    const afterFirst = await probe.readBack();
    const repeat = await service.request(probe.method, probe.url, withKey(probe.request));
    const afterRepeat = await probe.readBack();
    const otherBody = await service.request(probe.method, probe.url, withKey(probe.otherRequest));
    const afterOtherBody = await probe.readBack();
    return { whileInFlight, first, afterFirst, repeat, afterRepeat, otherBody, afterOtherBody };
  } finally {
    if (holder.isTransactionActive) {
      await holder.rollbackTransaction();
    }
    await holder.release();
    await firstAnswer?.catch(() => undefined);
  }
}
