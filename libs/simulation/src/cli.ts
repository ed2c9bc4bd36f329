// `npm run simulate`: a year of the programme against the three services, checked against the
// simulator's own ground truth; exit status 0 when the report equals it, 1 when not, 2 on error.
//
//   node dist/libs/simulation/src/cli.js                 fresh databases and service processes of its own
//                                                        (unique namespace), removed afterwards
//   node dist/libs/simulation/src/cli.js --running       against services already running (npm start)
//   node dist/libs/simulation/src/cli.js --demo          --running at demo size, quietly (the
//                                                        ground-truth tables only with --verbose)
//
// Settings: SIM_SEED (2026), SIM_SCALE (1: ~140 activities, ~1,200 registrations; --demo 0.6),
// SIM_CONCURRENCY (4), SIM_TIMEOUT_S (120, the wait for reporting's projections), and with
// --running: SIM_ACTIVITIES_URL, SIM_KNOWLEDGE_URL, SIM_REPORTING_URL (localhost:3001-3003)
// and AUTH_JWT_SECRET (the services' signing secret).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signStaffToken, type Role } from '@deelwijs/identity';
import { repositoryRoot, seedProgrammeWithSharingTargets, TEST_JWT_SECRET, TestSystem } from '@deelwijs/testing';
import { simulateYear, type SimulationOptions } from './simulation';
import { printResult, SEED_PROGRAMME_PATH } from './summary';

const write = (text: string) => process.stdout.write(text);

async function main(): Promise<number> {
  const args = new Set(process.argv.slice(2));
  const demo = args.has('--demo');
  const running = demo || args.has('--running');
  const settings = {
    seed: integer('SIM_SEED', 2026),
    scale: Number(process.env.SIM_SCALE ?? (demo ? 0.6 : 1)),
    concurrency: integer('SIM_CONCURRENCY', 4),
    projectionTimeoutMs: integer('SIM_TIMEOUT_S', 120) * 1000,
    // The demo shows the seed programme as the pages define it; a checking run adds 9.1.6's two
    // extra figures so that every measure is checked against the ground truth.
    programmeYaml: demo
      ? readFileSync(path.join(repositoryRoot(), SEED_PROGRAMME_PATH), 'utf8')
      : seedProgrammeWithSharingTargets(),
  };
  if (!(settings.scale > 0)) {
    throw new Error('SIM_SCALE must be a positive number');
  }
  const log = (line: string) => write(`${line}\n`);
  if (running) {
    const secret = process.env.AUTH_JWT_SECRET;
    if (!secret) {
      throw new Error('--running needs AUTH_JWT_SECRET, the secret the services verify tokens with');
    }
    const result = await simulateYear({
      ...settings,
      urls: {
        activities: process.env.SIM_ACTIVITIES_URL ?? 'http://127.0.0.1:3001',
        knowledge: process.env.SIM_KNOWLEDGE_URL ?? 'http://127.0.0.1:3002',
        reporting: process.env.SIM_REPORTING_URL ?? 'http://127.0.0.1:3003',
      },
      sign: signer(secret),
      log,
      computeNetwork: demo,
    });
    printResult(result, write, { report: !demo, details: !demo || args.has('--verbose') });
    return result.ok ? 0 : 1;
  }
  const system = new TestSystem('simulation');
  const attachments = await mkdtemp(path.join(tmpdir(), 'deelwijs-simulation-'));
  const stop = () => {
    // Ctrl-C: remove what this run made before leaving.
    void system.cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  try {
    log(`Starting activities, knowledge and reporting on fresh databases (namespace ${system.namespace})...`);
    const [activities, knowledge, reporting] = await Promise.all([
      system.database('activities').then((url) => system.start('activities', url)),
      system
        .database('knowledge')
        .then((url) => system.start('knowledge', url, { ATTACHMENTS_DIR: attachments })),
      system.database('reporting').then((url) => system.start('reporting', url)),
    ]);
    const options: SimulationOptions = {
      ...settings,
      urls: { activities: activities.url, knowledge: knowledge.url, reporting: reporting.url },
      sign: signer(TEST_JWT_SECRET),
      expectEmpty: true,
      log,
    };
    const result = await simulateYear(options);
    printResult(result, write);
    return result.ok ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', stop);
    await system.cleanUp();
    await rm(attachments, { recursive: true, force: true });
  }
}

function signer(secret: string): SimulationOptions['sign'] {
  return (subject, roles, organisationId) =>
    signStaffToken(secret, { subject, roles: roles as Role[], organisationId });
}

function integer(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') {
    return fallback;
  }
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) {
    throw new Error(`${name} must be a whole number, not "${value}"`);
  }
  return parsed;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`simulation failed: ${error.stack ?? error.message}\n`);
    process.exit(2);
  },
);
