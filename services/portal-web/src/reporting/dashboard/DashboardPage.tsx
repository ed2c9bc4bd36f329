import {
  Alert,
  Button,
  Heading2,
  Heading3,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { lazy, Suspense, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams, useSearch } from 'wouter';
import { asProblem } from '../../api/problem';
import { SelectField } from '../../components/fields';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, formatEuros, formatNumber } from '../../i18n/format';
import { useI18n, type Translate } from '../../i18n/i18n';
import {
  actionDrillDownHref,
  dashboardHref,
  dashboardPeriod,
  indicatorDrillDownHref,
  localText,
  useProgrammeDefinition,
  useProgrammeSpending,
  useReport,
  type IndicatorReport,
  type PrestatieReport,
  type ProgrammeDefinition,
  type ProgrammeReport,
} from '../reporting-api';
import { JudgementBadge } from '../StatusBadge';
import { bulletChartHeight } from './bullet';
import { formatFigure, targetText } from './format';
import { useNearViewport, WhenNearViewport } from './near-viewport';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import '../reporting.css';

// The charts (and ECharts with them) are a chunk of their own: the figures' tables come first.
// Each chart is drawn only as it nears the screen (a programme of twenty prestaties would
// otherwise draw forty at once); the burn-ups' spending, one request for all, is asked for when
// the first of them nears it.
const IndicatorBullets = lazy(() =>
  import('./charts').then((module) => ({ default: module.IndicatorBullets })),
);
const BudgetBurnUp = lazy(() => import('./charts').then((module) => ({ default: module.BudgetBurnUp })));

/** The periods a programme reports on: each year of its period, then its interim reports. */
export function periodChoices(
  programme: Pick<ProgrammeDefinition, 'period' | 'reportingCalendar'>,
  t: Translate,
  language: 'nl' | 'en',
): Array<{ value: string; label: string }> {
  const first = Number(programme.period.start.slice(0, 4));
  const last = Number(programme.period.end.slice(0, 4));
  const years = Array.from({ length: last - first + 1 }, (_, index) => String(first + index));
  return [
    ...years.map((year) => ({ value: year, label: t('dashboard.periodYear', { year }) })),
    ...programme.reportingCalendar.map((entry) => ({
      value: entry.key,
      label: `${localText(entry.label, language)} (${t('dashboard.asOf', { date: formatDate(entry.standPer, language) })})`,
    })),
  ];
}

function PeriodForm({ code, period }: { code: string; period: string }) {
  const { t, language } = useI18n();
  const [, navigate] = useLocation();
  const definition = useProgrammeDefinition(code);
  const [chosen, setChosen] = useState(period);
  if (!definition.data) {
    return null;
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(dashboardHref(code, chosen));
  };
  return (
    <form className="deelwijs-period-form" aria-label={t('dashboard.period')} onSubmit={submit}>
      <SelectField
        label={t('dashboard.period')}
        value={chosen}
        onChange={setChosen}
        choices={periodChoices(definition.data, t, language)}
      />
      <Button type="submit" appearance="secondary-action-button">
        {t('dashboard.show')}
      </Button>
    </form>
  );
}

/** Why a prestatie has its status, in sentences: each indicator's and the budget's reasons. */
function Reasons({ prestatie }: { prestatie: PrestatieReport }) {
  const { t, language } = useI18n();
  const lines = [
    ...prestatie.indicators.flatMap((indicator) =>
      indicator.reasons.map((reason) => ({
        key: `${indicator.key}:${reason}`,
        text: t('dashboard.reasonOf', {
          subject: localText(indicator.label, language),
          reason: t(`dashboard.reason.${reason}`),
        }),
      })),
    ),
    ...(prestatie.budget?.reasons ?? []).map((reason) => ({
      key: `budget:${reason}`,
      text: t('dashboard.reasonOf', {
        subject: t('dashboard.budget'),
        reason: t(`dashboard.reason.${reason}`),
      }),
    })),
  ];
  if (lines.length === 0) {
    // Say only what was judged: a prestatie without indicators or a budget has nothing on track.
    const judgesIndicators = prestatie.indicators.length > 0;
    const key =
      judgesIndicators && prestatie.budget
        ? 'dashboard.reasonsNone'
        : judgesIndicators
          ? 'dashboard.reasonsNoneIndicators'
          : prestatie.budget
            ? 'dashboard.reasonsNoneBudget'
            : 'dashboard.reasonsNothingJudged';
    return <Paragraph>{t(key)}</Paragraph>;
  }
  return (
    <ul className="deelwijs-reasons">
      {lines.map((line) => (
        <li key={line.key}>{line.text}</li>
      ))}
    </ul>
  );
}

