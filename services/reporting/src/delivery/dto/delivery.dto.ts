import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  Matches,
} from 'class-validator';
import {
  IdentifierText,
} from '@deelwijs/platform';
import { LANGUAGES, type Language } from '../../reports/i18n';
import { PROGRAMME_CODE } from '../../reports/dto/report.dto';
import type { Channel } from '../subscription.repository';

export class SubscriptionBody {
  @ApiProperty({ example: 'overijssel-2026' })
  @Matches(PROGRAMME_CODE, { message: 'programmeCode must be a lower-case slug such as overijssel-2026' })
  programmeCode: string;

  @ApiProperty({ enum: ['webhook', 'email'] })
  @IsIn(['webhook', 'email'])
  channel: Channel;

  @ApiProperty({ example: 'https://intranet.provincie.example/hooks/voortgang', description: 'The webhook URL or the e-mail address.' })
  @IdentifierText(2000, { minLength: 1 })
  target: string;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'nl' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language: Language = 'nl';

  @ApiPropertyOptional({ description: 'Webhooks: the HMAC secret; made up and returned once when left out.' })
  @IsOptional()
  @IdentifierText(200, { minLength: 16 })
  secret?: string;
}

export class SubscriptionView {
  @ApiProperty() id: string;
  @ApiProperty() programmeCode: string;
  @ApiProperty({ enum: ['webhook', 'email'] }) channel: string;
  @ApiProperty() target: string;
  @ApiProperty({ enum: LANGUAGES }) language: string;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ description: 'Only in the answer to the subscription: the webhook signing secret.' }) secret?: string;
}

export class DeliveryView {
  @ApiProperty() id: string;
  @ApiProperty() subscriptionId: string;
  @ApiProperty() programmeCode: string;
  @ApiProperty() period: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional() lastError?: string;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional() deliveredAt?: string;
}

export class DeliveryQuery {
  @ApiPropertyOptional({ enum: ['pending', 'delivered', 'failed'] })
  @IsOptional()
  @IsIn(['pending', 'delivered', 'failed'])
  status?: 'pending' | 'delivered' | 'failed';
}

export class DeliveryListView {
  @ApiProperty({ type: [DeliveryView] }) items: DeliveryView[];
}
