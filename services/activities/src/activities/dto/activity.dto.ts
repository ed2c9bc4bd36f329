import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsOptional,
  IsUUID,
  Matches,
} from 'class-validator';
import { PRESTATIE_CODE_PATTERN } from '@deelwijs/contracts';
import {
  AmsterdamDateTime,
  EmailAddress,
  FreeText,
  MAX_CENTS,
  NestedObject,
  OffsetDateTime,
  PageQuery,
  PageView,
  SafeInt,
} from '@deelwijs/platform';
import { ACTIVITY_STATUSES, type ActivityStatus } from '../activity';

export class LocalisedTitleDto {
  @ApiProperty({ example: 'Democratiespel Zwolle', maxLength: 300 })
  @FreeText(300, { minLength: 1 })
  nl: string;

  @ApiPropertyOptional({ example: 'Democracy game Zwolle', maxLength: 300 })
  @IsOptional()
  @FreeText(300, { minLength: 1 })
  en?: string;
}

export class LocalisedTextDto {
  @ApiPropertyOptional({ maxLength: 20_000 })
  @IsOptional()
  @FreeText(20_000)
  nl?: string;

  @ApiPropertyOptional({ maxLength: 20_000 })
  @IsOptional()
  @FreeText(20_000)
  en?: string;
}

export class VenueDto {
  @ApiPropertyOptional({ example: 'Provinciehuis' })
  @IsOptional()
  @FreeText(200)
  name?: string;

  @ApiPropertyOptional({ example: 'Luttenbergstraat 2, 8012 EE Zwolle' })
  @IsOptional()
  @FreeText(300)
  address?: string;

  @ApiPropertyOptional({ example: 'Zwolle' })
  @IsOptional()
  @FreeText(200)
  municipality?: string;
}

/** The facts of an activity an organiser sets; shared by create, edit and series. */
export class ActivityFactsDto {
  @ApiProperty({ example: 'democracy-game', description: 'A slug from GET /v1/activity-types' })
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'type must be a slug from /v1/activity-types' })
  type: string;

  @ApiProperty({ type: LocalisedTitleDto })
  @NestedObject(() => LocalisedTitleDto)
  title: LocalisedTitleDto;

  @ApiPropertyOptional({ type: LocalisedTextDto })
  @IsOptional()
  @NestedObject(() => LocalisedTextDto)
  description?: LocalisedTextDto;

  @ApiPropertyOptional({
    example: 'overijssel-2026',
    description:
      'The programme the activity counts in; leave out for the default programme of the period of its start',
  })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'programmeCode must be a programme code such as overijssel-2026' })
  programmeCode?: string;

  @ApiProperty({ example: '7.2.3', description: "The prestatie the activity serves: one of the programme's" })
  @Matches(PRESTATIE_CODE_PATTERN, { message: 'prestatieCode must look like 7.2.3' })
  prestatieCode: string;

  @ApiPropertyOptional({ example: 1, description: 'The numbered action of the prestatie, as the programme numbers it' })
  @IsOptional()
  @SafeInt(1, 99)
  actionNumber?: number;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organiserOrganisationId?: string;

  @ApiPropertyOptional({
    example: 'organisator@overijssel.example',
    description: 'Gets the reminder to record attendance',
  })
  @IsOptional()
  @EmailAddress()
  organiserEmail?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Partners that co-organise; they may register participants',
  })
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(50)
  partnerOrganisationIds?: string[];

  @ApiPropertyOptional({
    description: 'Every partner may register, not only the listed ones',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  openToAllPartners?: boolean;

  @ApiPropertyOptional({ type: VenueDto })
  @IsOptional()
  @NestedObject(() => VenueDto)
  venue?: VenueDto;

  @ApiPropertyOptional({
    example: 'other-location',
    description: 'A slug from GET /v1/location-categories',
    default: 'regular',
  })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, {
    message: 'locationCategory must be a slug from /v1/location-categories',
  })
  locationCategory?: string;

  @ApiPropertyOptional({
    enum: ['people', 'groups'],
    default: 'people',
    description: 'A school class counts as one group',
  })
  @IsOptional()
  @IsIn(['people', 'groups'])
  capacityUnit?: 'people' | 'groups';

  @ApiPropertyOptional({ example: 30, description: 'Places in capacityUnit; leave out for no limit' })
  @IsOptional()
  @SafeInt(1, 100_000)
  capacity?: number;

  @ApiPropertyOptional({ example: 125_000, description: 'Planned cost in euro cents' })
  @IsOptional()
  @SafeInt(0, MAX_CENTS)
  plannedCostCents?: number;

  @ApiPropertyOptional({
    example: 24,
    description: 'Registrants may cancel until this many hours before the start',
  })
  @IsOptional()
  @SafeInt(0, 24 * 60)
  cancellationDeadlineHours?: number;
}

