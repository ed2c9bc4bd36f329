import { useMemo } from 'react';
import { formatEuros } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { localText, type IndicatorReport, type Spending } from '../reporting-api';
import { bulletChartHeight, bulletRow, normalised } from './bullet';
import { EChart } from './EChart';
import { formatFigure, targetText } from './format';

/** Colours with 3:1 contrast against white and each other where they meet; patterns carry the same meaning. */
const COLOURS = {
  short: '#d9d9d9',
  within: '#cfe3f3',
  beyond: '#f2c9c4',
  actual: '#14304d',
  planned: '#5a7fa6',
  target: '#000000',
  budget: '#6b2a7a',
};

/**
 * Every indicator of a prestatie as a bullet chart, one row each, all rows scaled to their own
 * target so indicators of different units share one chart. The row's label says the numbers.
 */
export function IndicatorBullets({
  indicators,
  onSelect,
}: {
  indicators: IndicatorReport[];
  onSelect: (indicator: IndicatorReport) => void;
}) {
  const { t, language } = useI18n();
  const option = useMemo(() => {
    // On a phone the labels give way to the bars; the table beside the chart names them in full.
    const narrow = window.innerWidth < 600;
    const rows = indicators.map((indicator) => normalised(bulletRow(indicator)));
    const names = indicators.map((indicator) => localText(indicator.label, language));
    const figure = (indicator: IndicatorReport) =>
      `${formatFigure(indicator.measure, indicator.actual)}${
        indicator.pipeline
          ? ` (+${formatFigure(indicator.measure, indicator.pipeline)} ${t('dashboard.planned').toLowerCase()})`
          : ''
      }`;
    const band = (name: string, key: 'short' | 'within' | 'beyond', decal?: object) => ({
      name,
      type: 'bar' as const,
      stack: 'band',
      barWidth: '70%',
      silent: true,
      itemStyle: { color: COLOURS[key], ...(decal ? { decal } : {}) },
      data: rows.map((row) => row.bands[key]),
    });
    return {
      animation: false,
      legend: { top: 0, itemWidth: 18, itemHeight: 12, textStyle: { fontSize: 12 } },
      grid: { left: 8, right: 96, top: 56, bottom: 8, containLabel: true },
      tooltip: { trigger: 'item' as const, confine: true },
      xAxis: { type: 'value' as const, min: 0, max: 1, show: false },
      yAxis: {
        type: 'category' as const,
        inverse: true,
        data: names,
        axisTick: { show: false },
        axisLabel: {
          width: narrow ? 88 : 180,
          overflow: 'truncate' as const,
          color: '#1a1a1a',
          fontSize: 12,
        },
      },
      series: [
        band(t('dashboard.band.short'), 'short', {
          symbol: 'rect',
          dashArrayX: [1, 0],
          dashArrayY: [2, 4],
          rotation: Math.PI / 4,
          color: '#8c8c8c',
        }),
        band(t('dashboard.band.within'), 'within'),
        band(t('dashboard.band.beyond'), 'beyond', {
          symbol: 'circle',
          symbolSize: 0.6,
          dashArrayX: [[4, 4]],
          dashArrayY: [4, 0],
          color: '#a33a2e',
        }),
        {
          name: t('dashboard.actual'),
          type: 'bar' as const,
          stack: 'value',
          barWidth: '26%',
          barGap: '-100%',
          itemStyle: { color: COLOURS.actual },
          cursor: 'pointer',
          tooltip: {
            formatter: ({ dataIndex }: { dataIndex: number }) =>
              `${names[dataIndex]}: ${figure(indicators[dataIndex])} · ${t('dashboard.target')} ${targetText(indicators[dataIndex], t)}`,
          },
          data: rows.map((row, index) => ({
            value: row.actual,
            label: {
              show: row.planned === 0,
              position: 'right' as const,
              formatter: () => figure(indicators[index]),
              color: '#1a1a1a',
            },
          })),
        },
        {
          name: t('dashboard.planned'),
          type: 'bar' as const,
          stack: 'value',
          barWidth: '26%',
          itemStyle: {
            color: '#ffffff',
            borderColor: COLOURS.planned,
            borderWidth: 1,
            borderType: 'dashed' as const,
            decal: {
              symbol: 'rect',
              dashArrayX: [1, 0],
              dashArrayY: [1, 3],
              rotation: -Math.PI / 4,
              color: COLOURS.planned,
            },
          },
          cursor: 'pointer',
          data: rows.map((row, index) => ({
            value: row.planned,
            label: {
              show: row.planned > 0,
              position: 'right' as const,
              formatter: () => figure(indicators[index]),
              color: '#1a1a1a',
            },
          })),
        },
        {
          name: t('dashboard.target'),
          type: 'scatter' as const,
          symbol: 'rect',
          symbolSize: [4, 30],
          itemStyle: { color: COLOURS.target },
          silent: true,
          data: rows.flatMap((row, index) => row.marks.map((mark) => [mark, index])),
        },
      ],
    };
  }, [indicators, language, t]);
  const height = bulletChartHeight(indicators.length);
  return (
    <EChart
      option={option}
      height={height}
      label={t('dashboard.bulletsLabel')}
      onItem={(dataIndex, seriesIndex) => {
        // The actual and planned bars lead to the work behind the figure.
        if (seriesIndex === 3 || seriesIndex === 4) {
          onSelect(indicators[dataIndex]);
        }
      }}
    />
  );
}

