import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ParseUuid } from '@deelwijs/platform';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@deelwijs/identity';
import { IgnoresIdempotencyKey, PersonalData } from '@deelwijs/platform';
import { DeliveryListView, DeliveryQuery, DeliveryView, SubscriptionBody, SubscriptionView } from './dto/delivery.dto';
import { DeliveryService } from './delivery.service';

/** Subscribers to approved reports (signed webhooks, e-mail) and what was delivered to them. */
@ApiTags('delivery')
@ApiSecurity('bearer')
@Controller()
export class DeliveryController {
  constructor(private readonly delivery: DeliveryService) {}

  @Post('v1/subscriptions')
  @Roles('admin')
  @PersonalData()
  // The answer carries the webhook's signing secret, shown once: it must not be kept for a
  // replay. A repeat is answered 409 by the subscription's own key (target, programme, channel).
  @IgnoresIdempotencyKey()
  @ApiCreatedResponse({ type: SubscriptionView })
  @ApiConflictResponse({ description: 'The target already subscribes to the programme by this channel.' })
  subscribe(@Body() body: SubscriptionBody) {
    return this.delivery.subscribe(body);
  }

  @Get('v1/subscriptions')
  @Roles('admin')
  @PersonalData()
  @ApiOkResponse({ type: [SubscriptionView] })
  async list(@CurrentPrincipal() principal: Principal) {
    return { items: await this.delivery.subscriptions(principal) };
  }

  @Delete('v1/subscriptions/:id')
  @HttpCode(204)
  @Roles('admin')
  @ApiNoContentResponse()
  unsubscribe(@Param('id', ParseUuid) id: string): Promise<void> {
    return this.delivery.unsubscribe(id);
  }

  @Get('v1/deliveries')
  @Roles('admin')
  @ApiOkResponse({ type: DeliveryListView, description: 'Newest first; failed ones stay until retried.' })
  async deliveries(@Query() query: DeliveryQuery) {
    return { items: await this.delivery.deliveries(query.status) };
  }

  /** A new attempt at a failed delivery (a sub-resource, not a verb: NLGov /core/naming-resources). */
  @Post('v1/deliveries/:id/attempts')
  @HttpCode(202)
  @Roles('admin')
  @ApiOkResponse({ type: DeliveryView })
  @ApiConflictResponse({ description: 'Only a failed delivery can be retried.' })
  retry(@Param('id', ParseUuid) id: string) {
    return this.delivery.retry(id);
  }
}
