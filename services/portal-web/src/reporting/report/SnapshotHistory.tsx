import { Heading2, Heading3, Paragraph } from '@utrecht/component-library-react';
import { useState } from 'react';
import { asProblem } from '../../api/problem';
import { ChangeList, type FieldChange } from '../../components/ChangeList';
import { SelectField } from '../../components/fields';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, formatEuros, formatNumber } from '../../i18n/format';
import { useI18n, type Translate } from '../../i18n/i18n';
import { SNAPSHOT_PERIOD, useSnapshots } from './api';
import { isJudgement, localText, type PrestatieReport } from './report-model';
import { snapshotChanges, type SnapshotChange } from './snapshot-diff';

/** A snapshot's judgement in words; a value this page does not know is shown as it came. */
function judgement(status: string, t: Translate): string {
  return isJudgement(status) ? t(`report.judgement.${status}`) : status;
}

/** An indicator as people read it: its label, and its figure in euros when it is a cost (cents). */
export interface IndicatorNames {
  label: (code: string, key: string) => string;
  figure: (code: string, key: string, value: number) => string;
}

export function indicatorNames(prestaties: PrestatieReport[], language: 'nl' | 'en'): IndicatorNames {
  const find = (code: string, key: string) =>
    prestaties
      .find((prestatie) => prestatie.code === code)
      ?.indicators.find((indicator) => indicator.key === key);
  return {
    label: (code, key) => {
      const indicator = find(code, key);
      return indicator ? localText(indicator.label, language) : key;
    },
    figure: (code, key, value) =>
      find(code, key)?.measure === 'cost' ? formatEuros(value) : formatNumber(value),
  };
}

function asFieldChange(
  change: SnapshotChange,
  index: number,
  t: Translate,
  names: IndicatorNames,
): FieldChange {
  const key = `${change.kind}-${index}`;
  switch (change.kind) {
    case 'overall':
      return {
        key,
        label: t('report.diff.overall'),
        before: judgement(change.before, t),
        after: judgement(change.after, t),
      };
    case 'prestatie':
      return {
        key,
        label: t('report.diff.prestatie', { code: change.code }),
        before: judgement(change.before, t),
        after: judgement(change.after, t),
      };
    case 'indicatorStatus':
      return {
        key,
        label: t('report.diff.indicatorStatus', {
          code: change.code,
          indicator: names.label(change.code, change.indicator),
        }),
        before: judgement(change.before, t),
        after: judgement(change.after, t),
      };
    default: {
      const number = (value: string) =>
        value === '' ? t('report.diff.none') : names.figure(change.code, change.indicator, Number(value));
      return {
        key,
        label: t(`report.diff.${change.kind}`, {
          code: change.code,
          indicator: names.label(change.code, change.indicator),
        }),
        before: number(change.before),
        after: number(change.after),
      };
    }
  }
}

/** The nightly snapshots of the report's period; pick two and see what changed, field by field. */
export function SnapshotHistory({
  code,
  period,
  prestaties,
}: {
  code: string;
  period: string;
  prestaties: PrestatieReport[];
}) {
  const { t, language } = useI18n();
  const snapshots = useSnapshots(code, period);
  const names = indicatorNames(prestaties, language);
  const items = snapshots.data ?? [];
  // Newest first: by default the one before the newest against the newest.
  const [fromDay, setFromDay] = useState<string>();
  const [toDay, setToDay] = useState<string>();
  const from = items.find((item) => item.takenOn === fromDay) ?? items[1];
  const to = items.find((item) => item.takenOn === toDay) ?? items[0];
  const choices = items.map((item) => ({
    value: item.takenOn,
    label: t('report.snapshotOption', {
      date: formatDate(item.takenOn, language),
      status: judgement(item.status, t),
    }),
  }));
  return (
    <section aria-labelledby="report-history" className="deelwijs-stack">
      <Heading2 id="report-history">{t('report.history')}</Heading2>
      {!SNAPSHOT_PERIOD.test(period) ? (
        <Paragraph>{t('report.snapshotsOnlyForPeriods')}</Paragraph>
      ) : snapshots.isPending ? (
        <Paragraph role="status">{t('app.loading')}</Paragraph>
      ) : snapshots.error ? (
        <ProblemAlert problem={asProblem(snapshots.error)} />
      ) : items.length < 2 ? (
        <Paragraph>{t('report.noSnapshots')}</Paragraph>
      ) : (
        <>
          <Paragraph>{t('report.historyIntro')}</Paragraph>
          <div className="deelwijs-filters">
            <SelectField
              label={t('report.snapshotFrom')}
              value={from?.takenOn ?? ''}
              onChange={setFromDay}
              choices={choices}
            />
            <SelectField
              label={t('report.snapshotTo')}
              value={to?.takenOn ?? ''}
              onChange={setToDay}
              choices={choices}
            />
          </div>
          {from && to && (
            <div className="deelwijs-diff" aria-live="polite">
              <Heading3>
                {t('report.diffTitle', {
                  from: formatDate(from.takenOn, language),
                  to: formatDate(to.takenOn, language),
                })}
              </Heading3>
              <ChangeList
                emptyText={t('report.noDifferences')}
                changes={snapshotChanges(from, to).map((change, index) =>
                  asFieldChange(change, index, t, names),
                )}
              />
            </div>
          )}
        </>
      )}
    </section>
  );
}
