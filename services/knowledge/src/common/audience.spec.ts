import { actorOf, audienceOf } from './audience';

describe('audienceOf', () => {
  it('shows anonymous callers public items only, and nothing unpublished', () => {
    expect(audienceOf(undefined)).toEqual({ visibilities: ['public'], seesUnpublished: false });
  });

  it('adds partner items for a partner key', () => {
    expect(audienceOf({ kind: 'api-key', id: 'k', organisationId: 'o', roles: ['partner'] })).toEqual({
      visibilities: ['public', 'partners'],
      seesUnpublished: false,
    });
  });

  it('shows staff every visibility, and unpublished items to editors only', () => {
    expect(audienceOf({ kind: 'staff', id: 's', roles: ['reporter'] })).toEqual({
      visibilities: ['public', 'partners', 'internal'],
      seesUnpublished: false,
    });
    expect(audienceOf({ kind: 'staff', id: 's', roles: ['editor'] }).seesUnpublished).toBe(true);
  });

  it('names the actor by kind and id', () => {
    expect(actorOf({ kind: 'staff', id: 'u1', roles: ['editor'] })).toBe('staff:u1');
    expect(actorOf(undefined)).toBe('anonymous');
  });
});
