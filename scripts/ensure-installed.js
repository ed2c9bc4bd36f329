// Installs the dependencies when node_modules is missing or older than the lock file.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function ensureInstalled() {
  const root = path.resolve(__dirname, '..');
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) {
    return;
  }
  // npm install keeps the versions package-lock.json pins. npm ci would refuse this lock: the
  // registry it was written against serves only the linux-x64 builds of optional platform
  // packages (nx, msgpackr-extract, unrs-resolver), so the lock lacks the other platforms'.
  process.stdout.write('Installing dependencies (npm install)...\n');
  execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}

function build() {
  const root = path.resolve(__dirname, '..');
  process.stdout.write('Building (tsc)...\n');
  execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
}

module.exports = { ensureInstalled, build };
