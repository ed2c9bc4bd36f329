import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Min } from 'class-validator';
import { PRESTATIE_CODE_PATTERN } from '@deelwijs/contracts';
import { PROGRAMME_CODE } from '../../reports/dto/report.dto';

export class ActionNumberParams {
  @ApiProperty({ example: 'overijssel-2026' })
  @Matches(PROGRAMME_CODE, { message: 'code must be a lower-case slug such as overijssel-2026' })
  code: string;

  @ApiProperty({ example: '7.2.3' })
  @Matches(PRESTATIE_CODE_PATTERN, { message: 'prestatie must look like 7.2.3' })
  prestatie: string;

  @ApiProperty({ example: 4 })
  @Type(() => Number)
  @IsInt({ message: 'action must be a whole number' })
  @Min(1, { message: 'action must be 1 or more' })
  action: number;
}
