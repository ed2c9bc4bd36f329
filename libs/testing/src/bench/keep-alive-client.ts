import { Agent, request, type ClientRequest } from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * A small keep-alive JSON client on node:http. Its connection pool is explicit (global fetch
 * would hide it), so an open-loop load is not throttled by too few sockets: when every socket
 * is busy, requests wait in the agent's queue and that wait counts in their latency.
 */
export class KeepAliveClient {
  private readonly agent: Agent;
  private readonly open = new Set<ClientRequest>();

  constructor(
    private readonly baseUrl: string,
    connections: number,
    private readonly timeoutMs = 15_000,
  ) {
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: connections,
      maxFreeSockets: connections,
      scheduling: 'fifo',
    });
  }

  post(route: string, body: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const url = new URL(route, this.baseUrl);
    return new Promise<HttpAnswer>((resolve, reject) => {
      const outgoing = request(
        {
          agent: this.agent,
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...headers,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', reject);
        },
      );
      this.open.add(outgoing);
      outgoing.on('close', () => this.open.delete(outgoing));
      // Counts from when a socket is assigned: time queued in the agent is not held against the server.
      outgoing.setTimeout(this.timeoutMs, () =>
        outgoing.destroy(new Error(`no answer within ${this.timeoutMs} ms`)),
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  /** Requests sent or queued and not yet answered. */
  get pending(): number {
    return this.open.size;
  }

  /** Fails every unanswered request (queued ones included) and closes the connections. */
  close(): void {
    for (const outgoing of this.open) {
      outgoing.destroy(new Error('abandoned: the benchmark stopped waiting for the answer'));
    }
    this.agent.destroy();
  }
}
