import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@deelwijs/identity';
import { PortalConfig } from '../config/portal.config';
import { FORWARDED_SERVICES } from '../forwarding/forwarded-services';

export interface AppConfigView {
  /** Each service's API description and its Swagger UI, through the portal. */
  services: Record<string, { openapi: string; docs: string }>;
  mailCatcherUrl?: string;
}

/** What the web app links to: each service's API description (through the portal) and, in development, the mail page. */
@ApiExcludeController()
@Controller('api/config')
export class PortalConfigController {
  constructor(private readonly config: PortalConfig) {}

  @Public()
  @Get()
  view(): AppConfigView {
    return {
      services: Object.fromEntries(FORWARDED_SERVICES.map((service) => [service, { openapi: `/api/${service}/openapi.json`, docs: `/api/${service}/docs` }])),
      ...(this.config.MAIL_CATCHER_URL ? { mailCatcherUrl: this.config.MAIL_CATCHER_URL } : {}),
    };
  }
}
