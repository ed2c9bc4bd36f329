import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InProcessService, S3TestServer } from '@deelwijs/testing';
import type { KnowledgeConfig } from '../config/knowledge.config';
import { knowledgeService } from '../knowledge.service-definition';

const EDITOR = { roles: ['editor' as const] };

jest.setTimeout(30_000);

/** The service with S3_BUCKET set: uploads land in the bucket, downloads come from it, the directory stays unused. */
describe('knowledge attachments in an S3-compatible bucket (real PostgreSQL, NATS, Redis and an S3 server over HTTP)', () => {
  let k: InProcessService<KnowledgeConfig>;
  let s3: S3TestServer;
  let unusedDirectory: string;

  beforeAll(async () => {
    s3 = await S3TestServer.start();
    unusedDirectory = await mkdtemp(path.join(tmpdir(), 'deelwijs-attachments-unused-'));
    k = await InProcessService.start(knowledgeService, 'ks3', {
      ...s3.settings(),
      ATTACHMENTS_DIR: unusedDirectory,
    });
  }, 60_000);

  afterAll(async () => {
    await k?.close();
    await s3?.close();
    await rm(unusedDirectory, { recursive: true, force: true });
  });

  const bucketKeys = async (): Promise<string[]> => {
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: {
        accessKeyId: S3TestServer.ACCESS_KEY_ID,
        secretAccessKey: S3TestServer.SECRET_ACCESS_KEY,
      },
    });
    try {
      return ((await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }))).Contents ?? []).map(
        (object) => object.Key ?? '',
      );
    } finally {
      client.destroy();
    }
  };

  it('stores an upload in the bucket once, and serves it from there with the same headers', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(300_000, 7),
    ]);
    const created = await k.request('POST', '/v1/knowledge-items', {
      ...EDITOR,
      body: { kind: 'photo', title: 'Foto in de bucket', language: 'nl', visibility: 'public' },
    });
    const itemId = created.body.itemId as string;
    await k.request('POST', `/v1/knowledge-items/${itemId}/status-changes`, {
      ...EDITOR,
      body: { status: 'published' },
    });

    const first = await k.request('POST', `/v1/knowledge-items/${itemId}/attachments?name=foto.png`, {
      ...EDITOR,
      raw: png,
      contentType: 'image/png',
    });
    const second = await k.request('POST', `/v1/knowledge-items/${itemId}/attachments?name=kopie.png`, {
      ...EDITOR,
      raw: png,
      contentType: 'image/png',
    });

    expect(first.status).toBe(201);
    expect(second.body.sha256).toBe(first.body.sha256);
    const sha256 = first.body.sha256 as string;
    expect(await bucketKeys()).toEqual([`${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`]);
    expect(await readdir(unusedDirectory)).toEqual([]);

    const download = await k.request(
      'GET',
      `/v1/knowledge-items/${itemId}/attachments/${first.body.attachmentId}`,
    );
    expect(download.status).toBe(200);
    expect(download.raw.equals(png)).toBe(true);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-length']).toBe(String(png.length));
    expect(download.headers.etag).toBe(`"${sha256}"`);
  });
});
