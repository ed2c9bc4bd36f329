import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AttachmentRef } from '../items/knowledge-item';

/** Data access for attachment rows; the files themselves are AttachmentStore's, the rules AttachmentsService's. */
@Injectable()
export class AttachmentsRepository {
  async insert(transaction: EntityManager, itemId: string, attachment: AttachmentRef, addedBy: string): Promise<void> {
    await transaction.query(
      `INSERT INTO knowledge_attachments (attachment_id, item_id, sha256, size_bytes, media_type, file_name, added_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [attachment.attachmentId, itemId, attachment.sha256, attachment.sizeBytes, attachment.mediaType, attachment.fileName, addedBy],
    );
  }
}
