// `npm run simulate [-- --running]`: builds, then runs a year of the programme against the three
// services and checks the progress report against the simulator's ground truth (exit status 1
// on any mismatch). By default on fresh databases and service processes of its own, removed
// afterwards; `--running` drives the services `npm start` runs. Settings: SIM_SEED, SIM_SCALE,
// SIM_CONCURRENCY, SIM_TIMEOUT_S (see libs/simulation/src/cli.ts).
const { spawn } = require('node:child_process');
const path = require('node:path');
const { ensureInstalled, build } = require('./ensure-installed');
const { requireLocalInfrastructure } = require('./local-infrastructure');
const { devSecret } = require('./dev-secret');

const root = path.resolve(__dirname, '..');

(async () => {
  ensureInstalled();
  await requireLocalInfrastructure();
  build();
  const args = process.argv.slice(2);
  const running = args.includes('--running') || args.includes('--demo');
  const env = { ...process.env };
  if (running && !env.AUTH_JWT_SECRET) {
    // The secret `npm start` gives the services when none is set.
    env.AUTH_JWT_SECRET = devSecret();
  }
  const child = spawn(process.execPath, [path.join(root, 'dist/libs/simulation/src/cli.js'), ...args], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
  // Ctrl-C reaches the child through the terminal; it cleans up and exits, and so do we.
  process.on('SIGINT', () => {});
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
})().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
