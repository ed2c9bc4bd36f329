import { connect as natsConnect } from '@nats-io/transport-node';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { PrivateNats, PrivatePostgres, PrivateRedis } from './private-servers';

describe('private servers for the fault suite', () => {
  it('PostgreSQL keeps a committed row across a SIGKILL', async () => {
    const server = await new PrivatePostgres().start();
    try {
      const client = new Client({ connectionString: `${server.url}/postgres` });
      await client.connect();
      await client.query(`CREATE TABLE kept (id int PRIMARY KEY)`);
      await client.query(`INSERT INTO kept VALUES (1)`);
      await client.end().catch(() => undefined);

      await server.restart();

      const after = new Client({ connectionString: `${server.url}/postgres` });
      await after.connect();
      expect((await after.query(`SELECT id FROM kept`)).rows).toEqual([{ id: 1 }]);
      await after.end();
    } finally {
      await server.destroy();
    }
  }, 60_000);

  it('Redis keeps a written key across a SIGKILL', async () => {
    const server = await new PrivateRedis().start();
    try {
      const redis = new IORedis(server.url);
      await redis.set('kept', 'yes');
      redis.disconnect();

      await server.restart();

      const after = new IORedis(server.url);
      expect(await after.get('kept')).toBe('yes');
      after.disconnect();
    } finally {
      await server.destroy();
    }
  });

  it('NATS with JetStream starts, dies and comes back on the same port', async () => {
    const server = await new PrivateNats().start();
    try {
      const port = server.port;
      await server.restart();
      expect(server.port).toBe(port);
      const connection = await natsConnect({ servers: server.url });
      expect(connection.getServer()).toContain(String(port));
      await connection.close();
    } finally {
      await server.destroy();
    }
  });
});
