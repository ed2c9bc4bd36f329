import {
  Button,
  ButtonGroup,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Heading2,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useId, useState } from 'react';
import { activityTitle, useActivities } from '../../api/activities';
import { asProblem, translateReason, type Problem } from '../../api/problem';
import { SelectField } from '../../components/fields';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { amsterdamIso, formatNumber, formatPeriod, todayInAmsterdam } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import {
  IMPORT_FIELDS,
  registerRows,
  suggestMapping,
  type ImportField,
  type Mapping,
  type RowResult,
} from './imports';
import { readSpreadsheet, toCsv, type Sheet } from './spreadsheet';

const PREVIEW_ROWS = 5;
type Outcome = RowResult['outcome'];

/**
 * A spreadsheet of registrations: choose the file, match its columns to the registration's
 * fields with the first rows in view, follow the import's progress, then read (or download)
 * what happened to every row.
 */
export default function UploadPage() {
  const { t, language } = useI18n();
  const [file, setFile] = useState<File>();
  const [sheet, setSheet] = useState<Sheet>();
  const [activityId, setActivityId] = useState('');
  const [mapping, setMapping] = useState<Mapping>({});
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [reading, setReading] = useState(false);
  const [progress, setProgress] = useState<{ done: number; results: RowResult[]; running: boolean }>();
  const [problem, setProblem] = useState<Problem>();
  const fileId = useId();
  const activities = useActivities({
    status: 'published',
    from: amsterdamIso(todayInAmsterdam(), '00:00'),
    pageSize: 200,
  });

  const choose = async (chosen: File | undefined) => {
    setFile(chosen);
    setSheet(undefined);
    setProgress(undefined);
    setProblem(undefined);
    setErrors({});
    if (!chosen) {
      return;
    }
    if (!/\.(csv|xlsx)$/i.test(chosen.name)) {
      setErrors({ file: t('upload.wrongType') });
      return;
    }
    setReading(true);
    try {
      const read = await readSpreadsheet(chosen);
      if (read.columns.length === 0 || read.rows.length === 0) {
        setErrors({ file: t('upload.empty') });
        return;
      }
      setSheet(read);
      setMapping(suggestMapping(read.columns));
    } catch {
      setErrors({ file: t('upload.unreadable') });
    } finally {
      setReading(false);
    }
  };

  const start = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!sheet) {
      return;
    }
    const missing: Record<string, string> = {};
    for (const { field, required } of IMPORT_FIELDS) {
      if (required && !mapping[field]) {
        missing[field] = t('upload.mapRequired');
      }
    }
    if (!mapping.activityId && !activityId) {
      missing.activityId = t('upload.activityRequired');
    }
    setErrors(missing);
    if (Object.keys(missing).length > 0) {
      return;
    }
    setProblem(undefined);
    setProgress({ done: 0, results: [], running: true });
    try {
      const results = await registerRows(sheet, mapping, activityId, (done, sofar) =>
        setProgress({ done, results: [...sofar], running: true }),
      );
      setProgress({ done: sheet.rows.length, results, running: false });
    } catch (error) {
      setProblem(asProblem(error));
      setProgress((current) => current && { ...current, running: false });
    }
  };

  const download = () => {
    if (!sheet || !progress) {
      return;
    }
    const byRow = new Map(progress.results.map((result) => [result.row, result]));
    const rows = sheet.rows.map((row, index) => {
      const result = byRow.get(index + 2);
      return [
        ...row,
        result ? t(`outcome.${result.outcome}`) : t('upload.notProcessed'),
        result?.field ? t(`importField.${result.field}` as MessageKey) : '',
        result?.reason ? translateReason(result.reason, t) : '',
        result?.registrationId ?? '',
        result?.waitlistPosition ? String(result.waitlistPosition) : '',
      ];
    });
    const columns = [
      ...sheet.columns,
      t('upload.outcome'),
      t('upload.field'),
      t('upload.reason'),
      t('upload.registration'),
      t('registrations.position'),
    ];
    const link = document.createElement('a');
    link.href = URL.createObjectURL(
      new Blob([toCsv(columns, rows, sheet.delimiter)], { type: 'text/csv;charset=utf-8' }),
    );
    link.download = `${(file?.name ?? 'aanmeldingen').replace(/\.(csv|xlsx)$/i, '')}-resultaat.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };

  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('upload.title')}</PageTitle>
      <Paragraph>{t('upload.intro')}</Paragraph>
      <form onSubmit={(event) => void start(event)} noValidate className="deelwijs-stack">
        <Fieldset>
          <FieldsetLegend>{t('upload.step1')}</FieldsetLegend>
          <FormField
            invalid={Boolean(errors.file)}
            label={<FormLabel htmlFor={fileId}>{t('upload.file')}</FormLabel>}
          >
            <FormFieldDescription id={`${fileId}-description`}>{t('upload.fileHelp')}</FormFieldDescription>
            {errors.file && (
              <FormFieldErrorMessage id={`${fileId}-error`}>{errors.file}</FormFieldErrorMessage>
            )}
            <div className="utrecht-form-field__input">
              <input
                id={fileId}
                type="file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                aria-describedby={[errors.file ? `${fileId}-error` : '', `${fileId}-description`]
                  .join(' ')
                  .trim()}
                aria-invalid={errors.file ? true : undefined}
                onChange={(event) => void choose(event.target.files?.[0])}
              />
            </div>
          </FormField>
          <SelectField
            label={t('upload.activity')}
            description={t('upload.activityHelp')}
            value={activityId}
            error={errors.activityId}
            onChange={setActivityId}
            empty={t('upload.activityFromSheet')}
            choices={(activities.data?.items ?? []).map((activity) => ({
              value: activity.id,
              label: `${activityTitle(activity, language)} (${formatPeriod(activity.startsAt, activity.endsAt, language)})`,
            }))}
          />
          {reading && <Paragraph role="status">{t('upload.reading')}</Paragraph>}
        </Fieldset>
        {sheet && <Mapping sheet={sheet} mapping={mapping} errors={errors} onChange={setMapping} />}
        {sheet && !progress && (
          <ButtonGroup>
            <Button type="submit" appearance="primary-action-button">
              {t('upload.start', { n: formatNumber(sheet.rows.length) })}
            </Button>
          </ButtonGroup>
        )}
      </form>
      <ProblemAlert problem={problem} />
      {problem && progress && (
        <Paragraph>{t('upload.interrupted', { n: formatNumber(progress.done) })}</Paragraph>
      )}
      {sheet && progress && (
        <ImportProgress total={sheet.rows.length} progress={progress} onDownload={download} />
      )}
    </div>
  );
}

function Mapping({
  sheet,
  mapping,
  errors,
  onChange,
}: {
  sheet: Sheet;
  mapping: Mapping;
  errors: Record<string, string | undefined>;
  onChange: (mapping: Mapping) => void;
}) {
  const { t } = useI18n();
  const shown = sheet.rows.slice(0, PREVIEW_ROWS);
  return (
    <>
      <section aria-labelledby="preview-heading">
        <Heading2 id="preview-heading">
          {t('upload.preview', { n: shown.length, total: formatNumber(sheet.rows.length) })}
        </Heading2>
        <div className="deelwijs-table-scroll" tabIndex={0} role="region" aria-labelledby="preview-heading">
          <Table>
            <TableHeader>
              <TableRow>
                {sheet.columns.map((column) => (
                  <TableHeaderCell key={column} scope="col">
                    {column}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map((row, index) => (
                <TableRow key={index}>
                  {sheet.columns.map((column, cell) => (
                    <TableCell key={column}>{row[cell] ?? ''}</TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </section>
      <Fieldset>
        <FieldsetLegend>{t('upload.step2')}</FieldsetLegend>
        <Paragraph>{t('upload.mappingHelp')}</Paragraph>
        {IMPORT_FIELDS.map(({ field, required }) => (
          <SelectField
            key={field}
            label={t(`importField.${field}` as MessageKey)}
            required={required}
            value={mapping[field] ?? ''}
            error={errors[field]}
            onChange={(column) => onChange({ ...mapping, [field as ImportField]: column || undefined })}
            empty={t('upload.notInSheet')}
            choices={sheet.columns.map((column) => ({ value: column, label: column }))}
          />
        ))}
      </Fieldset>
    </>
  );
}

const OUTCOMES: Array<Outcome | ''> = ['', 'rejected', 'duplicate', 'waitlisted', 'accepted'];
const PAGE = 50;

function ImportProgress({
  total,
  progress,
  onDownload,
}: {
  total: number;
  progress: { done: number; results: RowResult[]; running: boolean };
  onDownload: () => void;
}) {
  const { t } = useI18n();
  const progressId = useId();
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [page, setPage] = useState(1);
  const percent = total > 0 ? Math.round((progress.done / total) * 100) : 0;
  const count = (kind: Outcome) => progress.results.filter((result) => result.outcome === kind).length;
  const done = !progress.running && progress.done === total;
  const rows = progress.results.filter((result) => !outcome || result.outcome === outcome);
  return (
    <section aria-labelledby="progress-heading" className="deelwijs-stack">
      <Heading2 id="progress-heading">{t('upload.step3')}</Heading2>
      <label htmlFor={progressId}>{t('upload.progressLabel')}</label>
      <progress
        id={progressId}
        className="deelwijs-progress"
        max={100}
        value={percent}
        aria-valuetext={t('upload.progress', {
          processed: formatNumber(progress.done),
          total: formatNumber(total),
        })}
      />
      <Paragraph role="status" aria-live="polite">
        {done
          ? t('upload.done', {
              accepted: count('accepted'),
              waitlisted: count('waitlisted'),
              duplicate: count('duplicate'),
              rejected: count('rejected'),
            })
          : t('upload.progress', { processed: formatNumber(progress.done), total: formatNumber(total) })}
      </Paragraph>
      {!progress.running && progress.results.length > 0 && (
        <>
          <ButtonGroup>
            <Button appearance="primary-action-button" onClick={onDownload}>
              {t('upload.download')}
            </Button>
          </ButtonGroup>
          <SelectField
            label={t('upload.showRows')}
            value={outcome}
            onChange={(value) => {
              setOutcome(value as Outcome | '');
              setPage(1);
            }}
            choices={OUTCOMES.map((value) => ({
              value,
              label: value ? t(`outcome.${value}`) : t('filters.all'),
            }))}
          />
          <RowResults
            rows={rows.slice((page - 1) * PAGE, page * PAGE)}
            total={rows.length}
            page={page}
            onPage={setPage}
          />
        </>
      )}
    </section>
  );
}

function RowResults({
  rows,
  total,
  page,
  onPage,
}: {
  rows: RowResult[];
  total: number;
  page: number;
  onPage: (page: number) => void;
}) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / PAGE));
  return (
    <>
      <div className="deelwijs-table-scroll">
        <Table>
          <TableCaption>{t('upload.rowsCaption', { n: formatNumber(total) })}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('upload.row')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('upload.outcome')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('upload.field')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('upload.reason')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.row}>
                <TableCell>{row.row}</TableCell>
                <TableCell>
                  {t(`outcome.${row.outcome}`)}
                  {row.waitlistPosition ? ` (${t('registrations.position')} ${row.waitlistPosition})` : ''}
                </TableCell>
                <TableCell>{row.field ? t(`importField.${row.field}` as MessageKey) : '–'}</TableCell>
                <TableCell>{row.reason ? translateReason(row.reason, t) : '–'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {pages > 1 && (
        <nav aria-label={t('pagination.label')} className="deelwijs-row">
          <Button appearance="secondary-action-button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            {t('pagination.previous')}
          </Button>
          <span>{t('pagination.status', { page, pages })}</span>
          <Button
            appearance="secondary-action-button"
            disabled={page >= pages}
            onClick={() => onPage(page + 1)}
          >
            {t('pagination.next')}
          </Button>
        </nav>
      )}
    </>
  );
}
