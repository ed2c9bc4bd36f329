import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsUrl, Matches, Max, Min } from 'class-validator';
import { MailingServiceConfig } from '@deelwijs/platform';

function toHourList({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.split(',').map((part) => Number(part.trim())) : value;
}

export class ActivitiesConfig extends MailingServiceConfig {
  /** Where registrants' links (cancel, calendar) point: the public address of this API. */
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'must be an http(s) URL' })
  PUBLIC_BASE_URL = 'http://localhost:3001';

  /** Hours before the start at which registrants get a reminder. */
  @Transform(toHourList)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(24 * 60, { each: true })
  REMINDER_OFFSETS_HOURS: number[] = [48, 2];

  /** Hours after the end at which the organiser is asked to record attendance. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  ATTENDANCE_REMINDER_AFTER_HOURS = 2;

  /** Registrants' personal data is anonymised this many days after their activity. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RETENTION_DAYS = 365;

  /**
   * Tests and demos only: reminder offsets in seconds, replacing REMINDER_OFFSETS_HOURS, so a
   * test can watch reminders of an activity that starts a minute from now.
   */
  @IsOptional()
  @Transform(toHourList)
  @IsInt({ each: true })
  @Min(1, { each: true })
  REMINDER_OFFSETS_SECONDS?: number[];

  /** Tests and demos only: replaces ATTENDANCE_REMINDER_AFTER_HOURS, in seconds. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  ATTENDANCE_REMINDER_AFTER_SECONDS?: number;

  /** Mails one instance sends at once (the SMTP pool holds two connections). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  NOTIFICATION_CONCURRENCY = 4;

  /**
   * How long a mail job's lock lasts without renewal (renewed every half of it while the job
   * runs): after a worker dies, its job is taken up again within this plus the stalled check
   * (2 s; see libs/platform's JobRunner). Sending a mail waits on SMTP, not on the CPU, so the
   * lock can be short; the ledger (sent_mails) keeps a job run twice from mailing twice.
   */
  @Type(() => Number)
  @IsInt()
  @Min(500)
  NOTIFICATION_JOB_LOCK_MS = 5_000;

  /**
   * Crash tests only: SIGKILL the process on the first attempt of a mail of a kind, after the
   * ledger claim and before the send, or after the send and before it is marked sent.
   */
  @IsOptional()
  @Matches(/^(crash-after-claim|crash-after-send):[a-z-]+$/, {
    message: 'must be crash-after-claim:<kind> or crash-after-send:<kind>',
  })
  MAIL_FAULT_INJECTION?: string;

  /** The largest spreadsheet a registration import accepts (the file is held in the database until its job ends). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  REGISTRATION_IMPORT_MAX_BYTES = 8 * 1024 * 1024;

  /** The most data rows a registration import accepts. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  REGISTRATION_IMPORT_MAX_ROWS = 50_000;

  /**
   * How long an import job's lock lasts without renewal (renewed every half of it while the job
   * runs): after a worker dies, the import is taken up again (after its last committed chunk)
   * within this plus the stalled check (2 s; see libs/platform's JobRunner). The rows are read
   * as a stream and registered chunk by chunk, so the job never holds the event loop for long.
   */
  @Type(() => Number)
  @IsInt()
  @Min(500)
  REGISTRATION_IMPORT_JOB_LOCK_MS = 5_000;
}
