// `npm run faults`: builds, then runs the full fault suite (libs/faults): its own PostgreSQL,
// Redis and NATS servers on free ports in temporary directories, the three services as real
// processes, a year of the programme while each service and server is SIGKILLed in turn, and
// the checks. Never touches the machine's shared servers. Settings: FAULTS_* (libs/faults/src/cli.ts).
const { spawn } = require('node:child_process');
const path = require('node:path');
const { ensureInstalled, build } = require('./ensure-installed');

const root = path.resolve(__dirname, '..');

ensureInstalled();
build();
const child = spawn(process.execPath, [path.join(root, 'dist/libs/faults/src/cli.js')], {
  cwd: root,
  stdio: 'inherit',
});
// Ctrl-C reaches the child through the terminal; it cleans up and exits, and so do we.
process.on('SIGINT', () => {});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