function IndicatorTable({ report, prestatie }: { report: ProgrammeReport; prestatie: PrestatieReport }) {
  const { t, language } = useI18n();
  const href = (indicator: IndicatorReport) =>
    indicatorDrillDownHref(report.programme.code, report.period.id, prestatie.code, indicator.key);
  return (
    <ResponsiveTable>
      <Table className="deelwijs-figures">
        <TableCaption>{t('dashboard.indicators')}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('dashboard.indicator')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dashboard.target')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dashboard.actual')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dashboard.planned')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dashboard.status')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {prestatie.indicators.map((indicator) => {
            const label = localText(indicator.label, language);
            const figure = formatFigure(indicator.measure, indicator.actual);
            return (
              <TableRow key={indicator.key} data-indicator={indicator.key}>
                <TableHeaderCell scope="row">{label}</TableHeaderCell>
                <TableCell>{targetText(indicator, t)}</TableCell>
                <TableCell>
                  <Link
                    href={href(indicator)}
                    className="utrecht-link"
                    aria-label={t('dashboard.figureLink', { figure, indicator: label })}
                  >
                    {figure}
                  </Link>
                </TableCell>
                <TableCell>
                  {indicator.pipeline === undefined
                    ? '–'
                    : formatFigure(indicator.measure, indicator.pipeline)}
                </TableCell>
                <TableCell>
                  <JudgementBadge status={indicator.status} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </ResponsiveTable>
  );
}

function ActionTable({ report, prestatie }: { report: ProgrammeReport; prestatie: PrestatieReport }) {
  const { t } = useI18n();
  const actions = prestatie.actions.filter((action) => action.realisation);
  if (actions.length === 0) {
    return null;
  }
  return (
    <ResponsiveTable>
      <Table className="deelwijs-figures">
        <TableCaption>{t('dashboard.actions')}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('dashboard.action')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dashboard.held')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dashboard.participants')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dashboard.groups')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dashboard.advices')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dashboard.knowledgeProducts')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {actions.map((action) => {
            const done = action.realisation!;
            const figure = formatNumber(done.held);
            return (
              <TableRow key={action.number}>
                <TableHeaderCell scope="row">
                  {t('dashboard.actionNumber', { number: action.number })}
                </TableHeaderCell>
                <TableCell>
                  <Link
                    href={actionDrillDownHref(
                      report.programme.code,
                      report.period.id,
                      prestatie.code,
                      action.number,
                    )}
                    className="utrecht-link"
                    aria-label={t('dashboard.actionLink', { figure, number: action.number })}
                  >
                    {figure}
                  </Link>
                </TableCell>
                <TableCell>{formatNumber(done.participants)}</TableCell>
                <TableCell>{formatNumber(done.groups)}</TableCell>
                <TableCell>{formatNumber(done.advices)}</TableCell>
                <TableCell>{formatNumber(done.knowledgeProducts)}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </ResponsiveTable>
  );
}

function monthNames(months: string[], language: 'nl' | 'en'): string[] {
  if (months.length === 0) {
    // Before its spending is in (every burn-up off screen): no formatter to build.
    return [];
  }
  const format = new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', {
    month: 'short',
    timeZone: 'UTC',
  });
  return months.map((month) => format.format(new Date(`${month}-15T12:00:00Z`)));
}

