import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uniqueName } from './infrastructure';

/** The part of s3rver (a devDependency without its own types here) that the tests use. */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: Array<{ name: string }>;
}) => S3rverInstance;

/**
 * An S3-compatible server for tests (s3rver: the S3 REST API over HTTP, objects on disk), on a
 * free port with a bucket of its own. Docker and MinIO are not available where the tests run;
 * the S3 client talks to this one over the network as it would to MinIO or AWS. It does not
 * refuse a request signed with another secret: what the keys do is not tested with it.
 */
export class S3TestServer {
  /** s3rver's documented account. */
  static readonly ACCESS_KEY_ID = 'S3RVER';
  static readonly SECRET_ACCESS_KEY = 'S3RVER';

  private constructor(
    private readonly server: S3rverInstance,
    private readonly directory: string,
    readonly endpoint: string,
    readonly bucket: string,
  ) {}

  static async start(): Promise<S3TestServer> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const S3rver = require('s3rver') as S3rverConstructor;
    const directory = await mkdtemp(path.join(tmpdir(), 'deelwijs-s3-'));
    // Bucket names: lower case, digits and hyphens, at most 63 characters.
    const bucket = uniqueName('deelwijs-test')
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')
      .slice(0, 63);
    const server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory,
      configureBuckets: [{ name: bucket }],
    });
    const { address, port } = await server.run();
    return new S3TestServer(server, directory, `http://${address}:${port}`, bucket);
  }

  /** The knowledge service's settings for this server and bucket. */
  settings(): Record<string, string> {
    return {
      S3_ENDPOINT: this.endpoint,
      S3_BUCKET: this.bucket,
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: S3TestServer.ACCESS_KEY_ID,
      S3_SECRET_ACCESS_KEY: S3TestServer.SECRET_ACCESS_KEY,
    };
  }

  async close(): Promise<void> {
    await this.server.close();
    await rm(this.directory, { recursive: true, force: true });
  }
}
