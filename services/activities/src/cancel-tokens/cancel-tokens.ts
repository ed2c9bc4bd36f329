import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The registrant's cancel link carries an HMAC of the registration id: nothing secret is
 * stored, the reminder mail can rebuild the link at any time, and erasing the registrant
 * changes nothing about it.
 */
export class CancelTokens {
  constructor(private readonly secret: string) {}

  tokenFor(registrationId: string): string {
    return createHmac('sha256', this.secret)
      .update(`cancel-registration:${registrationId}`)
      .digest('base64url');
  }

  verify(registrationId: string, token: string): boolean {
    const expected = Buffer.from(this.tokenFor(registrationId));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  linkFor(baseUrl: string, registrationId: string): string {
    return `${baseUrl.replace(/\/$/, '')}/v1/registration-cancellations/${registrationId}?token=${this.tokenFor(registrationId)}`;
  }
}
