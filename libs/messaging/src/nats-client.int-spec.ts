import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DEAD_LETTER_STREAM, EventNamespace, STREAMS } from '@deelwijs/contracts';
import { deleteNamespaceStreams, TEST_NATS, uniqueName } from '@deelwijs/testing';
import { provisionStreams } from './nats-client';

const SECOND_NS = 1_000_000_000;
const ALL_STREAMS = [...Object.values(STREAMS), DEAD_LETTER_STREAM];

describe('stream provisioning (real NATS)', () => {
  let connections: NatsConnection[] = [];
  let ns: EventNamespace;

  /** A connection of its own per instance, as each service process has. */
  async function manager(): Promise<JetStreamManager> {
    const connection = await connect({ servers: TEST_NATS });
    connections.push(connection);
    return jetstreamManager(connection);
  }

  beforeEach(() => {
    ns = new EventNamespace(uniqueName('streams'));
  });

  afterEach(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    connections = [];
    await deleteNamespaceStreams(ns.prefix);
  });

  it('creates every stream of the namespace, kept without limits, with a two-minute duplicate window', async () => {
    const jsm = await manager();
    await provisionStreams(jsm, ns, 1);

    for (const name of ALL_STREAMS) {
      const { config } = await jsm.streams.info(ns.stream(name));
      expect(config).toMatchObject({
        name: ns.stream(name),
        subjects: ns.streamSubjects(name),
        storage: 'file',
        retention: 'limits',
        discard: 'old',
        max_age: 0,
        max_msgs: -1,
        max_bytes: -1,
        duplicate_window: 120 * SECOND_NS,
        num_replicas: 1,
      });
    }
  });

  it('is idempotent, also when instances start at once, and leaves what the streams hold', async () => {
    const first = await manager();
    await provisionStreams(first, ns, 1);
    const js = jetstream(connections[0]);
    await js.publish(ns.subject('activities.activity.scheduled.v1'), '{}', { msgID: 'kept' });
    const before = await first.streams.info(ns.stream(STREAMS.ACTIVITIES));

    const others = await Promise.all([manager(), manager(), manager()]);
    await Promise.all(others.map((jsm) => provisionStreams(jsm, ns, 1)));
    await provisionStreams(first, ns, 1);

    const after = await first.streams.info(ns.stream(STREAMS.ACTIVITIES));
    expect(after.created).toBe(before.created);
    expect(after.state.messages).toBe(1);
    const names: string[] = [];
    for await (const name of first.streams.names()) {
      if (name.startsWith(`${ns.prefix}_`)) {
        names.push(name);
      }
    }
    expect(names.sort()).toEqual(ALL_STREAMS.map((name) => ns.stream(name)).sort());
  });

  it('brings a stream whose settings drifted back to the contract, keeping its messages', async () => {
    const jsm = await manager();
    await provisionStreams(jsm, ns, 1);
    const js = jetstream(connections[0]);
    await js.publish(ns.subject('activities.activity.scheduled.v1'), '{}', { msgID: 'kept' });
    const stream = ns.stream(STREAMS.ACTIVITIES);
    const drifted = (await jsm.streams.info(stream)).config;
    await jsm.streams.update(stream, { ...drifted, duplicate_window: 5 * SECOND_NS });

    await provisionStreams(jsm, ns, 1);
    const info = await jsm.streams.info(stream);
    expect(info.config.duplicate_window).toBe(120 * SECOND_NS);
    expect(info.state.messages).toBe(1);
  });
});
