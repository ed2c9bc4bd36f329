import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsOptional,
} from 'class-validator';
import {
  IdentifierText,
} from '@deelwijs/platform';

export class UploadQueryDto {
  @ApiPropertyOptional({ example: 'verslag-democratiespel.pdf', description: 'Bestandsnaam / file name (no folders)' })
  @IsOptional()
  @IdentifierText(255, { minLength: 1 })
  name?: string;
}
