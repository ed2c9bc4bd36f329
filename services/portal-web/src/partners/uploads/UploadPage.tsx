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
import { asProblem, fieldErrors, translateReason, type Problem } from '../../api/problem';
import { SelectField } from '../../components/fields';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { amsterdamIso, formatNumber, formatPeriod, todayInAmsterdam } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import {
  downloadResult,
  IMPORT_FIELDS,
  useImport,
  useImportRows,
  usePreview,
  useStartImport,
  type ImportField,
  type ImportPreview,
  type ImportRow,
} from './imports';

/**
 * A spreadsheet of registrations: choose the file, match its columns to the registration's
 * fields with the first rows in view, follow the import's progress, then read (or download)
 * what happened to every row.
 */
export default function UploadPage() {
  const { t } = useI18n();
  const [file, setFile] = useState<File>();
  const [activityId, setActivityId] = useState('');
  const [mapping, setMapping] = useState<Partial<Record<ImportField, string>>>({});
  const [preview, setPreview] = useState<ImportPreview>();
  const [importId, setImportId] = useState<string>();
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [problem, setProblem] = useState<Problem>();
  const previewing = usePreview();
  const starting = useStartImport();
  const fileId = useId();
  const activities = useActivities({
    status: 'published',
    from: amsterdamIso(todayInAmsterdam(), '00:00'),
    pageSize: 200,
  });

  const fail = (error: unknown) => {
    const answer = asProblem(error);
    setErrors(fieldErrors(answer, t));
    setProblem(answer);
  };

  const choose = (chosen: File | undefined) => {
    setFile(chosen);
    setPreview(undefined);
    setImportId(undefined);
    setProblem(undefined);
    setErrors({});
    if (!chosen) {
      return;
    }
    if (!/\.(csv|xlsx)$/i.test(chosen.name)) {
      setErrors({ file: t('upload.wrongType') });
      return;
    }
    previewing.mutate(chosen, {
      onSuccess: (answer) => {
        setPreview(answer);
        setMapping(answer.suggestedMapping);
      },
      onError: fail,
    });
  };

  const start = (event: React.FormEvent) => {
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
    starting.mutate(
      // One key per file and choice: sending the same again is recognised, not registered twice.
      {
        file,
        mapping,
        activityId: activityId || undefined,
        idempotencyKey: `${file.name}:${file.size}:${file.lastModified}:${activityId}:${JSON.stringify(mapping)}`,
      },
      { onSuccess: (started) => setImportId(started.id), onError: fail },
    );
  };

  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('upload.title')}</PageTitle>
      <Paragraph>{t('upload.intro')}</Paragraph>
      <ProblemAlert problem={problem && !problem.invalidParams?.length ? problem : undefined} />
      <form onSubmit={start} noValidate className="deelwijs-stack">
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
                onChange={(event) => choose(event.target.files?.[0])}
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
              label: `${activityTitle(activity, 'nl')} (${formatPeriod(activity.startsAt, activity.endsAt, 'nl')})`,
            }))}
          />
          {previewing.isPending && <Paragraph role="status">{t('upload.reading')}</Paragraph>}
        </Fieldset>
        {preview && <Mapping preview={preview} mapping={mapping} errors={errors} onChange={setMapping} />}
        {preview && !importId && (
          <ButtonGroup>
            <Button
              type="submit"
              appearance="primary-action-button"
              busy={starting.isPending}
              disabled={starting.isPending}
            >
              {t('upload.start', { n: formatNumber(preview.rowCount) })}
            </Button>
          </ButtonGroup>
        )}
      </form>
      {importId && <ImportProgress id={importId} />}
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
  mapping: Partial<Record<ImportField, string>>;
  errors: Record<string, string | undefined>;
  onChange: (mapping: Partial<Record<ImportField, string>>) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <section aria-labelledby="preview-heading">
        <Heading2 id="preview-heading">
          {t('upload.preview', { n: preview.rows.length, total: formatNumber(preview.rowCount) })}
        </Heading2>
        <div className="deelwijs-table-scroll" tabIndex={0} role="region" aria-labelledby="preview-heading">
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
              {preview.rows.map((row, index) => (
                <TableRow key={index}>
                  {preview.columns.map((column, cell) => (
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
            onChange={(column) => onChange({ ...mapping, [field]: column || undefined })}
            empty={t('upload.notInSheet')}
            choices={preview.columns.map((column) => ({ value: column, label: column }))}
          />
        ))}
      </Fieldset>
    </>
  );
}

const OUTCOMES: Array<ImportRow['outcome'] | ''> = ['', 'rejected', 'duplicate', 'waitlisted', 'accepted'];

function ImportProgress({ id }: { id: string }) {
  const { t } = useI18n();
  const progress = useImport(id);
  const [outcome, setOutcome] = useState<ImportRow['outcome'] | ''>('');
  const [page, setPage] = useState(1);
  const current = progress.data;
  const done = current?.status === 'completed';
  const rows = useImportRows(id, done, outcome || undefined, page);
  const [downloadProblem, setDownloadProblem] = useState<Problem>();
  const percent = current && current.total > 0 ? Math.round((current.processed / current.total) * 100) : 0;
  return (
    <section aria-labelledby="progress-heading" className="deelwijs-stack">
      <Heading2 id="progress-heading">{t('upload.step3')}</Heading2>
      {progress.error && <ProblemAlert problem={asProblem(progress.error)} />}
      {current && (
        <>
          <label htmlFor={`progress-${id}`}>{t('upload.progressLabel')}</label>
          <progress
            id={`progress-${id}`}
            className="deelwijs-progress"
            max={100}
            value={percent}
            aria-valuetext={t('upload.progress', {
              processed: formatNumber(current.processed),
              total: formatNumber(current.total),
            })}
          />
          <Paragraph role="status" aria-live="polite">
            {current.status === 'failed'
              ? t('upload.failed')
              : done
                ? t('upload.done', {
                    accepted: current.summary.accepted,
                    waitlisted: current.summary.waitlisted,
                    duplicate: current.summary.duplicate,
                    rejected: current.summary.rejected,
                  })
                : t('upload.progress', {
                    processed: formatNumber(current.processed),
                    total: formatNumber(current.total),
                  })}
          </Paragraph>
        </>
      )}
      {done && (
        <>
          <ButtonGroup>
            <Button
              appearance="primary-action-button"
              onClick={() => downloadResult(id).catch((error) => setDownloadProblem(asProblem(error)))}
            >
              {t('upload.download')}
            </Button>
          </ButtonGroup>
          <ProblemAlert problem={downloadProblem} />
          <SelectField
            label={t('upload.showRows')}
            value={outcome}
            onChange={(value) => {
              setOutcome(value as ImportRow['outcome'] | '');
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
  rows: ImportRow[];
  total: number;
  page: number;
  onPage: (page: number) => void;
}) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / 50));
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
