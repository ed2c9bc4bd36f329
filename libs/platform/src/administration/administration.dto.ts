import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional } from 'class-validator';
import { IdentifierText, SafeInt } from '../http/input/input.decorators';

export class AdministrationListQuery {
  @ApiPropertyOptional({ default: 200, minimum: 1, maximum: 1000, description: 'At most this many, newest first' })
  @IsOptional()
  @Type(() => Number)
  @SafeInt(1, 1_000)
  limit = 200;
}

export class DeadLetterView {
  @ApiProperty({ description: "The dead letter's sequence in the DEADLETTER stream: its id", example: 42 }) sequence: number;
  @ApiProperty({ description: "The event's subject", example: 'activities.registration.created.v1' }) subject: string;
  @ApiProperty({ description: 'The durable consumer that gave up on it' }) consumer: string;
  @ApiProperty({ description: 'Why the consumer gave up' }) reason: string;
  @ApiProperty({ format: 'date-time' }) deadLetteredAt: string;
  @ApiProperty({ description: 'Deliveries as NATS counted them' }) deliveries: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'Absent when the message was no valid event envelope' }) eventId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) occurredAt?: string;
  @ApiPropertyOptional({ description: 'The service that published the event' }) producer?: string;
}

export class DeadLetterListView {
  @ApiProperty() service: string;
  @ApiProperty({ type: [DeadLetterView] }) items: DeadLetterView[];
}

export class FailedJobView {
  @ApiProperty({ example: 'reminders' }) queue: string;
  @ApiProperty() id: string;
  @ApiProperty({ example: 'send-reminder' }) name: string;
  @ApiProperty({ description: 'The last error' }) reason: string;
  @ApiProperty() attemptsMade: number;
  @ApiProperty({ description: 'Attempts allowed' }) attempts: number;
  @ApiPropertyOptional({ format: 'date-time' }) failedAt?: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class FailedJobListView {
  @ApiProperty() service: string;
  @ApiProperty({ type: [FailedJobView] }) items: FailedJobView[];
}

export class FailedJobParams {
  @ApiProperty({ description: 'The queue (short name, as in the list)', example: 'reminders' })
  @IdentifierText(100)
  queue: string;

  @ApiProperty({ description: "The job's id on that queue" })
  @IdentifierText(200)
  id: string;
}

export class DeadLetterParams {
  @ApiProperty({ description: "The dead letter's sequence, as in the list", example: 42 })
  @Type(() => Number)
  @SafeInt(1, Number.MAX_SAFE_INTEGER)
  sequence: number;
}
