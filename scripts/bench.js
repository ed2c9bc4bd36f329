// `npm run bench`: builds, then runs the event backbone benchmark (libs/testing/bench) compiled
// in dist/. Settings come from the environment (BENCH_RATE, BENCH_SECONDS, ...; see the
// benchmark's header); results are printed and written to dist/bench/event-backbone.json.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureInstalled, build } = require('./ensure-installed');
const { requireLocalInfrastructure } = require('./local-infrastructure');

const root = path.resolve(__dirname, '..');
const benchmark = path.join(root, 'dist', 'libs', 'testing', 'bench', 'event-backbone.bench.js');

(async () => {
  ensureInstalled();
  await requireLocalInfrastructure();
  build();
  if (!fs.existsSync(benchmark)) {
    process.stderr.write(`The build did not produce ${path.relative(root, benchmark)}.\n`);
    process.exit(1);
  }
  // Plain node from the repository root: @deelwijs/* resolve through dist/node_modules, which
  // the build links. The benchmark bounds its own run time and cleans up on SIGINT/SIGTERM, so
  // this script only passes signals on and waits.
  const child = spawn(process.execPath, [benchmark], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
})().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
