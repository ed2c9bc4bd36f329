import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status this receiver answered with. */
  status: number;
  receivedAt: Date;
}

/**
 * A real HTTP server for tests, on a free port, that records every request. By default it
 * answers 200; `failNext(n, path)` makes the next n requests to a path fail, to test retries.
 */
export class WebhookReceiver {
  readonly requests: ReceivedWebhook[] = [];
  private server?: Server;
  private readonly failures = new Map<string, number[]>();
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '';
        const status = this.failures.get(path)?.shift() ?? 200;
        this.requests.push({
          method: request.method ?? '',
          path,
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          status,
          receivedAt: new Date(),
        });
        response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'failed');
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /**
   * A reporting service's settings to deliver here: plain http, and this receiver's address
   * allow-listed, since webhooks reach only public addresses otherwise.
   */
  env(): Record<string, string> {
    return { DELIVERY_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The next `count` requests to the path are answered with `status` (500 unless given). */
  failNext(count: number, path = '/hook', status = 500): void {
    this.failures.set(path, [...(this.failures.get(path) ?? []), ...Array.from({ length: count }, () => status)]);
  }

  /** Requests to a path that this receiver accepted (answered 2xx). */
  accepted(path = '/hook'): ReceivedWebhook[] {
    return this.requests.filter((request) => request.path === path && request.status < 300);
  }

  async stop(): Promise<void> {
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    }
  }
}
