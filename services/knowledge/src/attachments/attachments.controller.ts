import { Controller, Get, HttpException, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Public, Roles, type Principal } from '@deelwijs/identity';
import { InvalidInputException } from '@deelwijs/platform';
import { AuditLog } from '../audit/audit-log';
import { AttachmentView } from '../items/dto/item.dto';
import { ItemsService } from '../items/items.service';
import { AttachmentStore } from './attachment-store';
import { contentDisposition, extensionOf, fileNameProblem, sniffFileType } from './file-type';

class UploadQueryDto {
  @ApiPropertyOptional({ example: 'verslag-democratiespel.pdf', description: 'Bestandsnaam / file name (no folders)' })
  @IsOptional()
  @IsString()
  name?: string;
}

export const UPLOAD_MEDIA_TYPES = [
  'application/octet-stream',
  'application/pdf',
  'application/zip',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/csv',
  'text/markdown',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
];

const uuid = new ParseUUIDPipe();

@ApiTags('knowledge-items')
@ApiSecurity('bearer')
@ApiSecurity('apiKey')
@Controller('v1/knowledge-items/:itemId/attachments')
export class AttachmentsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly items: ItemsService,
    private readonly store: AttachmentStore,
    private readonly audit: AuditLog,
  ) {}

  @Post()
  @Roles('editor', 'admin')
  @ApiOperation({ summary: 'Bijlage toevoegen (ruwe bytes) / add an attachment: the raw file as the body, its name in ?name=' })
  @ApiConsumes(...UPLOAD_MEDIA_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: AttachmentView })
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Param('itemId', uuid) itemId: string,
    @Query() query: UploadQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<AttachmentView> {
    const nameProblem = fileNameProblem(query.name);
    if (nameProblem) {
      throw new InvalidInputException([{ name: 'name', reason: nameProblem }]);
    }
    const fileName = query.name!;
    const content = request.body;
    if (!Buffer.isBuffer(content) || content.length === 0) {
      throw new InvalidInputException([{ name: 'body', reason: 'send the file itself as the body, as application/octet-stream or its own type' }]);
    }
    const sniffed = sniffFileType(content, fileName);
    if (!sniffed) {
      throw new HttpException(
        'Dit bestandstype wordt niet aangenomen / this type of file is not accepted: PDF, PNG, JPEG, GIF, WebP, office documents, ZIP, CSV, text and Markdown are.',
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    }
    if (!sniffed.extensions.includes(extensionOf(fileName))) {
      throw new InvalidInputException([{ name: 'name', reason: `the content is ${sniffed.mediaType}; the name must end in .${sniffed.extensions[0]}` }]);
    }
    await this.items.visible(principal, itemId);
    const sha256 = await this.store.put(content);
    const attachment = { attachmentId: randomUUID(), fileName, mediaType: sniffed.mediaType, sizeBytes: content.length, sha256 };
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO knowledge_attachments (attachment_id, item_id, sha256, size_bytes, media_type, file_name, added_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [attachment.attachmentId, itemId, sha256, content.length, sniffed.mediaType, fileName, `${principal.kind}:${principal.id}`],
      );
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

  @Get(':attachmentId')
  @Public({ identifyCaller: true })
  @ApiOperation({ summary: 'Bijlage downloaden / download an attachment (visibility of its item applies)' })
  async download(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('itemId', uuid) itemId: string,
    @Param('attachmentId', uuid) attachmentId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const item = await this.items.visible(principal, itemId);
    const attachment = item.attachments.find((candidate) => candidate.attachmentId === attachmentId);
    if (!attachment) {
      throw new HttpException(`Bijlage ${attachmentId} bestaat niet / attachment does not exist.`, HttpStatus.NOT_FOUND);
    }
    await reply
      .header('content-type', attachment.mediaType)
      .header('content-length', String(attachment.sizeBytes))
      .header('content-disposition', contentDisposition(attachment.fileName))
      .header('x-content-type-options', 'nosniff')
      // Even if a browser were to render it, nothing in it may run or load.
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('etag', `"${attachment.sha256}"`)
      .header('cache-control', item.visibility === 'public' ? 'public, max-age=3600' : 'private, max-age=0')
      .send(this.store.open(attachment.sha256));
  }
}
