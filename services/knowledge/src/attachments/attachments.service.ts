import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { Principal } from '@deelwijs/identity';
import { InvalidInputException } from '@deelwijs/platform';
import { AuditLog } from '../audit/audit-log.service';
import { actorOf } from '../common/audience';
import { ItemsService } from '../items/items.service';
import type { AttachmentRef, KnowledgeItem } from '../items/knowledge-item';
import { AttachmentStore } from './attachment-store';
import { AttachmentsRepository } from './attachments.repository';
import { extensionOf, fileNameProblem, sniffFileType } from './file-type';

/**
 * Attachments of knowledge items: the type is sniffed from the content and must fit the name,
 * the file is stored by its hash, and adding one is a new version of its item. Who may see an
 * attachment is decided by its item's visibility.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly attachments: AttachmentsRepository,
    private readonly items: ItemsService,
    private readonly store: AttachmentStore,
    private readonly audit: AuditLog,
  ) {}

  async add(principal: Principal, itemId: string, fileName: string | undefined, content: unknown): Promise<AttachmentRef> {
    const nameProblem = fileNameProblem(fileName);
    if (nameProblem) {
      throw new InvalidInputException([{ name: 'name', reason: nameProblem }]);
    }
    const name = fileName!;
    if (!Buffer.isBuffer(content) || content.length === 0) {
      throw new InvalidInputException([{ name: 'body', reason: 'send the file itself as the body, as application/octet-stream or its own type' }]);
    }
    const sniffed = sniffFileType(content, name);
    if (!sniffed) {
      throw new HttpException(
        'Dit bestandstype wordt niet aangenomen / this type of file is not accepted: PDF, PNG, JPEG, GIF, WebP, office documents, ZIP, CSV, text and Markdown are.',
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    }
    if (!sniffed.extensions.includes(extensionOf(name))) {
      throw new InvalidInputException([{ name: 'name', reason: `the content is ${sniffed.mediaType}; the name must end in .${sniffed.extensions[0]}` }]);
    }
    await this.items.visible(principal, itemId);
    const sha256 = await this.store.put(content);
    const attachment: AttachmentRef = { attachmentId: randomUUID(), fileName: name, mediaType: sniffed.mediaType, sizeBytes: content.length, sha256 };
    await this.dataSource.transaction(async (manager) => {
      await this.attachments.insert(manager, itemId, attachment, actorOf(principal));
      await this.items.recordAttachment(manager, principal, itemId, attachment);
      await this.audit.record(manager, {
        principal,
        action: 'knowledge-item.attachment-added',
        entityType: 'knowledge-item',
        entityId: itemId,
        details: { attachmentId: attachment.attachmentId, sha256, sizeBytes: content.length },
      });
    });
    return attachment;
  }

  /** The attachment and its content, if the caller may see its item; otherwise the same 404 as for one that does not exist. */
  async open(
    principal: Principal | undefined,
    itemId: string,
    attachmentId: string,
  ): Promise<{ attachment: AttachmentRef; visibility: KnowledgeItem['visibility']; content: Readable }> {
    const item = await this.items.visible(principal, itemId);
    const attachment = item.attachments.find((candidate) => candidate.attachmentId === attachmentId);
    if (!attachment) {
      throw new HttpException(`Bijlage ${attachmentId} bestaat niet / attachment does not exist.`, HttpStatus.NOT_FOUND);
    }
    return { attachment, visibility: item.visibility, content: await this.store.open(attachment.sha256) };
  }
}
