import { Controller, Get, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { Roles } from '@deelwijs/identity';

class ActivitiesPerTypeQuery {
  @ApiPropertyOptional({ example: '7.2.3' })
  @IsOptional()
  @Matches(/^[0-9]+(\.[0-9]+)*$/, { message: 'prestatie must look like 7.2.3' })
  prestatie?: string;
}

class ActivitiesPerTypeRow {
  @ApiProperty() prestatieCode: string;
  @ApiProperty() type: string;
  @ApiProperty() activities: number;
}

class ActivitiesPerTypeView {
  @ApiProperty({ type: [ActivitiesPerTypeRow] }) items: ActivitiesPerTypeRow[];
  @ApiProperty() total: number;
}

/** Activities known per prestatie and type (cancelled ones included): a quick look at the projection. */
@ApiTags('projections')
@ApiSecurity('bearer')
@Controller('v1/projections')
export class ActivityProjectionController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('activities-per-type')
  @Roles('reporter', 'approver', 'admin')
  @ApiOkResponse({ type: ActivitiesPerTypeView })
  async activitiesPerType(@Query() query: ActivitiesPerTypeQuery): Promise<ActivitiesPerTypeView> {
    const rows: { prestatie_code: string; type: string; activities: string }[] = await this.dataSource.query(
      `SELECT prestatie_code, type, count(*) AS activities FROM activity_facts
        WHERE type IS NOT NULL AND ($1::text IS NULL OR prestatie_code = $1)
        GROUP BY prestatie_code, type ORDER BY prestatie_code, type`,
      [query.prestatie ?? null],
    );
    const items = rows.map((row) => ({ prestatieCode: row.prestatie_code, type: row.type, activities: Number(row.activities) }));
    return { items, total: items.reduce((sum, row) => sum + row.activities, 0) };
  }
}
