// `npm run bench [-- <name>...]`: builds, then runs the benchmarks compiled in dist/, one after
// another: every *.bench.js in dist/system-tests/bench (the whole system's) and in
// dist/services/*/bench (each service's own). A name given on the command line keeps those
// whose name or path contains it (`npm run bench -- event-backbone`); `--list` only shows what
// would run. Settings come from the environment
// (BENCH_RATE, BENCH_SECONDS, ...; see each benchmark's header); each prints its results and
// writes them to dist/bench/<name>.json.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureInstalled, build } = require('./ensure-installed');
const { buildWebApp } = require('./portal');
const { requireLocalInfrastructure } = require('./local-infrastructure');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const SUFFIX = '.bench.js';

/** Directories (relative to the repository) whose *.bench.ts files are benchmarks. */
function benchmarkDirectories() {
  const services = path.join(root, 'services');
  const perService = fs.existsSync(services)
    ? fs
        .readdirSync(services, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => path.join('services', entry.name, 'bench'))
    : [];
  return [path.join('system-tests', 'bench'), ...perService];
}

/**
 * The compiled benchmarks, sorted by path. tsc does not delete the output of a deleted source,
 * so only files whose .ts source still exists count.
 */
function discover() {
  const found = [];
  for (const dir of benchmarkDirectories()) {
    const compiled = path.join(dist, dir);
    if (!fs.existsSync(compiled)) {
      continue;
    }
    for (const file of fs.readdirSync(compiled).sort()) {
      const source = path.join(root, dir, file.replace(/\.js$/, '.ts'));
      if (file.endsWith(SUFFIX) && fs.existsSync(source)) {
        found.push({ name: file.slice(0, -SUFFIX.length), source: path.relative(root, source), file: path.join(compiled, file) });
      }
    }
  }
  return found;
}

/** Runs one benchmark with plain node from the repository root (@deelwijs/* resolve through dist/node_modules). */
function run(benchmark, state) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [benchmark.file], { cwd: root, stdio: 'inherit' });
    state.child = child;
    child.on('exit', (code, signal) => {
      state.child = undefined;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

(async () => {
  const args = process.argv.slice(2);
  const list = args.includes('--list');
  const filters = args.filter((arg) => arg !== '--list');
  ensureInstalled();
  if (!list) {
    await requireLocalInfrastructure();
  }
  build();
  if (!list) {
    // The portal-web benchmark serves the built web app.
    buildWebApp();
  }
  const all = discover();
  const selected = all.filter(
    (benchmark) => filters.length === 0 || filters.some((filter) => benchmark.name.includes(filter) || benchmark.source.includes(filter)),
  );
  if (list || selected.length === 0) {
    const lines = all.map((benchmark) => `  ${benchmark.name.padEnd(24)} ${benchmark.source}`);
    const heading =
      selected.length === 0
        ? `No benchmark matches ${filters.map((filter) => `"${filter}"`).join(' or ')}. There are:`
        : 'Benchmarks:';
    process.stdout.write(`${heading}\n${lines.join('\n') || '  (none built)'}\n`);
    process.exit(selected.length === 0 && !list ? 1 : 0);
  }

  // Each benchmark bounds its own run time and cleans up on SIGINT/SIGTERM: this script passes
  // the signal to the one running and starts no further one.
  const state = { child: undefined, stopped: false };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      state.stopped = true;
      state.child?.kill(signal);
    });
  }
  const results = [];
  for (const benchmark of selected) {
    if (state.stopped) {
      break;
    }
    if (selected.length > 1) {
      process.stdout.write(`\n=== ${benchmark.name} (${benchmark.source})\n`);
    }
    results.push({ name: benchmark.name, code: await run(benchmark, state) });
  }
  if (results.length > 1 || state.stopped) {
    process.stdout.write(`\n${results.map((result) => `${result.code === 0 ? 'ok    ' : 'FAILED'} ${result.name}`).join('\n')}\n`);
  }
  const failed = results.some((result) => result.code !== 0);
  process.exit(state.stopped ? 130 : failed ? 1 : 0);
})().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
