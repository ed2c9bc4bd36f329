import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { repositoryRoot } from './service-process';

/** The seed programme as the province's pages define it (7.2.3 and 9.1.6). */
export const SEED_PROGRAMME_PATH = 'services/reporting/data/programme-overijssel-2026.yaml';

/**
 * Two figures under 9.1.6 that the province's page does not name: knowledge products published
 * and sessions held. The seed programme leaves them out, so its 9.1.6 reads as the page does;
 * tests and the year simulation add them, so that the measures they use (knowledge items
 * published, activities held filtered by type) are reported, drilled down and judged as well.
 */
export const SHARING_TARGETS = [
  {
    key: 'knowledge-items',
    label: { nl: 'kennisproducten', en: 'knowledge products' },
    measure: 'knowledge-items-published',
    target: { kind: 'at-least', value: 10 },
  },
  {
    key: 'sessions',
    label: { nl: 'bijeenkomsten over delen en leren', en: 'sessions on sharing and learning' },
    measure: 'activities-held',
    filter: { activityTypes: ['workshop', 'meeting', 'lecture'] },
    target: { kind: 'at-least', value: 6 },
  },
];

/**
 * A programme's YAML with SHARING_TARGETS added to its 9.1.6; the rest of the text (its
 * comments and flow-style lines) stays as written, so tests may still edit it as text.
 */
export function withSharingTargets(programmeYaml: string): string {
  const document = parseDocument(programmeYaml);
  const prestaties = document.get('prestaties') as YAMLSeq<YAMLMap>;
  const index = prestaties.items.findIndex((prestatie) => String(prestatie.get('code')) === '9.1.6');
  if (index < 0) {
    throw new Error('the programme holds no prestatie 9.1.6');
  }
  const existing = (prestaties.items[index].toJSON() as { indicators?: unknown[] }).indicators ?? [];
  document.setIn(['prestaties', index, 'indicators'], document.createNode([...existing, ...SHARING_TARGETS]));
  return document.toString();
}

/** The seed programme's YAML with SHARING_TARGETS: what the tests and the simulation import. */
export function seedProgrammeWithSharingTargets(): string {
  return withSharingTargets(readFileSync(path.join(repositoryRoot(), SEED_PROGRAMME_PATH), 'utf8'));
}
