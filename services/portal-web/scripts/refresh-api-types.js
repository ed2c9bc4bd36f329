// `node services/portal-web/scripts/refresh-api-types.js`: starts each built service on a
// throw-away database, saves its OpenAPI document under src/api/openapi/ and generates the
// TypeScript types the web app's client is typed with (openapi-typescript). Run it after
// changing a service's API (after `npm run build`); e2e/api-documents.e2e-spec.ts fails while a
// committed document differs from what the service serves. The document names its paths without
// the major version, which its `servers` entry gives (NLGov /core/uri-version); the types name
// them with it (/v1/activities), as the service routes them, so the app's calls read the same.
/* global fetch */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const target = path.join(__dirname, '..', 'src', 'api', 'openapi');
const { TestSystem } = require(path.join(root, 'dist/node_modules/@deelwijs/testing'));

/** The document with each path as the service routes it: its server's path (/v1) before it. */
function withServerPaths(document) {
  const base = new URL(document.servers?.[0]?.url ?? '/', 'http://service').pathname.replace(/\/$/, '');
  const paths = Object.fromEntries(Object.entries(document.paths).map(([documented, item]) => [`${base}${documented}`, item]));
  return { ...document, servers: [{ url: '/' }], paths };
}

(async () => {
  const system = new TestSystem('openapi');
  try {
    for (const service of ['activities', 'knowledge', 'reporting']) {
      const process = await system.start(service, await system.database(service));
      const document = await (await fetch(`${process.url}/v1/openapi.json`)).json();
      const json = path.join(target, `${service}.json`);
      fs.writeFileSync(json, `${JSON.stringify(document, null, 2)}\n`);
      const routed = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deelwijs-openapi-')), `${service}.json`);
      fs.writeFileSync(routed, JSON.stringify(withServerPaths(document)));
      execFileSync(
        path.join(root, 'node_modules/.bin/openapi-typescript'),
        [routed, '--default-non-nullable', 'false', '--output', path.join(target, `${service}.ts`)],
        { stdio: 'inherit' },
      );
      fs.rmSync(path.dirname(routed), { recursive: true, force: true });
    }
  } finally {
    await system.cleanUp();
  }
})().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exitCode = 1;
});
