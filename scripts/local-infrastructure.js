// Checks that PostgreSQL, NATS and Redis answer, and says how to start the one that does not.
const net = require('node:net');

const SERVICES = [
  {
    name: 'PostgreSQL',
    url: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    defaultPort: 5432,
    howToStart: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start   (or: docker compose up -d postgres)',
  },
  {
    name: 'NATS (with JetStream)',
    url: (process.env.NATS_URL || 'nats://127.0.0.1:4222').split(',')[0],
    defaultPort: 4222,
    howToStart:
      'start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log   (or: docker run -d -p 127.0.0.1:4222:4222 nats:2.11.1-alpine -js; compose's NATS requires users)',
  },
  {
    name: 'Redis',
    url: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    defaultPort: 6379,
    howToStart:
      'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log   (or: docker compose up -d redis)',
  },
];

function reachable(url, defaultPort, timeoutMs = 1500) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port) || defaultPort });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function unreachableServices() {
  const results = await Promise.all(SERVICES.map(async (service) => ({ service, ok: await reachable(service.url, service.defaultPort) })));
  return results.filter((result) => !result.ok).map((result) => result.service);
}

/** Exits with a message naming each unreachable service and the command that starts it. */
async function requireLocalInfrastructure() {
  const down = await unreachableServices();
  if (down.length === 0) {
    return;
  }
  for (const service of down) {
    process.stderr.write(`\n${service.name} is not reachable at ${service.url}.\n  Start it with: ${service.howToStart}\n`);
  }
  process.stderr.write('\nSet DATABASE_URL, NATS_URL or REDIS_URL to use servers elsewhere.\n');
  process.exit(2);
}

module.exports = { requireLocalInfrastructure, unreachableServices, SERVICES };
