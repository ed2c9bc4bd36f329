import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The layering rule of the README, checked on the source: controller → service → repository,
 * SQL only in repositories, one writer of places taken, and feature folders that depend on each
 * other in one direction only.
 */
const ROOT = __dirname;
/** Folders that hold no feature: shared pure helpers, config, the migrations and the test harness. */
const NOT_FEATURES = new Set(['shared', 'config', 'migrations', 'testing']);

interface SourceFile {
  /** Relative to src/, with forward slashes. */
  name: string;
  folder: string;
  text: string;
  /** Relative imports, resolved to names like `booking/booking.service.ts`. */
  imports: string[];
}

function sourceFiles(): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)) {
        const name = path.relative(ROOT, full).split(path.sep).join('/');
        const text = readFileSync(full, 'utf8');
        const imports = [...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((match) =>
          path
            .relative(ROOT, path.resolve(path.dirname(full), `${match[1]}.ts`))
            .split(path.sep)
            .join('/'),
        );
        files.push({ name, folder: name.includes('/') ? name.split('/')[0] : '', text, imports });
      }
    }
  };
  walk(ROOT);
  return files;
}

const files = sourceFiles();
const features = files.filter((file) => file.folder !== '' && !NOT_FEATURES.has(file.folder));
const isRepository = (file: { name: string }) => file.name.endsWith('.repository.ts');

/** Code that reaches the database itself: SQL text, or TypeORM's ways around plain SQL. */
const DATABASE_ACCESS = [
  /\.query\s*[(<]/,
  /createQueryBuilder|getRepository|@Entity\(/,
  /\b(SELECT\s[\s\S]*?\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b/,
  /\b(manager|db|dataSource)\.(find\w*|insert|update|delete|save|count)\(/,
];

describe('the activities service layout', () => {
  it('keeps every statement in a repository: none in controllers, services or anything else', () => {
    const offenders = files
      // The harness reads tables for tests' assertions only; it changes nothing.
      .filter((file) => !isRepository(file) && file.folder !== 'migrations' && file.folder !== 'testing')
      .flatMap((file) =>
        DATABASE_ACCESS.filter((pattern) => pattern.test(file.text)).map(
          (pattern) => `${file.name}: ${pattern}`,
        ),
      );
    expect(offenders).toEqual([]);
  });

  it('gives every feature folder that reaches the database a repository of its own', () => {
    // Registrations has no table of its own: its transactions hold the booking core's writes and
    // the Idempotency-Key's answer (libs/platform), so it runs no statement itself.
    const withoutTablesOfTheirOwn = ['registrations'];
    const folders = [...new Set(features.map((file) => file.folder))].filter(
      (folder) => !withoutTablesOfTheirOwn.includes(folder),
    );
    const withoutRepository = folders.filter(
      (folder) =>
        features.some((file) => file.folder === folder && /\b(DataSource|EntityManager)\b/.test(file.text)) &&
        !features.some((file) => file.folder === folder && isRepository(file)),
    );
    expect(withoutRepository).toEqual([]);
  });

  it('lets controllers call services only, and a repository be called from its own feature folder only', () => {
    const offenders = files.flatMap((file) =>
      file.imports
        .filter((imported) => imported.endsWith('.repository.ts'))
        .filter(
          (repository) => file.name.endsWith('.controller.ts') || repository.split('/')[0] !== file.folder,
        )
        .map((repository) => `${file.name} → ${repository}`),
    );
    expect(offenders).toEqual([]);
  });

  it("leaves the activity's places taken to the booking core alone", () => {
    const writers = files
      .filter((file) => file.folder !== 'migrations' && /places_taken\s*=/.test(file.text))
      .map((file) => file.name);
    expect(writers).toEqual(['booking/booking.repository.ts']);
  });

  it('has feature folders that depend on each other in one direction only (no import cycles)', () => {
    const edges = new Map<string, Set<string>>();
    for (const file of features) {
      for (const imported of file.imports) {
        const folder = imported.includes('/') ? imported.split('/')[0] : '';
        if (folder !== file.folder && folder !== '' && !NOT_FEATURES.has(folder)) {
          edges.set(file.folder, (edges.get(file.folder) ?? new Set()).add(folder));
        }
      }
    }
    expect(cyclesIn(edges)).toEqual([]);
    // The booking core depends on no other feature; activities and registrations depend on it.
    expect([...(edges.get('booking') ?? [])]).toEqual([]);
    expect([...(edges.get('activities') ?? [])]).toContain('booking');
    expect([...(edges.get('registrations') ?? [])]).toContain('booking');
  });

  it('has no import cycles between files either', () => {
    const edges = new Map(files.map((file) => [file.name, new Set(file.imports)]));
    expect(cyclesIn(edges)).toEqual([]);
  });
});

/** Every cycle a depth-first search meets, as the path around it. */
function cyclesIn(edges: Map<string, Set<string>>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, trail: string[]) => {
    if (state.get(node) === 'done') {
      return;
    }
    if (state.get(node) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(node)), node].join(' → '));
      return;
    }
    state.set(node, 'open');
    for (const next of edges.get(node) ?? []) {
      visit(next, [...trail, node]);
    }
    state.set(node, 'done');
  };
  for (const node of edges.keys()) {
    visit(node, []);
  }
  return cycles;
}
