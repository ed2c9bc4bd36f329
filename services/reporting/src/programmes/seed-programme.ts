import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readProgramme } from './programme-format';
import type { ProgrammeDefinition } from './programme.schema';

const FILE = 'programme-overijssel-2026.yaml';

/**
 * The seed programme's file (prestaties 7.2.3 and 9.1.6 with their targets), found from the
 * TypeScript source and from the build in dist/ alike.
 */
export function seedProgrammeFile(): string {
  const candidates = [
    path.join(__dirname, '..', '..', 'data', FILE),
    path.join(__dirname, '..', '..', '..', '..', '..', 'services', 'reporting', 'data', FILE),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(`seed programme not found at ${candidates.join(' or ')}`);
  }
  return found;
}

export function seedProgramme(): ProgrammeDefinition {
  return readProgramme(readFileSync(seedProgrammeFile(), 'utf8'), 'yaml');
}
