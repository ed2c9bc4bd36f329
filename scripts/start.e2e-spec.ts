import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import {
  createTestDatabase,
  deleteNamespaceQueues,
  deleteNamespaceStreams,
  freePort,
  repositoryRoot,
  TEST_IDENTITY_PUBLIC_KEY,
  TEST_IDENTITY_SIGNING_KEY,
  TEST_JWT_SECRET,
  TEST_NATS,
  TEST_POSTGRES,
  TEST_REDIS,
  uniqueName,
  waitFor,
} from '@deelwijs/testing';

const SERVICES = ['activities', 'knowledge', 'reporting'] as const;
type Service = (typeof SERVICES)[number];

/** The processes of this run, found by the namespace in their environment: `npm start`'s own and each service's. */
function processesOf(namespace: string): Array<{ pid: number; command: string }> {
  const found: Array<{ pid: number; command: string }> = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (environ.includes(`EVENTS_NAMESPACE=${namespace}`)) {
        found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim() });
      }
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

function servicePid(namespace: string, service: Service): number | undefined {
  return processesOf(namespace).find((candidate) => candidate.command.includes(`dist/services/${service}/src/main.js`))?.pid;
}

/**
 * The real `npm start` (scripts/start.js and its supervisor) on databases, ports and a namespace
 * of its own: one service SIGKILLed comes back while the other two keep answering; Ctrl-C (SIGINT
 * to npm start's process group, as a terminal sends it) stops everything, leaving no process behind.
 */
describe('npm start supervises the services', () => {
  const namespace = uniqueName('npmstart');
  const databases: Array<Awaited<ReturnType<typeof createTestDatabase>>> = [];
  const ports = {} as Record<Service, number>;
  let npm: ChildProcess;
  let output = '';

  const ready = async (service: Service): Promise<number> =>
    (await fetch(`http://127.0.0.1:${ports[service]}/health/ready`).catch(() => undefined))?.status ?? 0;

  beforeAll(async () => {
    const env: Record<string, string> = {
      DATABASE_SERVER_URL: TEST_POSTGRES,
      NATS_URL: TEST_NATS,
      REDIS_URL: TEST_REDIS,
      EVENTS_NAMESPACE: namespace,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      IDENTITY_SIGNING_PUBLIC_KEY: TEST_IDENTITY_PUBLIC_KEY,
      IDENTITY_SIGNING_KEY: TEST_IDENTITY_SIGNING_KEY,
      LOG_LEVEL: 'warn',
    };
    for (const service of SERVICES) {
      const database = await createTestDatabase(service);
      databases.push(database);
      ports[service] = await freePort();
      env[`${service.toUpperCase()}_DATABASE_URL`] = database.url;
      env[`${service.toUpperCase()}_PORT`] = String(ports[service]);
    }
    // Its own process group, so that the test can send SIGINT to the group as Ctrl-C does.
    npm = spawn('npm', ['start'], { cwd: repositoryRoot(), detached: true, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // npm start builds and migrates first: minutes on a busy machine.
    for (const service of SERVICES) {
      await waitFor(() => ready(service), (status) => status === 200, { timeoutMs: 300_000, intervalMs: 500, what: `${service} under npm start` }).catch(
        (error: Error) => {
          throw new Error(`${error.message}\n${output.slice(-4000)}`);
        },
      );
    }
  }, 360_000);

  afterAll(async () => {
    for (const { pid } of processesOf(namespace)) {
      process.kill(pid, 'SIGKILL');
    }
    await deleteNamespaceStreams(namespace);
    await deleteNamespaceQueues(namespace);
    await Promise.all(databases.map((database) => database.drop()));
  }, 60_000);

  it('says where each service is, on the ports it was given', () => {
    for (const service of SERVICES) {
      expect(output).toContain(`${service} http://localhost:${ports[service]}`);
    }
  });

  it('restarts a SIGKILLed service while the other two keep answering /health/ready', async () => {
    const others = ['activities', 'knowledge'] as const;
    const before = Object.fromEntries(SERVICES.map((service) => [service, servicePid(namespace, service)]));
    expect(Object.values(before).every((pid) => pid !== undefined)).toBe(true);

    process.kill(before.reporting!, 'SIGKILL');
    const answers: Record<string, number[]> = { activities: [], knowledge: [], reporting: [] };
    const deadline = Date.now() + 120_000;
    // Until reporting answers again: the others are asked all along.
    for (;;) {
      const [activities, knowledge, reporting] = await Promise.all(SERVICES.map((service) => ready(service)));
      answers.activities.push(activities);
      answers.knowledge.push(knowledge);
      answers.reporting.push(reporting);
      if (reporting === 200 && answers.reporting.some((status) => status !== 200)) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(`reporting did not come back within two minutes:\n${output.slice(-4000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    expect(answers.reporting[0]).not.toBe(200);
    for (const service of others) {
      expect({ service, answers: answers[service].filter((status) => status !== 200) }).toEqual({ service, answers: [] });
      expect(servicePid(namespace, service)).toBe(before[service]);
    }
    expect(servicePid(namespace, 'reporting')).not.toBe(before.reporting);
    await waitFor(async () => output, (text) => text.includes('reporting is back'), { what: '"reporting is back"' });
    expect(output).toContain('reporting stopped (SIGKILL); restarting in 0.5 s');
    expect(output).not.toMatch(/(activities|knowledge) stopped/);
  }, 150_000);

  it('stops every service on Ctrl-C and leaves no process behind', async () => {
    expect(processesOf(namespace).length).toBeGreaterThanOrEqual(4);
    const exited = once(npm, 'exit');

    process.kill(-npm.pid!, 'SIGINT');
    await exited;

    await waitFor(async () => processesOf(namespace), (left) => left.length === 0, { timeoutMs: 30_000, intervalMs: 200, what: 'no process left' });
    expect(output).toMatch(/SIGINT: stopping activities, knowledge, reporting/);
    // Stopped, not restarted.
    expect(output.slice(output.indexOf('SIGINT: stopping'))).not.toContain('restarting in');
  }, 60_000);
});
