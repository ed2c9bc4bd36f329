import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class UploadQueryDto {
  @ApiPropertyOptional({ example: 'verslag-democratiespel.pdf', description: 'Bestandsnaam / file name (no folders)' })
  @IsOptional()
  @IsString()
  name?: string;
}
