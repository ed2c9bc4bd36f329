import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { PRESTATIE_CODE_PATTERN } from '@deelwijs/contracts';
import { PROGRAMME_CODE } from '../../reports/dto/report.dto';

export class SpendingParams {
  @ApiProperty({ example: 'overijssel-2026' })
  @Matches(PROGRAMME_CODE, { message: 'code must be a lower-case slug such as overijssel-2026' })
  code: string;

  @ApiProperty({ example: '7.2.3' })
  @Matches(PRESTATIE_CODE_PATTERN, { message: 'prestatie must look like 7.2.3' })
  prestatie: string;
}

export class BurnUpPointView {
  @ApiProperty({ example: '2026-03', description: 'The month (Amsterdam calendar) the activities start in.' }) month: string;
  @ApiProperty({ description: 'Spent by activities started up to the end of this month and before the report date, in euro cents (running total).' })
  spentCents: number;
  @ApiProperty({ description: 'Spent plus committed (planned cost of activities not yet held) up to the end of this month, in euro cents (running total).' })
  forecastCents: number;
}

export class SpendingView {
  @ApiProperty() programmeCode: string;
  @ApiProperty() period: string;
  @ApiProperty() prestatieCode: string;
  @ApiProperty({ description: 'The date the figures are as of, as in the report of the period.' }) asOf: string;
  @ApiPropertyOptional({ description: "The prestatie's budget in euro cents; absent when it has none." }) budgetCents?: number;
  @ApiProperty({ description: "Spent in euro cents: the report's Financiën figure." }) spentCents: number;
  @ApiProperty({ description: "Committed in euro cents: the report's Financiën figure." }) committedCents: number;
  @ApiProperty({ type: [BurnUpPointView], description: "Every month of the programme's period, with running totals." }) months: BurnUpPointView[];
}

export class ProgrammeSpendingView {
  @ApiProperty() programmeCode: string;
  @ApiProperty() period: string;
  @ApiProperty({ description: 'The date the figures are as of, as in the report of the period.' }) asOf: string;
  @ApiProperty({ type: [SpendingView], description: "Every prestatie of the programme, in the programme's order." }) items: SpendingView[];
}
