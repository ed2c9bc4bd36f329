import {
  Alert,
  Button,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useState } from 'react';
import { Link, useParams, useSearch } from 'wouter';
import { catalogueLabel, useActivityTypes } from '../../api/activities';
import { asProblem } from '../../api/problem';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, formatEuros, formatNumber, formatShortDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { formatFigure } from '../dashboard/format';
import {
  contributionHref,
  dashboardHref,
  localText,
  useActionContributions,
  useIndicatorContributions,
  usePrestatieReport,
  type Contribution,
  type Measure,
  type ProgrammeReport,
} from '../reporting-api';
import { pageOf } from './paging';
import '../reporting.css';
import { ResponsiveTable } from '../../components/ResponsiveTable';

function usePeriod(): string {
  return new URLSearchParams(useSearch()).get('period') ?? String(new Date().getFullYear());
}

/** The report's own figure, and the list's total beside it: they agree unless the report is frozen. */
function ReportFigure({
  report,
  figure,
  listed,
  count,
}: {
  report: ProgrammeReport;
  figure: string;
  listed: string;
  count: number;
}) {
  const { t, language } = useI18n();
  return (
    <>
      <Paragraph data-testid="report-figure">
        {t('drillDown.reportFigure', {
          period: localText(report.period.label, language) || report.period.id,
          date: formatDate(report.asOf, language),
          figure,
        })}
      </Paragraph>
      <Paragraph data-testid="list-total">{t('drillDown.total', { figure: listed, count })}</Paragraph>
      {figure !== listed && (
        <Alert type="info">
          <Paragraph>{t('drillDown.differs')}</Paragraph>
        </Alert>
      )}
    </>
  );
}

function ContributionList({ items, measure }: { items: Contribution[]; measure?: Measure }) {
  const { t, language } = useI18n();
  const [page, setPage] = useState(1);
  const types = useActivityTypes();
  const shown = pageOf(items, page);
  if (items.length === 0) {
    return <Paragraph>{t('drillDown.none')}</Paragraph>;
  }
  const value = (item: Contribution) =>
    measure === 'cost' ? formatEuros(item.value) : formatNumber(item.value);
  return (
    <div className="deelwijs-stack">
      <ResponsiveTable>
        <Table className="deelwijs-figures">
          <TableCaption>
            {t('drillDown.items')} (
            {t('drillDown.page', { from: shown.from, to: shown.to, count: shown.count })})
          </TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('drillDown.name')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('drillDown.kind')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('drillDown.date')}</TableHeaderCell>
              {measure && <TableHeaderCell scope="col">{t('drillDown.value')}</TableHeaderCell>}
              <TableHeaderCell scope="col">{t('dashboard.participants')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.rows.map((item) => (
              <TableRow key={`${item.kind}:${item.id}`}>
                <TableHeaderCell scope="row">
                  <Link href={contributionHref(item)} className="utrecht-link">
                    {item.title || t('drillDown.untitled')}
                  </Link>
                </TableHeaderCell>
                <TableCell>
                  {t(`drillDown.kind.${item.kind}`)}
                  {item.type ? ` (${catalogueLabel(types.data, item.type, language)})` : ''}
                </TableCell>
                <TableCell>{formatShortDate(item.date, language)}</TableCell>
                {measure && <TableCell>{value(item)}</TableCell>}
                <TableCell>
                  {item.participants === undefined ? '–' : formatNumber(item.participants)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ResponsiveTable>
      {shown.pages > 1 && (
        <nav aria-label={t('drillDown.paging')} className="deelwijs-paging">
          <Button
            appearance="secondary-action-button"
            disabled={shown.page <= 1}
            onClick={() => setPage(shown.page - 1)}
          >
            {t('drillDown.previous')}
          </Button>
          <span aria-live="polite">
            {t('drillDown.page', { from: shown.from, to: shown.to, count: shown.count })}
          </span>
          <Button
            appearance="secondary-action-button"
            disabled={shown.page >= shown.pages}
            onClick={() => setPage(shown.page + 1)}
          >
            {t('drillDown.next')}
          </Button>
        </nav>
      )}
    </div>
  );
}

function BackLink({ code, period }: { code: string; period: string }) {
  const { t } = useI18n();
  return (
    <Paragraph>
      <Link href={dashboardHref(code, period)} className="utrecht-link">
        {t('drillDown.back')}
      </Link>
    </Paragraph>
  );
}

/** The activities, advices or knowledge items that make up an indicator's figure. */
export function IndicatorDrillDownPage() {
  const { t, language } = useI18n();
  const { code, prestatie, key } = useParams<{ code: string; prestatie: string; key: string }>();
  const period = usePeriod();
  const report = usePrestatieReport(code, period, prestatie);
  const list = useIndicatorContributions(code, period, prestatie, key);
  const indicator = report.data?.prestaties[0]?.indicators.find((found) => found.key === key);
  const name = indicator ? localText(indicator.label, language) : key;
  const problem = report.error ?? list.error;
  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('drillDown.indicatorTitle', { indicator: `${prestatie} ${name}` })}</PageTitle>
      <BackLink code={code} period={period} />
      <ProblemAlert problem={problem ? asProblem(problem) : undefined} />
      {(report.isPending || list.isPending) && !problem && (
        <Paragraph role="status">{t('app.loading')}</Paragraph>
      )}
      {report.data && indicator && list.data && (
        <>
          <ReportFigure
            report={report.data}
            figure={formatFigure(indicator.measure, indicator.actual)}
            listed={formatFigure(indicator.measure, list.data.total)}
            count={list.data.count}
          />
          <ContributionList items={list.data.items} measure={indicator.measure} />
        </>
      )}
    </div>
  );
}

/** What was done under a numbered action: its activities held, advices and knowledge products. */
export function ActionDrillDownPage() {
  const { t } = useI18n();
  const params = useParams<{ code: string; prestatie: string; action: string }>();
  const { code, prestatie } = params;
  const action = Number(params.action);
  const period = usePeriod();
  const report = usePrestatieReport(code, period, prestatie);
  const list = useActionContributions(code, period, prestatie, action);
  const realisation = report.data?.prestaties[0]?.actions.find(
    (found) => found.number === action,
  )?.realisation;
  const problem = report.error ?? list.error;
  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('drillDown.actionTitle', { number: action, prestatie })}</PageTitle>
      <BackLink code={code} period={period} />
      <ProblemAlert problem={problem ? asProblem(problem) : undefined} />
      {(report.isPending || list.isPending) && !problem && (
        <Paragraph role="status">{t('app.loading')}</Paragraph>
      )}
      {report.data && realisation && list.data && (
        <>
          <ReportFigure
            report={report.data}
            figure={`${formatNumber(realisation.held)} ${t('dashboard.held').toLowerCase()}`}
            listed={`${formatNumber(list.data.totals.held)} ${t('dashboard.held').toLowerCase()}`}
            count={list.data.count}
          />
          <ContributionList items={list.data.items} />
        </>
      )}
    </div>
  );
}

export default IndicatorDrillDownPage;
