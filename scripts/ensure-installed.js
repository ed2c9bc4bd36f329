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
  process.stdout.write('Installing dependencies (npm ci)...\n');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}

function build() {
  const root = path.resolve(__dirname, '..');
  process.stdout.write('Building (tsc)...\n');
  execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
}

module.exports = { ensureInstalled, build };
