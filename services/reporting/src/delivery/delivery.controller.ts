import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ProgressReportApprovedV1, type PayloadOf } from '@deelwijs/contracts';
import { Roles } from '@deelwijs/identity';
import { EventContext, OnEvent } from '@deelwijs/messaging';
import { LANGUAGES, type Language } from '../reports/i18n';
import { PROGRAMME_CODE } from '../reports/dto/report.dto';
import { DeliveryService } from './delivery.service';
import { SubscriptionRepository, type Channel } from './subscription.repository';

class SubscriptionBody {
  @ApiProperty({ example: 'overijssel-2026' })
  @Matches(PROGRAMME_CODE, { message: 'programmeCode must be a lower-case slug such as overijssel-2026' })
  programmeCode: string;

  @ApiProperty({ enum: ['webhook', 'email'] })
  @IsIn(['webhook', 'email'])
  channel: Channel;

  @ApiProperty({ example: 'https://intranet.provincie.example/hooks/voortgang', description: 'The webhook URL or the e-mail address.' })
  @IsString()
  @MaxLength(2000)
  target: string;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'nl' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language: Language = 'nl';

  @ApiPropertyOptional({ description: 'Webhooks: the HMAC secret; made up and returned once when left out.' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret?: string;
}

class SubscriptionView {
  @ApiProperty() id: string;
  @ApiProperty() programmeCode: string;
  @ApiProperty({ enum: ['webhook', 'email'] }) channel: string;
  @ApiProperty() target: string;
  @ApiProperty({ enum: LANGUAGES }) language: string;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ description: 'Only in the answer to the subscription: the webhook signing secret.' }) secret?: string;
}

class DeliveryView {
  @ApiProperty() id: string;
  @ApiProperty() subscriptionId: string;
  @ApiProperty() programmeCode: string;
  @ApiProperty() period: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional() lastError?: string;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional() deliveredAt?: string;
}

class DeliveryQuery {
  @ApiPropertyOptional({ enum: ['pending', 'delivered', 'failed'] })
  @IsOptional()
  @IsIn(['pending', 'delivered', 'failed'])
  status?: 'pending' | 'delivered' | 'failed';
}

/** Subscribers to approved reports (signed webhooks, e-mail) and what was delivered to them. */
@ApiTags('delivery')
@ApiSecurity('bearer')
@Controller()
export class DeliveryController {
  constructor(
    private readonly delivery: DeliveryService,
    private readonly subscriptions: SubscriptionRepository,
  ) {}

  /** Reporting's own event: the approval committed, so its report goes out to every subscriber. */
  @OnEvent(ProgressReportApprovedV1)
  approved(@Payload() event: PayloadOf<typeof ProgressReportApprovedV1>, @Ctx() ctx: EventContext) {
    return this.delivery.scheduleDeliveries(ctx.transaction, event.programmeCode, event.period);
  }

  @Post('v1/subscriptions')
  @Roles('admin')
  @ApiCreatedResponse({ type: SubscriptionView })
  @ApiConflictResponse({ description: 'The target already subscribes to the programme by this channel.' })
  subscribe(@Body() body: SubscriptionBody) {
    return this.delivery.subscribe(body);
  }

  @Get('v1/subscriptions')
  @Roles('admin')
  @ApiOkResponse({ type: [SubscriptionView] })
  async list() {
    return { items: await this.subscriptions.list() };
  }

  @Delete('v1/subscriptions/:id')
  @HttpCode(204)
  @Roles('admin')
  @ApiNoContentResponse()
  async unsubscribe(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    if (!(await this.subscriptions.remove(id))) {
      throw new NotFoundException(`Subscription ${id} does not exist.`);
    }
  }

  @Get('v1/deliveries')
  @Roles('admin')
  @ApiOkResponse({ type: [DeliveryView], description: 'Newest first; failed ones stay until retried.' })
  async deliveries(@Query() query: DeliveryQuery) {
    return { items: await this.subscriptions.deliveries(query.status) };
  }

  @Post('v1/deliveries/:id/retry')
  @HttpCode(202)
  @Roles('admin')
  @ApiOkResponse({ type: DeliveryView })
  @ApiConflictResponse({ description: 'Only a failed delivery can be retried.' })
  retry(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.delivery.retry(id);
  }
}
