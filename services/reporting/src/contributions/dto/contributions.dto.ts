import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { PRESTATIE_CODE_PATTERN } from '@deelwijs/contracts';
import { PROGRAMME_CODE, REPORT_PERIOD } from '../../reports/dto/report.dto';

export class ContributionsQuery {
  @ApiProperty({ example: '2026', description: "The report's period (2026, 2026-Q3, 2026-07) or calendar key; the list is as of its date." })
  @Matches(REPORT_PERIOD, { message: "period must look like 2026, 2026-Q3 or 2026-07, or be a key of the programme's reporting calendar" })
  period: string;
}

export class IndicatorKeyParams {
  @ApiProperty({ example: 'overijssel-2026' })
  @Matches(PROGRAMME_CODE, { message: 'code must be a lower-case slug such as overijssel-2026' })
  code: string;

  @ApiProperty({ example: '7.2.3' })
  @Matches(PRESTATIE_CODE_PATTERN, { message: 'prestatie must look like 7.2.3' })
  prestatie: string;

  @ApiProperty({ example: 'democracy-games' })
  @Matches(PROGRAMME_CODE, { message: 'key must be a lower-case slug such as democracy-games' })
  key: string;
}

export class ContributionView {
  @ApiProperty({ enum: ['activity', 'advice', 'knowledge-item'] }) kind: 'activity' | 'advice' | 'knowledge-item';
  @ApiProperty() id: string;
  @ApiPropertyOptional() title?: string;
  @ApiProperty({ description: 'Start of the activity, issue of the advice, first publication of the item.' }) date: string;
  @ApiProperty({ description: 'What it adds to the figure: 1, its participants, its registrations or its cost in cents.' }) value: number;
  @ApiPropertyOptional() type?: string;
  @ApiPropertyOptional() participants?: number;
  @ApiPropertyOptional() groups?: number;
  @ApiProperty({ example: '/v1/activities/0b5a3c2e-6f7d-4e8a-9b1c-2d3e4f5a6b7c', description: "Its path on the owning service's API." })
  link: string;
}

export class IndicatorContributionsView {
  @ApiProperty() programmeCode: string;
  @ApiProperty() period: string;
  @ApiProperty() prestatieCode: string;
  @ApiProperty() indicator: string;
  @ApiProperty() measure: string;
  @ApiProperty({ description: "The sum of the values: the indicator's figure." }) total: number;
  @ApiProperty() count: number;
  @ApiProperty({ type: [ContributionView] }) items: ContributionView[];
}

export class ActionTotals {
  @ApiProperty() held: number;
  @ApiProperty() participants: number;
  @ApiProperty() groups: number;
  @ApiProperty() advices: number;
  @ApiProperty() knowledgeProducts: number;
}

export class ActionContributionsView {
  @ApiProperty() programmeCode: string;
  @ApiProperty() period: string;
  @ApiProperty() prestatieCode: string;
  @ApiProperty() actionNumber: number;
  @ApiProperty({ type: ActionTotals, description: "The action's realisation figures, as the report shows them." }) totals: ActionTotals;
  @ApiProperty() count: number;
  @ApiProperty({ type: [ContributionView] }) items: ContributionView[];
}
