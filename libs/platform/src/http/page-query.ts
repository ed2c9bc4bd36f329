import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The largest page number a list accepts: far beyond any real list, small enough for OFFSET. */
const MAX_PAGE = 100_000;

/**
 * `page` and `pageSize` of a list's query, the same in every service: a query DTO extends
 * `PageQuery(defaultSize, maxSize)`.
 */
export function PageQuery(defaultSize: number, maxSize: number) {
  class PageQueryDto {
    @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(MAX_PAGE)
    page: number = 1;

    @ApiPropertyOptional({ default: defaultSize, minimum: 1, maximum: maxSize })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(maxSize)
    pageSize: number = defaultSize;
  }
  return PageQueryDto;
}

/** The paging fields of a list's answer. */
export class PageView {
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
