import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { ServiceConfig } from '@deelwijs/platform';

/** The knowledge service's own settings on top of the platform's. */
export class KnowledgeConfig extends ServiceConfig {
  /** Where attachments are stored, content-addressed (sha256); a volume in production. */
  @IsString()
  @MinLength(1)
  ATTACHMENTS_DIR = 'var/knowledge-attachments';

  @Type(() => Number)
  @IsInt()
  @Min(1_024)
  @Max(1_073_741_824)
  ATTACHMENT_MAX_BYTES = 20 * 1_048_576;

  /**
   * Evaluation aggregates are recomputed this long after the last response: one event for a
   * burst of responses, and consecutive aggregates cannot be told apart per respondent.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  EVALUATION_AGGREGATE_DELAY_MS = 60_000;

  /** Below this many responses no aggregate is shown or emitted: a few answers would identify people. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  EVALUATION_MIN_RESPONSES = 5;
}
