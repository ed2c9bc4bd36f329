import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { flushTracing } from '@deelwijs/observability';

/** Sends the spans still buffered when the process stops (a no-op without tracing). */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await flushTracing().catch(() => undefined);
  }
}
