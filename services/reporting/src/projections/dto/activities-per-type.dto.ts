import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsOptional,
  Matches,
} from 'class-validator';
import { PRESTATIE_CODE_PATTERN } from '@deelwijs/contracts';

export class ActivitiesPerTypeQuery {
  @ApiPropertyOptional({ example: '7.2.3' })
  @IsOptional()
  @Matches(PRESTATIE_CODE_PATTERN, { message: 'prestatie must look like 7.2.3' })
  prestatie?: string;
}

export class ActivitiesPerTypeRow {
  @ApiProperty() prestatieCode: string;
  @ApiProperty() type: string;
  @ApiProperty() activities: number;
}

export class ActivitiesPerTypeView {
  @ApiProperty({ type: [ActivitiesPerTypeRow] }) items: ActivitiesPerTypeRow[];
  @ApiProperty() total: number;
}
