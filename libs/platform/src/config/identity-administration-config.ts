import type { IdentityAdminOptions } from '@deelwijs/identity';
import { SecretSetting } from './secret-settings';
import { BaseServiceConfig, IsIdentityKey, natsCredentials } from './service-config';

/**
 * Settings of a process that administers identity (the portal's partner keys, the embedded
 * provider's demo organisation): it signs every identity event it publishes.
 */
export class IdentityAdministrationConfig extends BaseServiceConfig {
  /** The Ed25519 private key of the identity administration (base64 PKCS#8 DER or PEM); or IDENTITY_SIGNING_KEY_FILE. */
  @SecretSetting()
  @IsIdentityKey('private')
  IDENTITY_SIGNING_KEY: string;
}

/** What IdentityAdmin.connect needs, from an administering process's settings. */
export function identityAdminOptions(config: IdentityAdministrationConfig, name: string): IdentityAdminOptions {
  return {
    natsUrl: config.NATS_URL,
    natsCredentials: natsCredentials(config),
    signingKey: config.IDENTITY_SIGNING_KEY,
    namespace: config.EVENTS_NAMESPACE,
    streamReplicas: config.STREAM_REPLICAS,
    name,
  };
}
