import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { Job } from 'bullmq';
import { deleteNamespaceQueues, TEST_REDIS, uniqueName, waitFor } from '@deelwijs/testing';
import { RedisConnection } from '../health/redis.provider';
import { HandlesJob } from './job-handler.decorator';
import { JobRunner } from './job-runner';
import { Jobs, JOBS_OPTIONS } from './jobs';

@Injectable()
class GreetingJobs {
  readonly seen: Array<{ data: unknown; jobId?: string }> = [];

  @HandlesJob('greetings', 'greet')
  async greet(data: { to: string }, job: Job): Promise<string> {
    this.seen.push({ data, jobId: job.id });
    return `hallo ${data.to}`;
  }
}

@Injectable()
class SecondGreeter {
  @HandlesJob('greetings', 'greet')
  async greet(): Promise<void> {}
}

async function start(namespace: string, providers: Array<new (...args: never[]) => unknown>, init = true) {
  @Module({
    imports: [DiscoveryModule],
    providers: [
      { provide: RedisConnection, useFactory: () => new RedisConnection(TEST_REDIS) },
      { provide: JOBS_OPTIONS, useValue: { service: 'test', namespace, prefix: 'deelwijs' } },
      Jobs,
      JobRunner,
      ...providers,
    ],
  })
  class JobsTestModule {}
  const moduleRef = await Test.createTestingModule({ imports: [JobsTestModule] }).compile();
  // No HTTP here: the testing module itself is the application context.
  if (init) {
    await moduleRef.init();
  }
  return moduleRef;
}

describe('JobRunner (real Redis)', () => {
  const namespace = uniqueName('jobs');
  afterAll(() => deleteNamespaceQueues(namespace));

  it('runs a job by its name on the queue its handler names, once per job id', async () => {
    const app = await start(namespace, [GreetingJobs]);
    try {
      const jobs = app.get(Jobs);
      const handler = app.get(GreetingJobs);
      expect(jobs.queueName('greetings')).toBe(`${namespace}-test-greetings`);

      await jobs.add('greetings', 'greet', { to: 'Zwolle' }, { jobId: 'greet-zwolle' });
      await jobs.add('greetings', 'greet', { to: 'Zwolle' }, { jobId: 'greet-zwolle' });
      const job = await waitFor(
        () => jobs.queue('greetings').getJob('greet-zwolle'),
        (found) => found?.returnvalue === 'hallo Zwolle',
        { what: 'the job to complete' },
      );

      expect(job?.returnvalue).toBe('hallo Zwolle');
      expect(handler.seen).toEqual([{ data: { to: 'Zwolle' }, jobId: 'greet-zwolle' }]);
    } finally {
      await app.close();
    }
  });

  it('fails a job whose name has no handler, and keeps it among the failed jobs', async () => {
    const app = await start(namespace, [GreetingJobs]);
    try {
      const jobs = app.get(Jobs);
      await jobs.add('greetings', 'wave', {}, { jobId: 'wave-1', attempts: 1 });
      const job = await waitFor(
        () => jobs.queue('greetings').getJob('wave-1'),
        (found) => Boolean(found?.failedReason),
        { what: 'the job to fail' },
      );

      expect(job?.failedReason).toBe('No handler for job "wave" on queue "greetings"');
    } finally {
      await app.close();
    }
  });

  it('refuses to boot when two methods handle the same job', async () => {
    const app = await start(namespace, [GreetingJobs, SecondGreeter], false);
    try {
      expect(() => app.get(JobRunner).handlers()).toThrow('Job "greet" on queue "greetings" has two handlers');
    } finally {
      await app.close();
    }
  });
});
