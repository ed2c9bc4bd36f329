import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AttachmentContentMissingError, AttachmentStore, relativePathOf } from './attachment-store';

/** Attachments in a directory (ATTACHMENTS_DIR): the embedded default, a volume in production. */
export class FilesystemAttachmentStore extends AttachmentStore {
  private readonly root: string;

  constructor(directory: string) {
    super();
    this.root = path.resolve(directory);
  }

  async put(content: Buffer): Promise<string> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const target = this.pathOf(sha256);
    if (await exists(target)) {
      return sha256;
    }
    await mkdir(path.dirname(target), { recursive: true });
    // Written aside and renamed: a reader never sees half a file, and a crash leaves only a temp file.
    const temporary = `${target}.${randomUUID()}.tmp`;
    try {
      await writeFile(temporary, content, { flag: 'wx' });
      await rename(temporary, target);
    } finally {
      await rm(temporary, { force: true });
    }
    return sha256;
  }

  async open(sha256: string): Promise<Readable> {
    // Opened before the stream is handed out, so a missing file is an error here rather than
    // one in the middle of a response whose headers are sent.
    const handle = await open(this.pathOf(sha256), 'r').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new AttachmentContentMissingError(sha256) : error;
    });
    return handle.createReadStream();
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }

  pathOf(sha256: string): string {
    return path.join(this.root, ...relativePathOf(sha256).split('/'));
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
