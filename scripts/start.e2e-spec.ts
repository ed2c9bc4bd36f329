import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

/** The lines of the closing block, from its rule to the end. */
function closingBlock(output: string): string {
  return output.slice(output.lastIndexOf('──────── Deelwijs runs'));
}

/**
 * The real `npm start -- --demo` (scripts/start.js and its supervisor) on databases, ports and a
 * namespace of its own, as a new user runs it: a short output ending with the addresses, the
 * demo's mails on the mail page, the API documentation on every service; one service SIGKILLed
 * comes back while the other two keep answering; Ctrl-C (SIGINT to npm start's process group, as
 * a terminal sends it) stops everything, leaving no process behind.
 */
describe('npm start supervises the services', () => {
  const namespace = uniqueName('npmstart');
  const databases: Array<Awaited<ReturnType<typeof createTestDatabase>>> = [];
  const ports = {} as Record<Service, number>;
  const extraPorts = { PORTAL_PORT: 0, IDENTITY_PROVIDER_PORT: 0, MAIL_CATCHER_PORT: 0, MAIL_CATCHER_SMTP_PORT: 0 };
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
    };
    // No SMTP_HOST: npm start runs its mail catcher.
    delete process.env.SMTP_HOST;
    for (const name of Object.keys(extraPorts) as Array<keyof typeof extraPorts>) {
      extraPorts[name] = await freePort();
      env[name] = String(extraPorts[name]);
    }
    for (const service of SERVICES) {
      const database = await createTestDatabase(service);
      databases.push(database);
      ports[service] = await freePort();
      env[`${service.toUpperCase()}_DATABASE_URL`] = database.url;
      env[`${service.toUpperCase()}_PORT`] = String(ports[service]);
    }
    // Its own process group, so that the test can send SIGINT to the group as Ctrl-C does.
    npm = spawn('npm', ['start', '--', '--demo'], { cwd: repositoryRoot(), detached: true, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
    // The demo year, then the closing block.
    await waitFor(async () => output, (text) => text.includes('──────── Deelwijs runs'), {
      timeoutMs: 300_000,
      intervalMs: 500,
      what: 'the closing block',
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${output.slice(-4000)}`);
    });
  }, 660_000);

  afterAll(async () => {
    // What a person would have seen, for whoever looks into a failure.
    mkdirSync(path.join(repositoryRoot(), 'dist', 'e2e'), { recursive: true });
    writeFileSync(path.join(repositoryRoot(), 'dist', 'e2e', 'npm-start-demo.log'), output);
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

  it('prints under 150 lines for the whole demo, no mail warning, and ends with the addresses and the demo accounts', () => {
    const lines = output.split('\n').filter((line) => line.trim() !== '');
    // The whole output is in dist/e2e/npm-start-demo.log.
    expect(lines.length).toBeLessThan(150);
    expect(output).not.toMatch(/SMTP server .* cannot be reached|interrupted attempt|"level":"(warn|error|fatal)"/);
    expect(output).not.toContain('===== Ground truth');
    const block = closingBlock(output);
    expect(block).toContain(`Portal: http://localhost:${extraPorts.PORTAL_PORT}`);
    for (const service of SERVICES) {
      expect(block).toContain(`http://localhost:${ports[service]}/v1/docs`);
    }
    expect(block).toContain(`http://localhost:${extraPorts.MAIL_CATCHER_PORT}`);
    for (const account of ['organisator', 'partner', 'rapporteur', 'goedkeurder', 'beheerder']) {
      expect(block).toContain(account);
    }
    // Every process's lines carry its name.
    expect(output).toMatch(/^activities +\| /m);
  });

  it('shows the mails the demo sent on the mail page', async () => {
    const page = `http://127.0.0.1:${extraPorts.MAIL_CATCHER_PORT}`;
    const caught = await waitFor(
      async () => (await (await fetch(`${page}/mails.json`)).json()) as { received: number; mails: Array<{ number: number; subject: string; to: string[] }> },
      (answer) => answer.received > 0,
      { what: 'caught mail' },
    );
    const list = await fetch(`${page}/`);
    expect(list.headers.get('content-type')).toContain('text/html');
    const html = await list.text();
    const newest = caught.mails[caught.mails.length - 1];
    expect(html).toContain(`href="/mails/${newest.number}"`);
    const one = await fetch(`${page}/mails/${newest.number}`);
    expect(one.status).toBe(200);
    expect(await one.text()).toContain(newest.to[0]);
  });

  it('serves Swagger UI at /v1/docs on every service, its files from the service itself, over the service\'s own document', async () => {
    for (const service of SERVICES) {
      const base = `http://127.0.0.1:${ports[service]}/v1/docs`;
      const page = await fetch(base);
      expect({ service, status: page.status, type: page.headers.get('content-type') }).toEqual({
        service,
        status: 200,
        type: 'text/html; charset=utf-8',
      });
      const html = await page.text();
      const files = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => new URL(match[1], base).toString());
      expect(files.length).toBeGreaterThanOrEqual(4);
      for (const file of files) {
        expect(new URL(file).host).toBe(`127.0.0.1:${ports[service]}`);
        const asset = await fetch(file);
        expect({ file, status: asset.status }).toEqual({ file, status: 200 });
        expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(0);
      }
      const init = await (await fetch(`${base}/init.js`)).text();
      const documentUrl = new URL(/url: '([^']+)'/.exec(init)![1], base);
      const document = (await (await fetch(documentUrl)).json()) as { components: { securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }> }; paths: Record<string, Record<string, { security?: Array<Record<string, string[]>> }>> };
      expect(document.components.securitySchemes).toMatchObject({
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        bearer: { type: 'http', scheme: 'bearer' },
      });
      // "Try it out" can authorise only with a scheme the document defines.
      const used = new Set(Object.values(document.paths).flatMap((operations) => Object.values(operations).flatMap((operation) => (operation.security ?? []).flatMap((requirement) => Object.keys(requirement)))));
      expect({ service, undefinedSchemes: [...used].filter((name) => !(name in document.components.securitySchemes)) }).toEqual({ service, undefinedSchemes: [] });
      expect(used.has('bearer')).toBe(true);
    }
  });

  it('answers Prometheus at /metrics on every service and the portal', async () => {
    for (const [name, port] of [...SERVICES.map((service) => [service, ports[service]] as const), ['portal', extraPorts.PORTAL_PORT] as const]) {
      const answer = await fetch(`http://127.0.0.1:${port}/metrics`);
      const text = await answer.text();
      expect({ name, status: answer.status }).toEqual({ name, status: 200 });
      expect({ name, http: /^deelwijs_http_request_duration_seconds_count\{/m.test(text) }).toEqual({ name, http: true });
      if (name !== 'portal') {
        expect({ name, outbox: /^deelwijs_outbox_backlog \d+$/m.test(text), consumers: /^deelwijs_consumer_pending\{/m.test(text) }).toEqual({
          name,
          outbox: true,
          consumers: true,
        });
      }
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
    expect(output).toMatch(/SIGINT: stopping mail-catcher, activities, knowledge, reporting/);
    // Stopped, not restarted.
    expect(output.slice(output.indexOf('SIGINT: stopping'))).not.toContain('restarting in');
  }, 60_000);
});
