import type { Readable } from 'node:stream';

/**
 * Where attachment files live, by the SHA-256 of their content: the same file uploaded twice is
 * stored once, a stored file never changes, and no name ever comes from user input. Two
 * implementations, chosen at start (attachments.module.ts): a directory (the embedded default)
 * or an S3-compatible bucket (S3_BUCKET set), which every replica shares.
 */
export abstract class AttachmentStore {
  /** Stores the content unless it is there already; returns its sha256 (hex), the key to open it by. */
  abstract put(content: Buffer): Promise<string>;

  /** The stored content as a stream, read as it is sent; rejects when nothing is stored under the key. */
  abstract open(sha256: string): Promise<Readable>;

  /** Whether content is stored under the key. */
  abstract has(sha256: string): Promise<boolean>;
}

/** The one rule for keys: 64 lower-case hex digits, so that a key can never name another place. */
export function assertSha256(sha256: string): void {
  if (!/^[0-9a-f]{64}$/.test(sha256)) {
    throw new Error('not a sha256');
  }
}

/** Where a key is kept under a root (a directory or a bucket): ab/cd/abcd…, so no folder holds millions of files. */
export function relativePathOf(sha256: string): string {
  assertSha256(sha256);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** An error for a key under which nothing is stored (a file removed by hand, a bucket emptied). */
export class AttachmentContentMissingError extends Error {
  constructor(sha256: string) {
    super(`no attachment content stored under ${sha256}`);
    this.name = 'AttachmentContentMissingError';
  }
}
