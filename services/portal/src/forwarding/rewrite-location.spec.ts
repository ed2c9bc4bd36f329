import { rewriteLocation } from './forwarding.service';

describe('rewriteLocation', () => {
  const base = 'http://127.0.0.1:3001';

  it("turns a service's relative /v1 path into the portal's /api path", () => {
    expect(rewriteLocation('/v1/activities/42', base, 'activities')).toBe('/api/activities/activities/42');
  });

  it("turns an absolute URL on the service's own origin into the portal's path, query kept", () => {
    expect(rewriteLocation('http://127.0.0.1:3001/v1/exports/7?format=csv', base, 'activities')).toBe('/api/activities/exports/7?format=csv');
  });

  it('leaves a location elsewhere alone', () => {
    expect(rewriteLocation('https://example.org/v1/x', base, 'activities')).toBe('https://example.org/v1/x');
    expect(rewriteLocation('/health', base, 'activities')).toBe('/health');
  });
});
