import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

/**
 * scripts/check-lock.js against copies of the repository's package.json and lock, with npm and
 * the registry (or npm's cache) for real: the lock as committed passes, a lock that lacks another
 * platform's optional package (as a lock written on a different registry does) fails, naming it.
 */
describe('scripts/check-lock.js', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'check-lock-'));
    copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    copyFileSync(join(ROOT, 'package-lock.json'), join(dir, 'package-lock.json'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const check = () => spawnSync(process.execPath, [join(ROOT, 'scripts/check-lock.js'), dir], { encoding: 'utf8' });

  it('passes the committed lock, which npm install leaves as it is', () => {
    const result = check();

    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toContain('package-lock.json is the lock npm install writes');
  }, 120_000);

  it('fails on a lock an install would change, and says what would change', () => {
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { optional?: boolean; os?: string[] }>;
    };
    const [otherPlatform] = Object.entries(lock.packages).find(([, entry]) => entry.optional && entry.os && !entry.os.includes(process.platform)) ?? [];
    expect(otherPlatform).toBeDefined();
    delete lock.packages[otherPlatform!];
    writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);

    const result = check();

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('package-lock.json is not the lock npm install writes');
    expect(result.stderr).toContain(`would add (1): ${otherPlatform}`);
    expect(result.stderr).toContain('commit package-lock.json');
  }, 120_000);
});