export class CreateActivityDto extends ActivityFactsDto {
  @ApiProperty({
    example: '2026-03-12T19:30:00+01:00',
    description: 'ISO 8601 with offset (Europe/Amsterdam)',
  })
  @AmsterdamDateTime()
  startsAt: string;

  @ApiProperty({ example: '2026-03-12T21:30:00+01:00' })
  @AmsterdamDateTime()
  endsAt: string;

  @ApiPropertyOptional({ description: 'Open for registration at once', default: false })
  @IsOptional()
  @IsBoolean()
  publish?: boolean;
}

export class RescheduleDto {
  @ApiProperty({ example: '2026-03-19T19:30:00+01:00' })
  @AmsterdamDateTime()
  startsAt: string;

  @ApiProperty({ example: '2026-03-19T21:30:00+01:00' })
  @AmsterdamDateTime()
  endsAt: string;

  @ApiPropertyOptional({
    example: 'Gastles vond een dag eerder plaats; achteraf vastgelegd',
    maxLength: 1000,
    description: 'Required when the new start lies in the past; written to the activity audit',
  })
  @IsOptional()
  @FreeText(1000)
  reason?: string;
}

export class ActivityAuditEntryView {
  @ApiProperty({ example: '2026-03-20T09:12:00+01:00' }) at: string;
  @ApiProperty({ enum: ['moved-into-the-past'] }) action: 'moved-into-the-past';
  @ApiProperty({ example: 'staff' }) actorKind: string;
  @ApiProperty() actorId: string;
  @ApiPropertyOptional({ type: String, nullable: true }) actorOrganisationId: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ type: Object, description: 'For a move: the start and end before and after' }) details: Record<
    string,
    unknown
  >;
}

export class ActivityAudit {
  @ApiProperty({ type: [ActivityAuditEntryView] }) items: ActivityAuditEntryView[];
}

export class CancelActivityDto {
  @ApiPropertyOptional({ example: 'Te weinig aanmeldingen', maxLength: 1000 })
  @IsOptional()
  @FreeText(1000)
  reason?: string;
}

export class ListActivitiesQuery extends PageQuery(50, 500) {
  @ApiPropertyOptional({ enum: ACTIVITY_STATUSES })
  @IsOptional()
  @IsIn(ACTIVITY_STATUSES)
  status?: ActivityStatus;

  @ApiPropertyOptional({ example: 'democracy-game' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'type must be a slug from /v1/activity-types' })
  type?: string;

  @ApiPropertyOptional({ example: '7.2.3' })
  @IsOptional()
  @Matches(PRESTATIE_CODE_PATTERN, { message: 'prestatie must look like 7.2.3' })
  prestatie?: string;

  @ApiPropertyOptional({ example: 'overijssel-2026' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'programme must be a programme code such as overijssel-2026' })
  programme?: string;

  @ApiPropertyOptional({ example: 'Zwolle' })
  @IsOptional()
  @FreeText(200)
  municipality?: string;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00+01:00', description: 'Starting at or after' })
  @IsOptional()
  @OffsetDateTime()
  from?: string;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00+01:00', description: 'Starting before' })
  @IsOptional()
  @OffsetDateTime()
  to?: string;
}

export class ActivityView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ format: 'uuid', type: String, nullable: true }) seriesId: string | null;
  @ApiProperty() type: string;
  @ApiProperty({ type: LocalisedTitleDto }) title: { nl: string; en?: string };
  @ApiProperty({ type: LocalisedTextDto }) description: { nl?: string; en?: string };
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'null: the default programme of its period (recorded before programmes were known)',
  })
  programmeCode: string | null;
  @ApiProperty() prestatieCode: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) actionNumber: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) organiserOrganisationId: string | null;
  @ApiProperty({ type: [String] }) partnerOrganisationIds: string[];
  @ApiProperty() openToAllPartners: boolean;
  @ApiProperty({ type: VenueDto }) venue: { name?: string; address?: string; municipality?: string };
  @ApiProperty() locationCategory: string;
  @ApiProperty({ example: '2026-03-12T19:30:00+01:00' }) startsAt: string;
  @ApiProperty({ example: '2026-03-12T21:30:00+01:00' }) endsAt: string;
  @ApiProperty({ enum: ['people', 'groups'] }) capacityUnit: 'people' | 'groups';
  @ApiPropertyOptional({ type: Number, nullable: true }) capacity: number | null;
  @ApiProperty({ description: 'Places taken, in capacityUnit' }) placesTaken: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) placesLeft: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) plannedCostCents: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) actualCostCents: number | null;
  @ApiProperty() cancellationDeadlineHours: number;
  @ApiProperty({ enum: ACTIVITY_STATUSES }) status: ActivityStatus;
  @ApiPropertyOptional({ type: Number, nullable: true }) participants: number | null;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Groups reached as stated at close; null: the checked-in groups count',
  })
  groups: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) cancelReason: string | null;
}

