import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ParseUuid } from '@deelwijs/platform';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Public, Roles, type Principal } from '@deelwijs/identity';
import { AttachmentView } from '../items/dto/item.dto';
import { AttachmentsService } from './attachments.service';
import { UploadQueryDto } from './dto/attachment.dto';
import { contentDisposition } from './file-type';

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


@ApiTags('knowledge-items')
@ApiSecurity('bearer')
@ApiSecurity('apiKey')
@Controller('v1/knowledge-items/:itemId/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post()
  @Roles('editor', 'admin')
  @ApiOperation({ summary: 'Bijlage toevoegen (ruwe bytes) / add an attachment: the raw file as the body, its name in ?name=' })
  @ApiConsumes(...UPLOAD_MEDIA_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: AttachmentView })
  upload(
    @CurrentPrincipal() principal: Principal,
    @Param('itemId', ParseUuid) itemId: string,
    @Query() query: UploadQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<AttachmentView> {
    return this.attachments.add(principal, itemId, query.name, request.body);
  }

  @Get(':attachmentId')
  @Public({ identifyCaller: true })
  @ApiOperation({ summary: 'Bijlage downloaden / download an attachment (visibility of its item applies)' })
  async download(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('itemId', ParseUuid) itemId: string,
    @Param('attachmentId', ParseUuid) attachmentId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { attachment, visibility, content } = await this.attachments.open(principal, itemId, attachmentId);
    await reply
      .header('content-type', attachment.mediaType)
      .header('content-length', String(attachment.sizeBytes))
      .header('content-disposition', contentDisposition(attachment.fileName))
      .header('x-content-type-options', 'nosniff')
      // Even if a browser were to render it, nothing in it may run or load.
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('etag', `"${attachment.sha256}"`)
      .header('cache-control', visibility === 'public' ? 'public, max-age=3600' : 'private, max-age=0')
      .send(content);
  }
}