/** The budget over the year: spent, spent plus committed, and the budget, as running totals per month. */
export function BudgetBurnUp({ spending, monthNames }: { spending: Spending; monthNames: string[] }) {
  const { t } = useI18n();
  const option = useMemo(() => {
    const asOfMonth = spending.asOf.slice(0, 7);
    const euros = (cents: number) => formatEuros(cents);
    return {
      animation: false,
      legend: { top: 0, textStyle: { fontSize: 12 } },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis' as const,
        confine: true,
        valueFormatter: (value: unknown) => (typeof value === 'number' ? euros(value) : '–'),
      },
      xAxis: {
        type: 'category' as const,
        data: monthNames,
        boundaryGap: false,
        axisLabel: { color: '#1a1a1a' },
      },
      yAxis: {
        type: 'value' as const,
        axisLabel: { color: '#1a1a1a', formatter: (value: number) => `€ ${Math.round(value / 100_000)}k` },
      },
      series: [
        {
          name: t('dashboard.spent'),
          type: 'line' as const,
          symbol: 'circle',
          symbolSize: 7,
          lineStyle: { width: 3, type: 'solid' as const, color: COLOURS.actual },
          itemStyle: { color: COLOURS.actual },
          data: spending.months.map((point) => (point.month <= asOfMonth ? point.spentCents : null)),
        },
        {
          name: t('dashboard.forecast'),
          type: 'line' as const,
          symbol: 'triangle',
          symbolSize: 8,
          lineStyle: { width: 2, type: 'dashed' as const, color: COLOURS.planned },
          itemStyle: { color: COLOURS.planned },
          data: spending.months.map((point) => point.forecastCents),
        },
        ...(spending.budgetCents !== undefined
          ? [
              {
                name: t('dashboard.budget'),
                type: 'line' as const,
                symbol: 'diamond',
                symbolSize: 6,
                lineStyle: { width: 2, type: 'dotted' as const, color: COLOURS.budget },
                itemStyle: { color: COLOURS.budget },
                endLabel: { show: true, formatter: () => euros(spending.budgetCents!), color: '#1a1a1a' },
                data: spending.months.map(() => spending.budgetCents!),
              },
            ]
          : []),
      ],
    };
  }, [spending, monthNames, t]);
  return <EChart option={option} height={280} label={t('dashboard.burnUpLabel')} />;
}
