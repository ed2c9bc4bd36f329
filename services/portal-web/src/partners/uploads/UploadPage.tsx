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
import { useQuery } from '@tanstack/react-query';
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
  downloadResults,
  formFieldOf,
  IMPORT_FIELDS,
  importRows,
  importStatus,
  isFinished,
  previewImport,
  startImport,
  type ImportField,
  type ImportPreview,
  type ImportView,
  type Mapping,
  type Outcome,
  type RowResult,
} from './imports';
import { ResponsiveTable } from '../../components/ResponsiveTable';

const PREVIEW_ROWS = 5;
/** How often the import's progress is asked for while its job runs. */
const POLL_MS = 500;

/**
 * A spreadsheet of registrations: choose the file (the activities service reads it and shows
 * its first rows), match its columns to the registration's fields, follow the import's job on
 * a progress bar, then read (or download) what happened to every row.
 */
export default function UploadPage() {
  const { t, language } = useI18n();
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<ImportPreview>();
  const [activityId, setActivityId] = useState('');
  const [mapping, setMapping] = useState<Mapping>({});
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [reading, setReading] = useState(false);
  const [started, setStarted] = useState<ImportView>();
  const [problem, setProblem] = useState<Problem>();
  const fileId = useId();
  const activities = useActivities({
    status: 'published',
    from: amsterdamIso(todayInAmsterdam(), '00:00'),
    pageSize: 200,
  });
  const status = useQuery({
    queryKey: ['registration-imports', started?.id],
    queryFn: () => importStatus(started!.id),
    enabled: started !== undefined,
    initialData: started,
    refetchInterval: (query) => (isFinished(query.state.data) ? false : POLL_MS),
  });

  /** What the service refused, at the fields it names; anything else as one message. */
  const refused = (error: unknown) => {
    const found = asProblem(error);
    const atFields: Record<string, string> = {};
    for (const param of found.invalidParams ?? []) {
      const field = formFieldOf(param.name);
      atFields[field] = [atFields[field], translateReason(param.reason, t)].filter(Boolean).join(' ');
    }
    setErrors(atFields);
    setProblem(Object.keys(atFields).length > 0 && found.status < 500 ? undefined : found);
  };

  const choose = async (chosen: File | undefined) => {
    setFile(chosen);
    setPreview(undefined);
    setStarted(undefined);
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
      const read = await previewImport(chosen);
      setPreview(read);
      setMapping(read.suggestedMapping as Mapping);
    } catch (error) {
      refused(error);
    } finally {
      setReading(false);
    }
  };

  const start = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!file || !preview) {
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
    try {
      setStarted(await startImport(file, mapping, activityId));
    } catch (error) {
      refused(error);
    }
  };

  const current = status.data ?? started;
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
        {preview && <Mapping preview={preview} mapping={mapping} errors={errors} onChange={setMapping} />}
        {preview && !started && (
          <ButtonGroup>
            <Button type="submit" appearance="primary-action-button">
              {t('upload.start', { n: formatNumber(preview.rowCount) })}
            </Button>
          </ButtonGroup>
        )}
      </form>
      <ProblemAlert problem={problem ?? (status.error ? asProblem(status.error) : undefined)} />
      {current && <ImportProgress view={current} />}
    </div>
  );
}

function Mapping({
  preview,
  mapping,
  errors,
  onChange,
}: {
  preview: ImportPreview;
  mapping: Mapping;
  errors: Record<string, string | undefined>;
  onChange: (mapping: Mapping) => void;
}) {
  const { t } = useI18n();
  const shown = preview.rows.slice(0, PREVIEW_ROWS);
  return (
    <>
      <section aria-labelledby="preview-heading">
        <Heading2 id="preview-heading">
          {t('upload.preview', { n: shown.length, total: formatNumber(preview.rowCount) })}
        </Heading2>
        <ResponsiveTable layout="scroll" labelledBy="preview-heading">
          <Table>
            <TableHeader>
              <TableRow>
                {preview.columns.map((column) => (
                  <TableHeaderCell key={column} scope="col">
                    {column}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map((row) => (
                <TableRow key={row.row}>
                  {preview.columns.map((column, cell) => (
                    <TableCell key={column}>{row.cells[cell] ?? ''}</TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ResponsiveTable>
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
            choices={preview.columns.map((column) => ({ value: column, label: column }))}
          />
        ))}
      </Fieldset>
    </>
  );
}

const OUTCOMES: Array<Outcome | ''> = ['', 'rejected', 'duplicate', 'waitlisted', 'accepted'];
const PAGE = 50;

function ImportProgress({ view }: { view: ImportView }) {
  const { t } = useI18n();
  const progressId = useId();
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [page, setPage] = useState(1);
  const [problem, setProblem] = useState<Problem>();
  const finished = isFinished(view);
  const rows = useQuery({
    queryKey: ['registration-imports', view.id, 'rows', outcome, page],
    queryFn: () => importRows(view.id, { ...(outcome ? { outcome } : {}), page, pageSize: PAGE }),
    enabled: finished,
    placeholderData: (previous) => previous,
  });
  const percent = view.rowsTotal > 0 ? Math.round((view.rowsDone / view.rowsTotal) * 100) : 0;
  const progressText = t('upload.progress', {
    processed: formatNumber(view.rowsDone),
    total: formatNumber(view.rowsTotal),
  });
  const download = async () => {
    setProblem(undefined);
    try {
      await downloadResults(view.id);
    } catch (error) {
      setProblem(asProblem(error));
    }
  };
  return (
    <section aria-labelledby="progress-heading" className="deelwijs-stack">
      <Heading2 id="progress-heading">{t('upload.step3')}</Heading2>
      <label htmlFor={progressId}>{t('upload.progressLabel')}</label>
      <progress
        id={progressId}
        className="deelwijs-progress"
        max={100}
        value={percent}
        aria-valuetext={progressText}
      />
      <Paragraph role="status" aria-live="polite">
        {view.status === 'completed'
          ? t('upload.done', { ...view.summary })
          : view.status === 'failed'
            ? t('upload.failed', { n: formatNumber(view.rowsDone) })
            : progressText}
      </Paragraph>
      <ProblemAlert problem={problem ?? (rows.error ? asProblem(rows.error) : undefined)} />
      {finished && view.rowsDone > 0 && (
        <>
          <ButtonGroup>
            <Button appearance="primary-action-button" onClick={() => void download()}>
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
          {rows.data && (
            <RowResults rows={rows.data.items} total={rows.data.total} page={page} onPage={setPage} />
          )}
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
      <ResponsiveTable>
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
      </ResponsiveTable>
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