export class ActivityPage extends PageView {
  @ApiProperty({ type: [ActivityView] }) items: ActivityView[];
}

export class ReviseActivityDto extends PartialType(ActivityFactsDto) {}

export class LessonsLearnedDto {
  @ApiProperty({ example: 'Het rollenspel werkte goed.' }) @FreeText(10_000) whatWorked: string;
  @ApiProperty({ example: 'Meer tijd voor vragen.' }) @FreeText(10_000) whatToChange: string;
  @ApiProperty({ example: 'Vervolgles in het voorjaar.' }) @FreeText(10_000) followUp: string;
  @ApiPropertyOptional({ enum: ['nl', 'en'], default: 'nl' }) @IsOptional() @IsIn(['nl', 'en']) language?:
    'nl' | 'en';
}

export class CloseActivityDto {
  @ApiPropertyOptional({
    example: 27,
    description: 'Headcount at close; leave out to count the checked-in registrations',
  })
  @IsOptional()
  @SafeInt(0, 1_000_000)
  participants?: number;

  @ApiPropertyOptional({
    example: 1,
    description: 'Groups (school classes) reached; leave out to count the checked-in groups',
  })
  @IsOptional()
  @SafeInt(0, 100_000)
  groups?: number;

  @ApiProperty({ example: 118_000, description: 'Actual cost in euro cents' })
  @SafeInt(0, MAX_CENTS)
  actualCostCents: number;

  @ApiPropertyOptional({ type: LessonsLearnedDto })
  @IsOptional()
  @NestedObject(() => LessonsLearnedDto)
  lessons?: LessonsLearnedDto;
}

/** What became of one activity, recorded after the fact. */
export class ActivityOutcomeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'activityId must be a UUID' })
  activityId: string;

  @ApiProperty({ description: 'It took place (held, then closed with its figures), or not (cancelled)' })
  @IsBoolean()
  held: boolean;

  @ApiPropertyOptional({ example: 27, description: 'Leave out to count the checked-in registrations' })
  @IsOptional()
  @SafeInt(0, 1_000_000)
  participants?: number;

  @ApiPropertyOptional({ example: 1, description: 'Groups reached; leave out to count the checked-in groups' })
  @IsOptional()
  @SafeInt(0, 100_000)
  groups?: number;

  @ApiPropertyOptional({ example: 118_000, description: 'Actual cost in euro cents; required when held' })
  @IsOptional()
  @SafeInt(0, MAX_CENTS)
  actualCostCents?: number;

  @ApiPropertyOptional({ type: LessonsLearnedDto })
  @IsOptional()
  @NestedObject(() => LessonsLearnedDto)
  lessons?: LessonsLearnedDto;

  @ApiPropertyOptional({ example: 'Te weinig aanmeldingen', maxLength: 1000, description: 'Why it was not held' })
  @IsOptional()
  @FreeText(1000)
  reason?: string;
}

export class ActivityOutcomesDto {
  @ApiProperty({ type: [ActivityOutcomeDto], maxItems: 500 })
  items: ActivityOutcomeDto[];
}

export class ProblemView {
  @ApiProperty({ example: 'https://deelwijs.nl/problems/409' }) type: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: 409 }) status: number;
  @ApiPropertyOptional() detail?: string;
  @ApiPropertyOptional({ description: 'Each field in error, named as items[i].field' }) invalidParams?: Array<{
    name: string;
    reason: string;
  }>;
}

export class ActivityOutcomeResult {
  @ApiProperty() index: number;
  @ApiPropertyOptional({ format: 'uuid' }) activityId?: string;
  @ApiProperty({ enum: ['closed', 'cancelled', 'unchanged', 'rejected'] }) outcome:
    | 'closed'
    | 'cancelled'
    | 'unchanged'
    | 'rejected';
  @ApiPropertyOptional({ type: ActivityView }) activity?: ActivityView;
  @ApiPropertyOptional({ type: ProblemView, description: 'Why this item was refused; nothing of it changed' })
  problem?: ProblemView;
}

export class ActivityOutcomesResult {
  @ApiProperty({ example: { closed: 3, cancelled: 1, unchanged: 0, rejected: 1 } }) summary: Record<
    'closed' | 'cancelled' | 'unchanged' | 'rejected',
    number
  >;
  @ApiProperty({ type: [ActivityOutcomeResult] }) items: ActivityOutcomeResult[];
}
