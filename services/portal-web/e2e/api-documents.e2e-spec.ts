import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repositoryRoot, TestSystem } from '@deelwijs/testing';

/**
 * The web app's client is typed by the services' OpenAPI documents committed under
 * src/api/openapi/ (scripts/refresh-api-types.js writes them). A service whose API changed
 * without a refresh leaves the app typed against an API that no longer exists: this test
 * compares each committed document with the one the built service serves.
 */
describe("the web app's API documents", () => {
  const system = new TestSystem('api_documents');

  afterAll(async () => {
    await system.cleanUp();
  }, 60_000);

  it.each(['activities', 'knowledge', 'reporting'] as const)(
    'equal what %s serves (else: node services/portal-web/scripts/refresh-api-types.js)',
    async (service) => {
      const process = await system.start(service, await system.database(service));
      const served = await (await fetch(`${process.url}/v1/openapi.json`)).json();
      const committed = JSON.parse(
        await readFile(path.join(repositoryRoot(), 'services/portal-web/src/api/openapi', `${service}.json`), 'utf8'),
      );
      expect(committed).toEqual(served);
    },
    90_000,
  );
});
