import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
  validateSync,
} from 'class-validator';
import {
  EmailAddress,
  FreeText,
  IdentifierText,
  InvalidInputException,
  SafeInt,
} from '@deelwijs/platform';

export const MAX_BULK_ITEMS = 10_000;

/** One registration: an individual, or a group such as a school class with its teacher as contact. */
export class RegistrationInputDto {
  @ApiProperty({ enum: ['individual', 'group'], example: 'group' })
  @IsIn(['individual', 'group'])
  kind: 'individual' | 'group';

  @ApiPropertyOptional({
    example: 27,
    description: 'People in the group (pupils of the class); 1 for an individual',
  })
  @ValidateIf((input: RegistrationInputDto) => input.kind === 'group' || input.headcount !== undefined)
  @SafeInt(1, 500)
  headcount?: number;

  @ApiProperty({ example: 'J. de Vries', description: 'The registrant, or the teacher for a class' })
  @FreeText(200, { minLength: 1 })
  contactName: string;

  @ApiProperty({ example: 'j.devries@school.example' })
  @EmailAddress()
  contactEmail: string;

  @ApiPropertyOptional({ example: '+31 6 12345678' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'contactPhone must be a phone number' })
  contactPhone?: string;

  @ApiPropertyOptional({ example: 'Thomas a Kempis College' })
  // Required for a group; checked whenever it is given (an individual's school is stored too).
  @ValidateIf((input: RegistrationInputDto) => input.kind === 'group' || input.schoolName !== undefined)
  @IsString({ message: 'schoolName is required for a group' })
  @FreeText(200, { minLength: 1 })
  schoolName?: string;

  @ApiPropertyOptional({ example: 'havo 4b' })
  @IsOptional()
  @FreeText(100)
  className?: string;

  @ApiPropertyOptional({
    example: 'PD-2026-000123',
    description: "The partner's own reference: unique per partner",
  })
  @IsOptional()
  @IdentifierText(100, { minLength: 1 })
  externalReference?: string;

  @ApiPropertyOptional({
    enum: ['nl', 'en'],
    default: 'nl',
    description: 'Language of mails to the registrant',
  })
  @IsOptional()
  @IsIn(['nl', 'en'])
  language?: 'nl' | 'en';
}

export class BulkRegistrationItemDto extends RegistrationInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'activityId must be a UUID' })
  activityId: string;
}

export class BulkRegistrationDto {
  @ApiPropertyOptional({
    default: false,
    description: 'All items are written, or none (any rejection or duplicate fails the request)',
  })
  @IsOptional()
  @IsBoolean()
  strict?: boolean;

  @ApiProperty({
    type: [BulkRegistrationItemDto],
    maxItems: MAX_BULK_ITEMS,
    description: 'An item that breaks a rule is answered as rejected in its place; the others are registered',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_ITEMS, {
    message: `items may hold at most ${MAX_BULK_ITEMS} registrations per request`,
  })
  // Items are validated one by one by the service, so that one bad item is answered as
  // "rejected" in its place instead of failing the whole request.
  items: Array<Record<string, unknown>>;
}

/**
 * Checks the envelope of a bulk request. The global pipe is bypassed for this body: turning
 * 10,000 plain items into instances first would cost more than registering them.
 */
export function bulkRequestOf(body: unknown): BulkRegistrationDto {
  const source = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<
    string,
    unknown
  >;
  const unknownFields = Object.keys(source).filter((key) => key !== 'strict' && key !== 'items');
  const request = Object.assign(new BulkRegistrationDto(), { strict: source.strict, items: source.items });
  const problems = validateSync(request).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((reason) => ({ name: error.property, reason })),
  );
  problems.push(...unknownFields.map((name) => ({ name, reason: `property ${name} should not exist` })));
  if (problems.length > 0) {
    throw new InvalidInputException(problems);
  }
  return request;
}

export type RegistrationOutcome = 'accepted' | 'waitlisted' | 'duplicate' | 'rejected';

export class RegistrationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) activityId: string;
  @ApiProperty({ enum: ['individual', 'group'] }) kind: 'individual' | 'group';
  @ApiProperty({ enum: ['accepted', 'waitlisted', 'cancelled'] }) status:
    'accepted' | 'waitlisted' | 'cancelled';
  @ApiProperty() headcount: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Position on the waiting list' }) waitlistPosition:
    number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) partnerOrganisationId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) externalReference: string | null;
  @ApiProperty({ enum: ['nl', 'en'] }) language: 'nl' | 'en';
  @ApiPropertyOptional({ type: String, nullable: true }) contactName: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) contactEmail: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) contactPhone: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) schoolName: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) className: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) checkedInAt: string | null;
  @ApiProperty() createdAt: string;
}

export class RegistrationList {
  @ApiProperty({ type: [RegistrationView] }) items: RegistrationView[];
}

export class BulkItemResult {
  @ApiProperty() index: number;
  @ApiProperty({ enum: ['accepted', 'waitlisted', 'duplicate', 'rejected'] }) outcome: RegistrationOutcome;
  @ApiPropertyOptional({ format: 'uuid' }) registrationId?: string;
  @ApiPropertyOptional() externalReference?: string;
  @ApiPropertyOptional() waitlistPosition?: number;
  @ApiPropertyOptional({ description: 'Why it was rejected, naming the field' }) reason?: string;
}

export class BulkSummary {
  @ApiProperty() accepted: number;
  @ApiProperty() waitlisted: number;
  @ApiProperty() duplicate: number;
  @ApiProperty() rejected: number;
}

export class BulkRegistrationResult {
  @ApiProperty({ type: BulkSummary }) summary: BulkSummary;
  @ApiProperty({ type: [BulkItemResult] }) items: BulkItemResult[];
}

export class CancelRegistrationQuery {
  @ApiProperty({ description: 'The token from the link in the registration mail' })
  @IsString()
  @Length(10, 100)
  token: string;
}
