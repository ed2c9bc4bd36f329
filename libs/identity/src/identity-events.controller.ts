import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ApiKeyIssuedV1, ApiKeyRevokedV1, OrganisationRegisteredV1, type PayloadOf } from '@deelwijs/contracts';
import { EventContext, OnEvent } from '@deelwijs/messaging';
import { ApiKeyStore } from './api-key.store';

/** Keeps this service's copy of organisations and API keys in step with the identity stream. */
@Controller()
export class IdentityEventsController {
  constructor(private readonly store: ApiKeyStore) {}

  @OnEvent(OrganisationRegisteredV1)
  organisationRegistered(@Payload() event: PayloadOf<typeof OrganisationRegisteredV1>, @Ctx() context: EventContext) {
    return this.store.recordOrganisation(context.transaction, event);
  }

  @OnEvent(ApiKeyIssuedV1)
  keyIssued(@Payload() event: PayloadOf<typeof ApiKeyIssuedV1>, @Ctx() context: EventContext) {
    return this.store.recordIssued(context.transaction, event);
  }

  @OnEvent(ApiKeyRevokedV1)
  keyRevoked(@Payload() event: PayloadOf<typeof ApiKeyRevokedV1>, @Ctx() context: EventContext) {
    return this.store.recordRevoked(context.transaction, event.keyId);
  }
}
