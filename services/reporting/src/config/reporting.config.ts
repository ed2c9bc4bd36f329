import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsString, Max, Min, ValidateBy } from 'class-validator';
import { MailingServiceConfig, parseCidr } from '@deelwijs/platform';

/** A DNS name: labels of letters, digits and inner hyphens (not an address: those are parsed as such). */
const HOST_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value;

const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' ? Number(value) : value);

/**
 * The reporting service's settings. Deviation thresholds here are the defaults; a programme may
 * set its own in its definition (`thresholds:`), which win.
 */
export class ReportingConfig extends MailingServiceConfig {
  /** Pace against time elapsed: a projection this far off the target is "at risk". */
  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  @Max(1)
  DEVIATION_PACE_TOLERANCE = 0.15;

  /** Before this share of the period has passed, pace says nothing yet (a quiet January is no risk). */
  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  @Max(1)
  DEVIATION_MIN_ELAPSED = 0.2;

  /** Spending ahead of time by more than this share of the pro-rata budget is "at risk". */
  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  @Max(5)
  DEVIATION_BUDGET_TOLERANCE = 0.1;

  /** Spent and committed above this share of the budget is "at risk"; above 1 it is a deviation. */
  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  @Max(1)
  DEVIATION_BUDGET_WARNING_RATIO = 0.95;

  /** When the scheduled aggregation snapshot runs (cron, Europe/Amsterdam). */
  @IsString()
  SNAPSHOT_CRON = '5 2 * * *';

  /** Attempts of a report delivery (webhook or e-mail) before it counts as failed. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  DELIVERY_ATTEMPTS = 8;

  /** First back-off of a failed delivery; doubles with each attempt. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  DELIVERY_BACKOFF_MS = 5_000;

  /** How long a webhook receiver may take to answer. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  DELIVERY_TIMEOUT_MS = 10_000;

  /** Webhooks to plain http:// are for local development and tests only. */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  DELIVERY_ALLOW_HTTP = false;

  /**
   * Webhook hosts allowed although they are not on the public internet: host names
   * (`hooks.intranet.provincie.local`), addresses and CIDR ranges (`10.20.0.0/16`), comma-separated.
   * Empty, the default: webhooks reach public addresses only.
   */
  @Transform(toList)
  @ValidateBy({
    name: 'webhookHosts',
    validator: {
      validate: (value: unknown) => Array.isArray(value) && value.every((entry) => typeof entry === 'string' && (HOST_NAME.test(entry) || parseCidr(entry) !== undefined)),
      defaultMessage: () => 'must be host names, addresses or CIDR ranges, comma-separated',
    },
  })
  WEBHOOK_ALLOWED_HOSTS: string[] = [];
}
