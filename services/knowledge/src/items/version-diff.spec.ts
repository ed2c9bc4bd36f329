import type { ItemSnapshot } from './knowledge-item';
import { diffSnapshots } from './version-diff';

const base: ItemSnapshot = {
  kind: 'report',
  title: 'Democratiespel in Zwolle',
  summary: 'Verslag',
  body: 'Regel een\nRegel twee\n',
  language: 'nl',
  visibility: 'internal',
  status: 'draft',
  themes: ['democratie'],
  tags: [],
  programmeCode: null,
  prestatieCodes: ['7.2.3'],
  actions: [],
  activityIds: [],
  partnerOrganisationIds: [],
  authors: [],
  attachments: [],
};

describe('diffSnapshots', () => {
  it('lists only the fields that changed, with word parts for titles and a unified patch for the body', () => {
    const after: ItemSnapshot = {
      ...base,
      title: 'Democratiespel in Deventer',
      body: 'Regel een\nRegel drie\n',
      themes: ['democratie', 'jongeren'],
    };

    const diff = diffSnapshots('i', 1, base, 2, after);

    expect(diff.changes.map((change) => change.field)).toEqual(['title', 'body', 'themes']);
    expect(diff.changes[0].parts).toEqual([
      { value: 'Democratiespel in ' },
      { value: 'Zwolle', removed: true },
      { value: 'Deventer', added: true },
    ]);
    expect(diff.changes[2]).toEqual({ field: 'themes', before: ['democratie'], after: ['democratie', 'jongeren'] });
    expect(diff.bodyPatch).toContain('-Regel twee');
    expect(diff.bodyPatch).toContain('+Regel drie');
    expect(diff.bodyPatch).toContain('--- versie 1');
  });

  it('reports no changes between equal snapshots', () => {
    expect(diffSnapshots('i', 1, base, 2, { ...base })).toEqual({ itemId: 'i', from: 1, to: 2, changes: [] });
  });
});
