import type { DataSource } from 'typeorm';
import { ApiKeyStore } from './api-key.store';

describe('ApiKeyStore.findActive', () => {
  const row = { key_id: 'key-1', organisation_id: 'org-1', roles: ['partner'] };

  function setup() {
    const query = jest.fn<Promise<unknown[]>, [string, unknown[]]>().mockResolvedValue([row]);
    return { store: new ApiKeyStore({ query } as unknown as DataSource), query };
  }

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2025-06-01T09:00:00Z') });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('asks the database at most once a second for an active key', async () => {
    const { store, query } = setup();

    expect(await store.findActive('hash-1')).toEqual({ kind: 'api-key', id: 'key-1', organisationId: 'org-1', roles: ['partner'] });
    jest.setSystemTime(new Date('2025-06-01T09:00:00.900Z'));
    await store.findActive('hash-1');
    expect(query).toHaveBeenCalledTimes(1);

    jest.setSystemTime(new Date('2025-06-01T09:00:01.100Z'));
    await store.findActive('hash-1');
    expect(query).toHaveBeenCalledTimes(2);
  });

  it('stops accepting a revoked key within a second', async () => {
    const { store, query } = setup();
    await store.findActive('hash-1');

    query.mockResolvedValue([]);
    jest.setSystemTime(new Date('2025-06-01T09:00:01Z'));

    expect(await store.findActive('hash-1')).toBeUndefined();
  });

  it('does not remember an unknown key: once issued, it works at once', async () => {
    const { store, query } = setup();
    query.mockResolvedValueOnce([]);

    expect(await store.findActive('hash-1')).toBeUndefined();
    expect(await store.findActive('hash-1')).toMatchObject({ id: 'key-1' });
  });
});
