import 'reflect-metadata';
import { generateSigningKeyPair } from '@deelwijs/contracts';
import { loadConfig } from '@deelwijs/platform';
import { ReportingConfig } from './reporting.config';

const IDENTITY_SIGNING_PUBLIC_KEY = generateSigningKeyPair().publicKey;

describe('the reporting settings', () => {
  const load = (env: Record<string, string>) =>
    loadConfig(ReportingConfig, { PORT: '3003', DATABASE_URL: 'postgres://127.0.0.1/deelwijs_reporting', AUTH_JWT_SECRET: 'a-test-secret-that-is-long-enough-123', IDENTITY_SIGNING_PUBLIC_KEY, ...env });

  it('allows no private webhook host by default, and host names, addresses and CIDRs when listed', () => {
    expect(load({}).WEBHOOK_ALLOWED_HOSTS).toEqual([]);
    expect(load({ WEBHOOK_ALLOWED_HOSTS: 'hooks.intranet.provincie.local, 10.20.0.0/16,127.0.0.1,fd00::/8' }).WEBHOOK_ALLOWED_HOSTS).toEqual([
      'hooks.intranet.provincie.local',
      '10.20.0.0/16',
      '127.0.0.1',
      'fd00::/8',
    ]);
    for (const value of ['https://hooks.example', 'hooks.example:8443', '*', 'hooks example', '10.0.0.0/99', '999.1.1.1']) {
      expect(() => load({ WEBHOOK_ALLOWED_HOSTS: value })).toThrow(/WEBHOOK_ALLOWED_HOSTS must be host names, addresses or CIDR ranges/);
    }
  });
});
