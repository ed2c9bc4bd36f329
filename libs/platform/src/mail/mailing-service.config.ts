import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { SecretSetting } from '../config/secret-settings';
import { ServiceConfig } from '../config/service-config';

/** Settings of a service that sends e-mail (reminders, report delivery) over SMTP. */
export class MailingServiceConfig extends ServiceConfig {
  @IsString()
  SMTP_HOST = '127.0.0.1';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT = 1025;

  /** TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it. */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  SMTP_SECURE = false;

  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  /** The relay's own password policy decides its length; published and placeholder values are refused. */
  @SecretSetting()
  @IsOptional()
  @IsString()
  SMTP_PASSWORD?: string;

  @Matches(/^(.+ )?<?[^@\s<>]+@[^@\s<>]+>?$/, { message: 'must be an address such as "Deelwijs <noreply@example.org>"' })
  SMTP_FROM = 'Deelwijs <noreply@deelwijs.local>';

  /** While the SMTP server cannot be reached: how often it is tried again (and one error line said). Mails wait meanwhile. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  SMTP_RETRY_INTERVAL_MS = 30_000;
}
