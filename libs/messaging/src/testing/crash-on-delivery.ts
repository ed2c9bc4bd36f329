/**
 * A consumer process whose handler kills it on every delivery (SIGKILL: no nak, no dead letter,
 * no clean-up), for the test that shows such a message still reaches the dead-letter subject.
 * Run by jetstream.transport.int-spec.ts from the build (dist/), attached to the test's database
 * and namespace:  node crash-on-delivery.js <namespace> <database url> <ack wait ms> <max deliver>
 */
import 'reflect-metadata';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ActivityScheduledV1, type PayloadOf } from '@deelwijs/contracts';
import { OnEvent } from '../transport/on-event.decorator';
import { MessagingTestBed } from './messaging-test-bed';

@Controller()
class CrashingHandler {
  @OnEvent(ActivityScheduledV1)
  scheduled(@Payload() event: PayloadOf<typeof ActivityScheduledV1>): void {
    process.stdout.write(`handling ${event.activityId}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}

async function main(): Promise<void> {
  const [namespace, databaseUrl, ackWaitMs, maxDeliver] = process.argv.slice(2);
  const bed = MessagingTestBed.attach(namespace, databaseUrl);
  await bed.start({
    handlers: [CrashingHandler],
    consumer: { ackWaitMs: Number(ackWaitMs), maxDeliver: Number(maxDeliver), backoffMs: [50] },
  });
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
