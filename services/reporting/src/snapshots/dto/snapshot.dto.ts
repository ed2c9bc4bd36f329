import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsOptional,
  Matches,
} from 'class-validator';
import { PERIOD_PATTERN } from '@deelwijs/contracts';

export class RecomputeBody {
  @ApiProperty({ example: '2026-Q3' })
  @Matches(PERIOD_PATTERN, { message: 'period must look like 2026, 2026-Q3 or 2026-07' })
  period: string;
}

export class SnapshotQuery {
  @ApiPropertyOptional({ example: '2026-Q3' })
  @IsOptional()
  @Matches(PERIOD_PATTERN, { message: 'period must look like 2026, 2026-Q3 or 2026-07' })
  period?: string;
}

export class RecomputeView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized', 'waiting-children', 'unknown'] }) state: string;
  @ApiProperty({ description: 'Per cent of the prestaties done.' }) progress: number;
  @ApiPropertyOptional() result?: unknown;
  @ApiPropertyOptional() failedReason?: string;
  @ApiProperty() attempts: number;
}
