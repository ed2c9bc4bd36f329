// `npm test`: every test. First the lock file (scripts/check-lock.js) and lint; then unit and
// integration tests in parallel; the end-to-end tests, which start real service processes, run
// one file at a time.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureInstalled, build } = require('./ensure-installed');
const { checkLock } = require('./check-lock');
const { buildWebApp } = require('./portal');
const { requireLocalInfrastructure } = require('./local-infrastructure');

const root = path.resolve(__dirname, '..');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

function jest(projects, extra) {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deelwijs-jest-')), 'report.json');
  const status = run(process.execPath, [
    path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
    '--selectProjects',
    ...projects,
    '--json',
    `--outputFile=${report}`,
    ...extra,
    ...process.argv.slice(2),
  ]);
  const counts = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : {};
  return {
    status,
    passed: counts.numPassedTests ?? 0,
    failed: (counts.numFailedTests ?? 0) + (counts.numRuntimeErrorTestSuites ?? 0),
    skipped: counts.numPendingTests ?? 0,
  };
}

/** The web app's own tests (Vitest: formatting, the recurrence picker, error mapping, ...). */
function vitest() {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deelwijs-vitest-')), 'report.json');
  const status = run(process.execPath, [
    path.join(root, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    '--root',
    'services/portal-web',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  const counts = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : {};
  return {
    status,
    passed: counts.numPassedTests ?? 0,
    failed: (counts.numFailedTests ?? 0) + (status !== 0 && !counts.numFailedTests ? 1 : 0),
    skipped: counts.numPendingTests ?? 0,
  };
}

(async () => {
  ensureInstalled();
  // The lock in git must be the one installs write (a fresh clone stays clean after npm start).
  process.stdout.write('Checking that npm install would leave package-lock.json as it is...\n');
  checkLock();
  await requireLocalInfrastructure();
  build();
  buildWebApp();
  if (run(process.execPath, [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.', '--max-warnings=0']) !== 0) {
    process.stdout.write('\nLint failed.\n');
    process.exit(1);
  }
  const web = vitest();
  const fast = jest(['unit', 'integration'], ['--maxWorkers=2']);
  const e2e = jest(['e2e'], ['--runInBand']);
  const passed = web.passed + fast.passed + e2e.passed;
  const failed = web.failed + fast.failed + e2e.failed;
  process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${web.skipped + fast.skipped + e2e.skipped} skipped\n`);
  process.exit(web.status || fast.status || e2e.status || (failed > 0 ? 1 : 0));
})();
