// Whether `npm install` would rewrite package-lock.json: the lock in git must be the one installs
// use, or a fresh clone is dirty after its first `npm start` and the versions in git are not the
// ones anybody runs. `npm test` runs this after installing; `node scripts/check-lock.js` alone.
//
// How: npm resolves the tree again in a scratch folder holding copies of package.json and the
// lock (`npm install --package-lock-only`: metadata only, no packages unpacked, no scripts run),
// and the lock it writes is compared with the original. --prefer-offline answers from npm's
// cache where it can; the registry is asked only for metadata the cache lacks. (`npm ci` would
// be no check: it refuses a lock that lacks other platforms' optional packages, which is how a
// lock written on another registry differs, and it installs everything.)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/**
 * Returns { changed: false } or { changed: true, added, removed, changedVersions } (package
 * paths), or throws when npm itself fails (for example, the registry cannot be reached).
 */
function lockDrift(root = path.resolve(__dirname, '..')) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deelwijs-lock-'));
  try {
    for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
      if (fs.existsSync(path.join(root, file))) {
        fs.copyFileSync(path.join(root, file), path.join(scratch, file));
      }
    }
    const npm = spawnSync(
      'npm',
      ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
      { cwd: scratch, encoding: 'utf8' },
    );
    if (npm.status !== 0) {
      throw new Error(`npm install --package-lock-only failed (exit ${npm.status}):\n${npm.stderr || npm.stdout}`);
    }
    const before = fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8');
    const after = fs.readFileSync(path.join(scratch, 'package-lock.json'), 'utf8');
    if (before === after) {
      return { changed: false };
    }
    const packages = (text) => JSON.parse(text).packages ?? {};
    const old = packages(before);
    const now = packages(after);
    return {
      changed: true,
      added: Object.keys(now).filter((name) => !(name in old)),
      removed: Object.keys(old).filter((name) => !(name in now)),
      changedVersions: Object.keys(now).filter((name) => name in old && old[name].version !== now[name].version),
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Exits 1 with what an install would change; prints nothing when the lock is the one installs write. */
function checkLock(root) {
  let drift;
  try {
    drift = lockDrift(root);
  } catch (error) {
    process.stderr.write(`\nCannot check package-lock.json: ${error.message}\n`);
    process.exit(1);
  }
  if (!drift.changed) {
    return;
  }
  const list = (label, names) => (names.length ? `  ${label} (${names.length}): ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', ...' : ''}\n` : '');
  process.stderr.write(
    '\npackage-lock.json is not the lock npm install writes from package.json on this registry:\n' +
      list('would add', drift.added) +
      list('would remove', drift.removed) +
      list('would change the version of', drift.changedVersions) +
      (drift.added.length + drift.removed.length + drift.changedVersions.length === 0 ? '  (the same packages, written differently)\n' : '') +
      'Run npm install --no-audit --no-fund and commit package-lock.json.\n',
  );
  process.exit(1);
}

if (require.main === module) {
  const dir = process.argv[2];
  checkLock(dir ? path.resolve(dir) : undefined);
  process.stdout.write('package-lock.json is the lock npm install writes.\n');
}

module.exports = { lockDrift, checkLock };
