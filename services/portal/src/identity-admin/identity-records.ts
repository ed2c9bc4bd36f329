import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { IdentityAdmin, IdentityDirectory } from '@deelwijs/identity';
import { identityAdminOptions } from '@deelwijs/platform';
import { PortalConfig } from '../config/portal.config';

/**
 * The IDENTITY stream, the record of organisations and API keys: written through IdentityAdmin
 * and read through an in-memory IdentityDirectory that follows it. The portal owns no
 * database: the stream is small and already the record, so a copy in a table of its own would
 * only be a second record to keep in step.
 */
@Injectable()
export class IdentityRecords implements OnModuleInit, OnApplicationShutdown {
  private adminConnection?: IdentityAdmin;
  private readDirectory?: IdentityDirectory;

  constructor(private readonly config: PortalConfig) {}

  async onModuleInit(): Promise<void> {
    this.adminConnection = await IdentityAdmin.connect(identityAdminOptions(this.config, 'portal'));
    this.readDirectory = await IdentityDirectory.open(
      this.adminConnection.connection,
      this.adminConnection.eventNamespace,
      this.adminConnection.verifier,
    );
  }

  get admin(): IdentityAdmin {
    return this.adminConnection!;
  }

  get directory(): IdentityDirectory {
    return this.readDirectory!;
  }

  async ping(): Promise<void> {
    await this.admin.connection.flush();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readDirectory?.close();
    await this.adminConnection?.close();
  }
}
