// Container healthcheck: `node healthcheck.js [path]` exits 0 when GET <path> on the service
// answers 2xx within the timeout, 1 otherwise. The default path is the liveness endpoint;
// docker-compose.yml passes /health/ready. Plain Node (global fetch), no dependencies, so it
// works in the slim runtime image without curl or wget.
/* global fetch, AbortSignal */
'use strict';

// The services' own default ports (see services/*/src/*.service-definition.ts), for when the
// container runs without PORT in its environment.
const DEFAULT_PORTS = { activities: 3001, knowledge: 3002, reporting: 3003 };

const port = process.env.PORT || DEFAULT_PORTS[process.env.SERVICE];
const path = process.argv[2] || '/health/live';

if (!port) {
  console.error('healthcheck: neither PORT nor a known SERVICE is set');
  process.exit(1);
}

fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3000) })
  .then((response) => {
    if (!response.ok) {
      console.error(`healthcheck: ${path} answered ${response.status}`);
    }
    process.exit(response.ok ? 0 : 1);
  })
  .catch((error) => {
    console.error(`healthcheck: ${path} failed: ${error.message}`);
    process.exit(1);
  });
