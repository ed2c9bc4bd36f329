import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { SecretSetting, ServiceConfig } from '@deelwijs/platform';

/** Any S3 setting but the bucket: setting one of them without S3_BUCKET is a mistake, not the filesystem. */
const S3_SETTINGS_BESIDES_BUCKET = ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

/** The knowledge service's own settings on top of the platform's. */
export class KnowledgeConfig extends ServiceConfig {
  /**
   * Where attachments are stored, content-addressed (sha256), while S3_BUCKET is unset: the
   * embedded default, a volume in production (and then one replica, or a shared volume).
   */
  @IsString()
  @MinLength(1)
  ATTACHMENTS_DIR = 'var/knowledge-attachments';

  /**
   * The bucket of an S3-compatible object store (MinIO, AWS S3, a cloud's S3 API): set, the
   * attachments go there instead of ATTACHMENTS_DIR, so every replica sees the same files.
   */
  @ValidateIf((config: KnowledgeConfig) => config.S3_BUCKET !== undefined || S3_SETTINGS_BESIDES_BUCKET.some((name) => config[name] !== undefined))
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be a bucket name (3-63 lower-case letters, digits, dots and hyphens), and is required once another S3_ setting is given' })
  S3_BUCKET?: string;

  /** The object store's address (`http://minio:9000`); unset: AWS S3 of S3_REGION. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  S3_ENDPOINT?: string;

  @IsString()
  @IsNotEmpty()
  S3_REGION = 'us-east-1';

  /** Bucket in the path (`http://minio:9000/bucket/key`) rather than in the host name: what MinIO and most S3-compatibles need. */
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  S3_FORCE_PATH_STYLE = false;

  /**
   * The object store's access key; or S3_ACCESS_KEY_ID_FILE. Both keys unset: the SDK's own
   * chain (AWS_* variables, a pod's web identity, instance metadata).
   */
  @SecretSetting()
  @ValidateIf((config: KnowledgeConfig) => config.S3_ACCESS_KEY_ID !== undefined || config.S3_SECRET_ACCESS_KEY !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'is required when S3_SECRET_ACCESS_KEY is set (or S3_ACCESS_KEY_ID_FILE)' })
  S3_ACCESS_KEY_ID?: string;

  /** Its secret; or S3_SECRET_ACCESS_KEY_FILE. Its length is the object store's to decide; published and placeholder values are refused. */
  @SecretSetting()
  @ValidateIf((config: KnowledgeConfig) => config.S3_ACCESS_KEY_ID !== undefined || config.S3_SECRET_ACCESS_KEY !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'is required when S3_ACCESS_KEY_ID is set (or S3_SECRET_ACCESS_KEY_FILE)' })
  S3_SECRET_ACCESS_KEY?: string;

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
