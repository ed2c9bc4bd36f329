import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { KnowledgeConfig } from '../config/knowledge.config';
import { ItemsModule } from '../items/items.module';
import { AttachmentStore } from './attachment-store';
import { AttachmentsController, UPLOAD_MEDIA_TYPES } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';

@Module({ imports: [ItemsModule], controllers: [AttachmentsController], providers: [AttachmentStore, AttachmentsRepository, AttachmentsService] })
export class AttachmentsModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: KnowledgeConfig,
  ) {}

  /**
   * Uploads are raw bytes (no multipart parser among the dependencies, and none needed): these
   * types are read whole as a Buffer, up to the attachment limit rather than the JSON body limit.
   * Fastify answers a larger body with 413 before any handler runs.
   */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || fastify.hasContentTypeParser('application/pdf')) {
      return;
    }
    fastify.addContentTypeParser(UPLOAD_MEDIA_TYPES, { parseAs: 'buffer', bodyLimit: this.config.ATTACHMENT_MAX_BYTES }, (_request, body, done) =>
      done(null, body),
    );
  }
}
