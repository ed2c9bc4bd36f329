import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DataSource, EntityManager } from 'typeorm';
import { EventEnvelopeSchema, EventNamespace, type EventEnvelope, type StreamName } from '@deelwijs/contracts';
import type { EventHandler } from '@deelwijs/messaging';
import { IndicatorActualsRepository } from '../../indicators/indicator-actuals.repository';
import { ProgrammeRepository } from '../../programmes/programme.repository';
import { dateRange } from '../../reports/periods';
import { PROJECTION_HANDLERS } from '../projection-handlers';
import { ProjectionRepository } from '../projection.repository';
import { Projector } from '../projector.service';
import { RebuildRepository, type TableComparison } from './rebuild.repository';

export type { TableComparison } from './rebuild.repository';

export interface IndicatorComparison {
  programme: string;
  prestatie: string;
  indicator: string;
  live: number;
  rebuilt: number;
}

export interface RebuildResult {
  schema: string;
  events: { read: number; applied: number; skipped: number };
  tables: TableComparison[];
  indicators: IndicatorComparison[];
  equal: boolean;
  durationMs: number;
}

const BATCH = 500;

/** What the replay applies, by subject: the live consumers' handler table, no other. */
export const REPLAY_HANDLERS: ReadonlyMap<string, EventHandler<Projector>> = new Map(
  PROJECTION_HANDLERS.map((handler) => [handler.contract.subject, handler]),
);

/**
 * Replays the streams the projection follows from their first message into fresh copies of the
 * projection tables (in a schema of their own), through the same Projector the live consumers
 * use, then compares tables row by row and every indicator's figure with the live ones.
 *
 * Events that change while it runs make the comparison differ; run it when traffic is quiet, or
 * again. The live tables are never touched.
 */
export class ProjectionRebuild {
  constructor(
    private readonly dataSource: DataSource,
    private readonly nc: NatsConnection,
    private readonly namespace: EventNamespace,
    private readonly projector: Projector,
    private readonly actuals: IndicatorActualsRepository,
    private readonly programmes: ProgrammeRepository,
    private readonly tables: RebuildRepository,
  ) {}

  /** A rebuild over the service's database and the streams of its event namespace. */
  static over(dataSource: DataSource, nc: NatsConnection, namespace: EventNamespace): ProjectionRebuild {
    return new ProjectionRebuild(
      dataSource,
      nc,
      namespace,
      new Projector(new ProjectionRepository(dataSource)),
      new IndicatorActualsRepository(dataSource),
      new ProgrammeRepository(dataSource),
      new RebuildRepository(dataSource),
    );
  }

  async run(options: { keep?: boolean; now?: Date; progress?: (line: string) => void } = {}): Promise<RebuildResult> {
    const started = Date.now();
    const schema = `rebuild_${Date.now().toString(36)}`;
    await this.tables.createSchema(schema);
    try {
      const events = await this.replay(schema, options.progress);
      const tables = await this.tables.compareTables(schema);
      const indicators = await this.compareIndicators(schema, options.now ?? new Date());
      const equal =
        tables.every((table) => table.onlyLive === 0 && table.onlyRebuilt === 0) &&
        indicators.every((indicator) => indicator.live === indicator.rebuilt);
      return { schema, events, tables, indicators, equal, durationMs: Date.now() - started };
    } finally {
      if (!options.keep) {
        await this.tables.dropSchema(schema);
      }
    }
  }

  private async replay(schema: string, progress?: (line: string) => void): Promise<RebuildResult['events']> {
    const streams = new Set<StreamName>([...REPLAY_HANDLERS.values()].map((handler) => handler.contract.stream));
    const js = jetstream(this.nc);
    const jsm = await jetstreamManager(this.nc);
    // The live consumers apply each event id once (the inbox); so does the replay.
    const seen = new Set<string>();
    const counts = { read: 0, applied: 0, skipped: 0 };
    for (const stream of streams) {
      const name = this.namespace.stream(stream);
      const info = await jsm.streams.info(name);
      if (info.state.messages === 0) {
        continue;
      }
      // An ordered consumer: ephemeral, in stream order, gone when the replay is done.
      const consumer = await js.consumers.get(name);
      let batch: JsMsg[] = [];
      const flush = async () => {
        const messages = batch;
        batch = [];
        await this.dataSource.transaction(async (tx) => {
          await this.tables.useSchema(tx, schema);
          for (const message of messages) {
            const envelope = this.decode(message);
            if (!envelope || seen.has(envelope.eventId)) {
              counts.skipped += 1;
              continue;
            }
            seen.add(envelope.eventId);
            await REPLAY_HANDLERS.get(envelope.subject)!.apply(this.projector, tx, envelope.payload, envelope);
            counts.applied += 1;
          }
        });
      };
      const messages = await consumer.consume({ max_messages: 1_000 });
      for await (const message of messages) {
        counts.read += 1;
        batch.push(message);
        const caughtUp = message.info.pending === 0;
        if (batch.length >= BATCH || caughtUp) {
          await flush();
          progress?.(`${name}: ${counts.read} read, ${message.info.pending} to go`);
        }
        if (caughtUp) {
          break;
        }
      }
      await messages.close();
    }
    return counts;
  }

  /** Checked as the live transport checks it; what it would dead-letter is skipped here. */
  private decode(message: JsMsg): EventEnvelope | undefined {
    let raw: unknown;
    try {
      raw = message.json();
    } catch {
      return undefined;
    }
    const envelope = EventEnvelopeSchema.safeParse(raw);
    const handler = envelope.success ? REPLAY_HANDLERS.get(envelope.data.subject) : undefined;
    if (!envelope.success || !handler || this.namespace.contractSubject(message.subject) !== envelope.data.subject) {
      return undefined;
    }
    const payload = handler.contract.schema.safeParse(envelope.data.payload);
    return payload.success ? { ...envelope.data, payload: payload.data } : undefined;
  }

  /** Every indicator of every programme, as of now (or its programme's end), live and rebuilt. */
  private async compareIndicators(schema: string, now: Date): Promise<IndicatorComparison[]> {
    const result: IndicatorComparison[] = [];
    for (const { definition: programme } of await this.programmes.list()) {
      const asOf = new Date(Math.min(now.getTime(), dateRange(programme.period).end.getTime()));
      const live = await this.actuals.compute(programme, asOf);
      const rebuilt = await this.dataSource.transaction(async (tx: EntityManager) => {
        await this.tables.useSchema(tx, schema);
        return this.actuals.compute(programme, asOf, tx);
      });
      live.indicators.forEach((indicator, index) =>
        result.push({
          programme: programme.code,
          prestatie: indicator.prestatieCode,
          indicator: indicator.key,
          live: indicator.actual,
          rebuilt: rebuilt.indicators[index].actual,
        }),
      );
      live.budgets.forEach((budget, index) =>
        result.push({
          programme: programme.code,
          prestatie: budget.prestatieCode,
          indicator: 'budget:spent-cents',
          live: budget.spentCents,
          rebuilt: rebuilt.budgets[index].spentCents,
        }),
      );
    }
    return result;
  }
}
