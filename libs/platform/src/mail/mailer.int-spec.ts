import { SmtpReceiver, TEST_IDENTITY_PUBLIC_KEY, waitFor } from '@deelwijs/testing';
import { loadConfig } from '../config/service-config';
import { Mailer } from './mailer';
import { MailingServiceConfig } from './mailing-service.config';

describe('Mailer (a real SMTP server)', () => {
  const receiver = new SmtpReceiver();
  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());

  function config(env: Record<string, string> = {}): MailingServiceConfig {
    return loadConfig(MailingServiceConfig, {
      PORT: '3000',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/unused',
      AUTH_JWT_SECRET: 'x'.repeat(32),
      IDENTITY_SIGNING_PUBLIC_KEY: TEST_IDENTITY_PUBLIC_KEY,
      ...receiver.env(),
      ...env,
    });
  }

  it('delivers Dutch text with its Message-ID and sender intact', async () => {
    const mailer = new Mailer(config({ SMTP_FROM: 'Provincie <noreply@provincie.example>' }));
    try {
      await mailer.send({
        to: 'leerkracht@school.example',
        subject: 'Herinnering: gastles “Democratie” – 12 maart',
        text: 'Tot ziens in Zwolle, één dag na de verkiezingen.',
        messageId: '<reminder-abc@deelwijs>',
      });
      const [mail] = await waitFor(
        async () => receiver.to('leerkracht@school.example'),
        (mails) => mails.length === 1,
      );

      expect(mail.subject).toBe('Herinnering: gastles “Democratie” – 12 maart');
      expect(mail.text.trim()).toBe('Tot ziens in Zwolle, één dag na de verkiezingen.');
      expect(mail.messageId).toBe('<reminder-abc@deelwijs>');
      expect(mail.from).toBe('noreply@provincie.example');
    } finally {
      mailer.onApplicationShutdown();
    }
  });

  it('refuses a sender that is not an address, naming the variable', () => {
    expect(() => config()).not.toThrow();
    expect(() => config({ SMTP_FROM: 'not an address' })).toThrow(/SMTP_FROM/);
  });
});
