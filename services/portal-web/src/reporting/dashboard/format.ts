import { formatEuros, formatNumber } from '../../i18n/format';
import type { Translate } from '../../i18n/i18n';
import type { IndicatorReport, Measure } from '../reporting-api';

/** A figure in its unit: amounts (cents) as euros, counts as numbers. */
export function formatFigure(measure: Measure, value: number): string {
  return measure === 'cost' ? formatEuros(value) : formatNumber(value);
}

/** The target in words: "ten hoogste 50", "ten minste 2", "precies 10", "tussen 20 en 30". */
export function targetText(indicator: Pick<IndicatorReport, 'target' | 'measure'>, t: Translate): string {
  const value = formatFigure(indicator.measure, indicator.target.value);
  switch (indicator.target.kind) {
    case 'at-most':
      return t('dashboard.target.at-most', { value });
    case 'at-least':
      return t('dashboard.target.at-least', { value });
    case 'exactly':
      return t('dashboard.target.exactly', { value });
    case 'between':
      return t('dashboard.target.between', {
        value,
        max: formatFigure(indicator.measure, indicator.target.max ?? indicator.target.value),
      });
  }
}
