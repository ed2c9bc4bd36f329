import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { S3TestServer } from '@deelwijs/testing';
import { AttachmentContentMissingError, type AttachmentStore } from './attachment-store';
import { FilesystemAttachmentStore } from './filesystem-attachment-store';
import { S3AttachmentStore } from './s3-attachment-store';

jest.setTimeout(30_000);

/** One store under test, with a way to see what it really holds, outside its own interface. */
interface StoreFixture {
  store: AttachmentStore;
  /** The keys (ab/cd/<sha256>) stored, as the directory or the bucket lists them. */
  storedKeys(): Promise<string[]>;
  close(): Promise<void>;
}

async function filesystemFixture(): Promise<StoreFixture> {
  const directory = await mkdtemp(path.join(tmpdir(), 'deelwijs-attachment-store-'));
  const list = async (dir: string, prefix = ''): Promise<string[]> =>
    (await readdir(dir, { withFileTypes: true }))
      .flatMap((entry) => (entry.isDirectory() ? [] : [`${prefix}${entry.name}`]))
      .concat(
        ...(await Promise.all(
          (await readdir(dir, { withFileTypes: true }))
            .filter((entry) => entry.isDirectory())
            .map((entry) => list(path.join(dir, entry.name), `${prefix}${entry.name}/`)),
        )),
      );
  return {
    store: new FilesystemAttachmentStore(directory),
    storedKeys: () => list(directory),
    close: () => rm(directory, { recursive: true, force: true }),
  };
}

async function s3Fixture(): Promise<StoreFixture> {
  const server = await S3TestServer.start();
  const settings = server.settings();
  const options = {
    bucket: server.bucket,
    region: settings.S3_REGION,
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: S3TestServer.ACCESS_KEY_ID, secretAccessKey: S3TestServer.SECRET_ACCESS_KEY },
  };
  const store = new S3AttachmentStore(options);
  const lister = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: true,
    credentials: options.credentials,
  });
  return {
    store,
    storedKeys: async () =>
      ((await lister.send(new ListObjectsV2Command({ Bucket: server.bucket }))).Contents ?? []).map(
        (object) => object.Key ?? '',
      ),
    close: async () => {
      store.onApplicationShutdown();
      lister.destroy();
      await server.close();
    },
  };
}

async function chunksOf(stream: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return chunks;
}

const sha256 = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

describe.each([
  ['on the filesystem', filesystemFixture],
  ['on an S3-compatible server (s3rver, over HTTP)', s3Fixture],
])('attachment store %s', (_label, makeFixture) => {
  let fixture: StoreFixture;

  beforeEach(async () => {
    fixture = await makeFixture();
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('stores content under its sha256, as ab/cd/<sha256>, and gives it back unchanged', async () => {
    const content = Buffer.from('%PDF-1.7\nverslag van de jeugdraad\n');

    const key = await fixture.store.put(content);

    expect(key).toBe(sha256(content));
    expect(await fixture.storedKeys()).toEqual([`${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`]);
    expect(await fixture.store.has(key)).toBe(true);
    expect(Buffer.concat(await chunksOf(await fixture.store.open(key))).equals(content)).toBe(true);
  });

  it('stores the same content once, and different content beside it', async () => {
    const content = randomBytes(1_000);
    const other = randomBytes(1_000);

    const first = await fixture.store.put(content);
    const again = await fixture.store.put(Buffer.from(content));
    const second = await fixture.store.put(other);

    expect(again).toBe(first);
    expect(second).not.toBe(first);
    expect((await fixture.storedKeys()).sort()).toEqual(
      [first, second].map((key) => `${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`).sort(),
    );
    expect(Buffer.concat(await chunksOf(await fixture.store.open(first))).equals(content)).toBe(true);
  });

  it('streams a large file back in pieces rather than as one buffer', async () => {
    const content = randomBytes(6 * 1_048_576);
    const key = await fixture.store.put(content);

    const chunks = await chunksOf(await fixture.store.open(key));

    expect(chunks.length).toBeGreaterThan(1);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThan(content.length);
    expect(sha256(Buffer.concat(chunks))).toBe(key);
  });

  it('says when nothing is stored under a key, before any byte is sent', async () => {
    const missing = sha256(Buffer.from('nooit opgeslagen'));

    expect(await fixture.store.has(missing)).toBe(false);
    await expect(fixture.store.open(missing)).rejects.toBeInstanceOf(AttachmentContentMissingError);
  });

  it('refuses a key that is not a sha256, so no key can name another place', async () => {
    await expect(fixture.store.open('../../etc/passwd')).rejects.toThrow('not a sha256');
    await expect(fixture.store.has('AB'.repeat(32))).rejects.toThrow('not a sha256');
    expect(await fixture.storedKeys()).toEqual([]);
  });
});