function Budget({ report, prestatie }: { report: ProgrammeReport; prestatie: PrestatieReport }) {
  const { t, language } = useI18n();
  const budget = prestatie.budget;
  const burnUp = useRef<HTMLDivElement>(null);
  const near = useNearViewport(burnUp);
  const programmeSpending = useProgrammeSpending(
    report.programme.code,
    report.period.id,
    Boolean(budget) && near,
  );
  const mine = programmeSpending.data?.items.find((item) => item.prestatieCode === prestatie.code);
  const names = useMemo(
    () => monthNames(mine?.months.map((point) => point.month) ?? [], language),
    [mine, language],
  );
  if (!budget) {
    return <Paragraph>{t('dashboard.noBudget')}</Paragraph>;
  }
  return (
    <div className="deelwijs-prestatie__grid">
      <div className="deelwijs-stack">
        <ResponsiveTable layout="scroll">
          <Table className="deelwijs-figures">
            <TableCaption>{t('dashboard.budgetTitle')}</TableCaption>
            <TableBody>
              <TableRow>
                <TableHeaderCell scope="row">{t('dashboard.budget')}</TableHeaderCell>
                <TableCell>{formatEuros(budget.amountCents)}</TableCell>
              </TableRow>
              <TableRow>
                <TableHeaderCell scope="row">{t('dashboard.spent')}</TableHeaderCell>
                <TableCell>{formatEuros(budget.spentCents)}</TableCell>
              </TableRow>
              <TableRow>
                <TableHeaderCell scope="row">{t('dashboard.committed')}</TableHeaderCell>
                <TableCell>{formatEuros(budget.committedCents)}</TableCell>
              </TableRow>
              <TableRow>
                <TableHeaderCell scope="row">{t('dashboard.remaining')}</TableHeaderCell>
                <TableCell>
                  {formatEuros(budget.amountCents - budget.spentCents - budget.committedCents)}
                </TableCell>
              </TableRow>
              <TableRow>
                <TableHeaderCell scope="row">{t('dashboard.status')}</TableHeaderCell>
                <TableCell>
                  <JudgementBadge status={budget.status} />
                </TableCell>
              </TableRow>
            </TableBody>
          </Table>
        </ResponsiveTable>
        {budget.reserve && <Paragraph>{t('dashboard.reserve', { reserve: budget.reserve })}</Paragraph>}
        {budget.actions.length > 0 && (
          <ResponsiveTable>
            <Table className="deelwijs-figures">
              <TableCaption>{t('dashboard.budgetActions')}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('dashboard.action')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('dashboard.budget')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('dashboard.spent')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('dashboard.committed')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {budget.actions.map((action) => (
                  <TableRow key={action.number}>
                    <TableHeaderCell scope="row">
                      {t('dashboard.actionNumber', { number: action.number })}
                    </TableHeaderCell>
                    <TableCell>{formatEuros(action.budgetCents)}</TableCell>
                    <TableCell>{formatEuros(action.spentCents)}</TableCell>
                    <TableCell>{formatEuros(action.committedCents)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </ResponsiveTable>
        )}
      </div>
      <div className="deelwijs-stack" ref={burnUp}>
        <ProblemAlert problem={programmeSpending.error ? asProblem(programmeSpending.error) : undefined} />
        {programmeSpending.isLoading && <Paragraph role="status">{t('app.loading')}</Paragraph>}
        {mine && (
          <>
            <Suspense fallback={null}>
              <BudgetBurnUp spending={mine} monthNames={names} />
            </Suspense>
            <details>
              <summary>{t('dashboard.perMonth')}</summary>
              <ResponsiveTable layout="scroll">
                <Table className="deelwijs-figures">
                  <TableCaption>{t('dashboard.perMonth')}</TableCaption>
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell scope="col">{t('dashboard.month')}</TableHeaderCell>
                      <TableHeaderCell scope="col">{t('dashboard.spent')}</TableHeaderCell>
                      <TableHeaderCell scope="col">{t('dashboard.forecast')}</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {mine.months.map((point, index) => (
                      <TableRow key={point.month}>
                        <TableHeaderCell scope="row">{`${names[index]} ${point.month.slice(0, 4)}`}</TableHeaderCell>
                        <TableCell>
                          {point.month <= mine.asOf.slice(0, 7)
                            ? formatEuros(point.spentCents)
                            : '–'}
                        </TableCell>
                        <TableCell>{formatEuros(point.forecastCents)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </ResponsiveTable>
            </details>
          </>
        )}
      </div>
    </div>
  );
}

function Prestatie({ report, prestatie }: { report: ProgrammeReport; prestatie: PrestatieReport }) {
  const { t, language } = useI18n();
  const [, navigate] = useLocation();
  const headingId = `prestatie-${prestatie.code.replace(/\./g, '-')}`;
  return (
    <section
      className="deelwijs-prestatie deelwijs-stack"
      aria-labelledby={headingId}
      id={`${headingId}-section`}
    >
      <Heading2 id={headingId}>
        {prestatie.code} {localText(prestatie.title, language)}
      </Heading2>
      <Paragraph>
        {t('dashboard.status')}: <JudgementBadge status={prestatie.status} />
      </Paragraph>
      <Reasons prestatie={prestatie} />
      {prestatie.explanation && (
        <Paragraph>
          <strong>{t('dashboard.explanation')}:</strong> {localText(prestatie.explanation, language)}
        </Paragraph>
      )}
      {prestatie.explanationRequired && !prestatie.explanation && (
        <Alert type="warning">
          <Paragraph>{t('dashboard.explanationMissing')}</Paragraph>
        </Alert>
      )}
      <Heading3>{t('dashboard.indicators')}</Heading3>
      {prestatie.indicators.length === 0 ? (
        <Paragraph>{t('dashboard.noIndicators')}</Paragraph>
      ) : (
        <div className="deelwijs-stack">
          <div>
            <WhenNearViewport minHeight={bulletChartHeight(prestatie.indicators.length)}>
              <Suspense fallback={null}>
                <IndicatorBullets
                  indicators={prestatie.indicators}
                  onSelect={(indicator) =>
                    navigate(
                      indicatorDrillDownHref(
                        report.programme.code,
                        report.period.id,
                        prestatie.code,
                        indicator.key,
                      ),
                    )
                  }
                />
              </Suspense>
            </WhenNearViewport>
            <Paragraph>{t('dashboard.chartHint')}</Paragraph>
          </div>
          <IndicatorTable report={report} prestatie={prestatie} />
        </div>
      )}
      <ActionTable report={report} prestatie={prestatie} />
      <Heading3>{t('dashboard.budgetTitle')}</Heading3>
      <Budget report={report} prestatie={prestatie} />
    </section>
  );
}

export default function DashboardPage() {
  const { t, language } = useI18n();
  const { code } = useParams<{ code: string }>();
  const period = dashboardPeriod(useSearch());
  const report = useReport(code, period);
  const title = report.data ? localText(report.data.programme.title, language) : code;
  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('dashboard.title', { programme: title })}</PageTitle>
      {/* The period choice after the figures: its programme definition is asked for once the report is in. */}
      {!report.isPending && <PeriodForm key={period} code={code} period={period} />}
      <ProblemAlert problem={report.error ? asProblem(report.error) : undefined} />
      {report.isPending && <Paragraph role="status">{t('app.loading')}</Paragraph>}
      {report.data && (
        <>
          <Paragraph>
            {t('dashboard.asOf', { date: formatDate(report.data.asOf, language) })} ·{' '}
            {t(`dashboard.workflow.${report.data.workflow.status}`)} · {t('dashboard.programmeStatus')}:{' '}
            <JudgementBadge status={report.data.status} />
          </Paragraph>
          <Paragraph>
            <Link
              href={`/reporting/programmes/${encodeURIComponent(code)}/reports/${encodeURIComponent(report.data.period.id)}`}
              className="utrecht-link"
            >
              {t('dashboard.report', {
                period: localText(report.data.period.label, language) || report.data.period.id,
              })}
            </Link>
          </Paragraph>
          {report.data.prestaties.length > 1 && (
            <nav aria-label={t('dashboard.contents')}>
              <ul className="utrecht-unordered-list">
                {report.data.prestaties.map((prestatie) => (
                  <li key={prestatie.code} className="utrecht-unordered-list__item">
                    <a
                      className="utrecht-link"
                      href={`#prestatie-${prestatie.code.replace(/\./g, '-')}-section`}
                    >
                      {prestatie.code} {localText(prestatie.title, language)}
                    </a>{' '}
                    ({t(`dashboard.status.${prestatie.status}`)})
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {report.data.prestaties.map((prestatie) => (
            <Prestatie key={prestatie.code} report={report.data} prestatie={prestatie} />
          ))}
        </>
      )}
    </div>
  );
}
