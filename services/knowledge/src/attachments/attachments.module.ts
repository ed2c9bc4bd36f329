import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { KnowledgeConfig } from '../config/knowledge.config';
import { ItemsModule } from '../items/items.module';
import { AttachmentStore } from './attachment-store';
import { FilesystemAttachmentStore } from './filesystem-attachment-store';
import { S3AttachmentStore } from './s3-attachment-store';
import { AttachmentsController, UPLOAD_MEDIA_TYPES } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';

/** The store the settings choose: a bucket when S3_BUCKET is set, else the directory ATTACHMENTS_DIR. */
export function attachmentStoreFor(config: KnowledgeConfig): AttachmentStore {
  if (!config.S3_BUCKET) {
    return new FilesystemAttachmentStore(config.ATTACHMENTS_DIR);
  }
  return new S3AttachmentStore({
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials:
      config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY } : undefined,
  });
}

@Module({
  imports: [ItemsModule],
  controllers: [AttachmentsController],
  providers: [{ provide: AttachmentStore, useFactory: attachmentStoreFor, inject: [KnowledgeConfig] }, AttachmentsRepository, AttachmentsService],
})
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
