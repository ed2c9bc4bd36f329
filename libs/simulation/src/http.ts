export interface HttpAnswer {
  status: number;
  body: any;
  text: string;
}

/**
 * A small JSON client for the services' public APIs. Connection failures are retried with the
 * same request (and the same Idempotency-Key, when there is one) up to a deadline: a busy
 * machine may refuse a connection for a moment, and the retry must not register anyone twice.
 */
export class HttpClient {
  /**
   * `retryDeadlineMs` (the fault suite) also retries answers that mean "not now": a 5xx (the
   * service lost its database or is starting) and, for a request with an Idempotency-Key, the
   * 409 of a key whose first attempt is still marked in flight (it died with a crashed process);
   * the same request with the same key, so nothing is applied twice.
   */
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 30_000,
    private readonly retryDeadlineMs?: number,
  ) {}

  async send(
    method: string,
    route: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<HttpAnswer> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token) {
      headers.authorization = `Bearer ${options.token}`;
    }
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const deadline = Date.now() + (this.retryDeadlineMs ?? this.timeoutMs);
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch(`${this.baseUrl}${route}`, {
          method,
          headers,
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        const text = await response.text();
        const json = /json/.test(response.headers.get('content-type') ?? '') && text.length > 0;
        const answer = { status: response.status, body: json ? JSON.parse(text) : text, text };
        if (this.retryDeadlineMs !== undefined && this.notNow(answer, headers) && Date.now() + 250 * attempt < deadline) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(250 * attempt, 2_000)));
          continue;
        }
        return answer;
      } catch (error) {
        // Only a request that never got an answer is retried; every answer is the caller's to judge.
        if (Date.now() + 200 * attempt > deadline) {
          throw new Error(`${method} ${this.baseUrl}${route} failed: ${(error as Error).message}`);
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(200 * attempt, 2_000)));
      }
    }
  }

  private notNow(answer: HttpAnswer, headers: Record<string, string>): boolean {
    return (
      answer.status >= 500 ||
      (answer.status === 409 &&
        headers['idempotency-key'] !== undefined &&
        /still being processed|just failed/.test(answer.text))
    );
  }

  /** Sends and insists on one of the expected statuses, naming the request and the answer otherwise. */
  async expect(
    expected: number | number[],
    method: string,
    route: string,
    options: Parameters<HttpClient['send']>[2] = {},
  ): Promise<any> {
    const answer = await this.send(method, route, options);
    const allowed = Array.isArray(expected) ? expected : [expected];
    if (!allowed.includes(answer.status)) {
      throw new Error(
        `${method} ${route} answered ${answer.status} (expected ${allowed.join(' or ')}): ${answer.text.slice(0, 600)}`,
      );
    }
    return answer.body;
  }
}

/** Runs `work` over the items with at most `limit` in flight; the first failure fails the whole. */
export async function inPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        await work(items[index], index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  await Promise.all(workers);
}
