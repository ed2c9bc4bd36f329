import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  Matches,
} from 'class-validator';

/** The periods a network is computed for: a year or a quarter. */
export const NETWORK_PERIOD_MESSAGE = 'period must be a year (2026) or a quarter (2026-Q1)';
export const NETWORK_PERIOD = /^[0-9]{4}(-Q[1-4])?$/;

export class ComputationRequestDto {
  @ApiProperty({ example: '2026-Q1', description: 'Jaar of kwartaal / year or quarter' })
  @Matches(NETWORK_PERIOD, { message: NETWORK_PERIOD_MESSAGE })
  period: string;
}

export class SnapshotQueryDto {
  @ApiPropertyOptional({ enum: ['nodes', 'edges'], default: 'nodes', description: 'Which table a CSV answer (Accept: text/csv) holds' })
  @IsOptional()
  @IsIn(['nodes', 'edges'])
  table: 'nodes' | 'edges' = 'nodes';
}
