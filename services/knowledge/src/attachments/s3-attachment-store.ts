import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { AttachmentContentMissingError, AttachmentStore, relativePathOf } from './attachment-store';

export interface S3AttachmentStoreOptions {
  bucket: string;
  region: string;
  /** An S3-compatible server's address; unset: AWS S3. */
  endpoint?: string;
  forcePathStyle: boolean;
  /** Unset: the SDK's default chain (AWS_* variables, web identity, instance metadata). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * Attachments in a bucket of an S3-compatible object store (S3_BUCKET): shared by every replica,
 * so the service needs no volume and may scale. Objects are keyed ab/cd/<sha256> as files are on
 * disk; content is never rewritten, so an existing key is not written again.
 */
export class S3AttachmentStore extends AttachmentStore implements OnApplicationShutdown {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: S3AttachmentStoreOptions) {
    super();
    this.bucket = options.bucket;
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      // The SDK's default since 3.729 sends a CRC trailer in aws-chunked encoding, which many
      // S3-compatible servers refuse; Content-MD5 (below) guards the upload on every one of them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(content: Buffer): Promise<string> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    if (await this.has(sha256)) {
      return sha256;
    }
    // A PUT replaces an object whole or not at all: no reader ever sees half a file. Two
    // replicas storing the same content at once write the same bytes.
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: relativePathOf(sha256),
        Body: content,
        ContentLength: content.length,
        ContentType: 'application/octet-stream',
        ContentMD5: createHash('md5').update(content).digest('base64'),
      }),
    );
    return sha256;
  }

  async open(sha256: string): Promise<Readable> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: relativePathOf(sha256) }),
      );
      // In Node the body is the HTTP response itself: streamed through, never held whole.
      if (!(object.Body instanceof Readable)) {
        throw new Error('the object store answered without a readable body');
      }
      return object.Body;
    } catch (error) {
      throw isNotFound(error) ? new AttachmentContentMissingError(sha256) : error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: relativePathOf(sha256) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) {
        return false;
      }
      throw error;
    }
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }
}

/** A HEAD has no body to name the error, so NotFound and NoSuchKey are both a 404. */
function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchKey' || error.name === 'NotFound')
  );
}
