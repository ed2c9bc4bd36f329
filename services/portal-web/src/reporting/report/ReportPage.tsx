import { Alert, Button, Heading2, Paragraph } from '@utrecht/component-library-react';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { asProblem, type Problem } from '../../api/problem';
import { TextareaField } from '../../components/fields';
import { FormErrorSummary } from '../../components/FormErrorSummary';
import { PageTitle } from '../../components/PageTitle';
import { Notice, ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { hasRole, useSession } from '../../session/session';
import { REPORT_FORMATS, reportFileUrl, useReport, useWorkflowStep } from './api';
import { ConfirmStep } from './ConfirmStep';
import { explanationFieldId, missingExplanations } from './missing-explanations';
import { PrestatieEditor } from './PrestatieEditor';
import { localText, type ProgrammeReport } from './report-model';
import { SnapshotHistory } from './SnapshotHistory';

type Step = 'submit' | 'approve' | 'reject';

/**
 * A programme's report for a period: reporters explain each prestatie (with the page as it
 * prints beside it) and submit; approvers approve or send it back with a reason; an approved
 * period is locked and only read. Downloads in every format, and the snapshots' history.
 */
export default function ReportPage({ params }: { params: { code: string; period: string } }) {
  const { t, language } = useI18n();
  const session = useSession();
  const { code, period } = params;
  const report = useReport(code, period);
  const step = useWorkflowStep(code, period);
  const [confirming, setConfirming] = useState<Step>();
  const [done, setDone] = useState<string>();
  const [refusal, setRefusal] = useState<Problem>();
  const [reason, setReason] = useState('');
  /** Prestaties explained since the last refusal: they leave the error summary. */
  const [explained, setExplained] = useState<string[]>([]);
  // The result of a step (or its refusal) takes the focus, as the confirmation that had it is gone.
  const result = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done || refusal) {
      result.current?.focus();
    }
  }, [done, refusal]);

  if (report.isPending) {
    return <Paragraph role="status">{t('app.loading')}</Paragraph>;
  }
  if (!report.data) {
    return (
      <div className="deelwijs-stack">
        <PageTitle>{t('report.title', { period })}</PageTitle>
        <ProblemAlert problem={asProblem(report.error)} />
      </div>
    );
  }
  const current: ProgrammeReport = report.data;
  const { workflow } = current;
  const periodName = current.period.label ? localText(current.period.label, language) : period;
  const mayEdit = hasRole(session, 'reporter') && workflow.status === 'draft';
  const missing = missingExplanations(refusal).filter((prestatie) => !explained.includes(prestatie));
  const missingErrors = Object.fromEntries(
    missing.map((prestatie) => [prestatie, t('report.missingExplanation', { code: prestatie })]),
  );

  const run = (kind: Step) => {
    setDone(undefined);
    setRefusal(undefined);
    setExplained([]);
    const input = kind === 'reject' ? { kind, reason: reason.trim() } : { kind };
    step.mutate(input, {
      onSuccess: () => {
        setConfirming(undefined);
        setReason('');
        setDone(
          t(
            kind === 'submit'
              ? 'report.submitted'
              : kind === 'approve'
                ? 'report.approved'
                : 'report.rejectedNotice',
          ),
        );
      },
      onError: (error) => {
        setConfirming(undefined);
        setRefusal(asProblem(error));
      },
    });
  };
  const refusedForExplanations = missingExplanations(refusal).length > 0;
  const rejectErrors = refusal?.invalidParams?.some((param) => param.name === 'reason');

  return (
    <div className="deelwijs-stack">
      <Paragraph>
        <Link href={`/reporting/programmes/${encodeURIComponent(code)}`} className="utrecht-link">
          {t('report.back')}
        </Link>
      </Paragraph>
      <PageTitle>{t('report.title', { period: periodName })}</PageTitle>
      <Paragraph lead>{localText(current.programme.title, language)}</Paragraph>
      <dl className="deelwijs-facts">
        <dt>{t('report.statusLabel')}</dt>
        <dd>
          <strong>{t(`report.status.${workflow.status}`)}</strong>
        </dd>
        {workflow.submittedAt && (
          <>
            <dt>{t('report.status.submitted')}</dt>
            <dd>
              {t('report.submittedBy', {
                by: workflow.submittedBy ?? '',
                date: formatDate(workflow.submittedAt, language),
              })}
            </dd>
          </>
        )}
        {workflow.approvedAt && (
          <>
            <dt>{t('report.status.approved')}</dt>
            <dd>
              {t('report.approvedBy', {
                by: workflow.approvedBy ?? '',
                date: formatDate(workflow.approvedAt, language),
              })}
            </dd>
          </>
        )}
      </dl>
      {workflow.locked && (
        <Alert type="info" role="status">
          <Paragraph>
            <strong>{t('report.locked')}</strong>
          </Paragraph>
        </Alert>
      )}
      {workflow.status === 'submitted' && (
        <Alert type="info">
          <Paragraph>{t('report.submittedNotice')}</Paragraph>
        </Alert>
      )}
      {workflow.status === 'draft' && workflow.rejectionReason && (
        <Alert type="warning">
          <Paragraph>{t('report.rejected', { reason: workflow.rejectionReason })}</Paragraph>
        </Alert>
      )}
      <div ref={result} tabIndex={-1} className="deelwijs-focus-target">
        {done && <Notice>{done}</Notice>}
        {missing.length > 0 ? (
          <FormErrorSummary
            errors={missingErrors}
            fieldIds={Object.fromEntries(
              missing.map((prestatie) => [prestatie, explanationFieldId(prestatie)]),
            )}
          />
        ) : (
          !rejectErrors && !refusedForExplanations && <ProblemAlert problem={refusal} />
        )}
      </div>

      {current.prestaties.map((prestatie) => (
        <section
          key={prestatie.code}
          aria-labelledby={`prestatie-${explanationFieldId(prestatie.code)}`}
          className="deelwijs-stack"
        >
          <Heading2 id={`prestatie-${explanationFieldId(prestatie.code)}`}>
            {prestatie.code} {localText(prestatie.title, language)}
          </Heading2>
          <Paragraph>
            {t('report.prestatieStatus', { status: t(`report.judgement.${prestatie.status}`) })}
            {prestatie.explanationRequired && mayEdit ? ` — ${t('report.explanationRequired')}` : ''}
          </Paragraph>
          {mayEdit ? (
            <PrestatieEditor
              key={`${prestatie.code}-${workflow.status}`}
              code={code}
              period={period}
              prestatie={prestatie}
              missing={missingErrors[prestatie.code]}
              onSaved={() => setExplained((codes) => [...codes, prestatie.code])}
            />
          ) : (
            <ReadOnlyTexts prestatie={prestatie} />
          )}
          <Paragraph>
            {t('report.page', { code: prestatie.code })}:{' '}
            {REPORT_FORMATS.map((format, index) => (
              <span key={format}>
                {index > 0 ? ' · ' : ''}
                <a
                  className="utrecht-link"
                  href={reportFileUrl(code, period, format, language, prestatie.code)}
                  download
                >
                  {t(`report.format.${format}`)}
                </a>
              </span>
            ))}
          </Paragraph>
        </section>
      ))}

      <section aria-labelledby="report-workflow" className="deelwijs-stack">
        <Heading2 id="report-workflow">{t('report.workflow')}</Heading2>
        {workflow.locked && <Paragraph>{t('report.locked')}</Paragraph>}
        {mayEdit &&
          (confirming === 'submit' ? (
            <ConfirmStep
              question={t('report.confirmSubmit', { period: periodName })}
              busy={step.isPending}
              onConfirm={() => run('submit')}
              onCancel={() => setConfirming(undefined)}
            />
          ) : (
            <Button appearance="primary-action-button" onClick={() => setConfirming('submit')}>
              {t('report.submit')}
            </Button>
          ))}
        {hasRole(session, 'approver') && workflow.status === 'draft' && (
          <Paragraph>{t('report.waitForSubmission')}</Paragraph>
        )}
        {hasRole(session, 'approver') && workflow.status === 'submitted' && (
          <>
            {confirming === 'approve' ? (
              <ConfirmStep
                question={t('report.confirmApprove', { period: periodName })}
                busy={step.isPending}
                onConfirm={() => run('approve')}
                onCancel={() => setConfirming(undefined)}
              />
            ) : (
              <Button appearance="primary-action-button" onClick={() => setConfirming('approve')}>
                {t('report.approve')}
              </Button>
            )}
            <form
              className="deelwijs-form deelwijs-stack"
              onSubmit={(event) => {
                event.preventDefault();
                setConfirming('reject');
              }}
            >
              <TextareaField
                label={t('report.rejectReason')}
                description={t('report.rejectHint')}
                required
                value={reason}
                onChange={setReason}
                error={rejectErrors && refusal ? asProblemReason(refusal, t) : undefined}
                rows={3}
              />
              {confirming === 'reject' ? (
                <ConfirmStep
                  question={t('report.confirmReject')}
                  busy={step.isPending}
                  onConfirm={() => run('reject')}
                  onCancel={() => setConfirming(undefined)}
                />
              ) : (
                <Button type="submit" appearance="secondary-action-button">
                  {t('report.reject')}
                </Button>
              )}
            </form>
          </>
        )}
      </section>

      <section aria-labelledby="report-downloads" className="deelwijs-stack">
        <Heading2 id="report-downloads">{t('report.downloads')}</Heading2>
        <ul className="deelwijs-downloads">
          {REPORT_FORMATS.map((format) => (
            <li key={format}>
              <a className="utrecht-link" href={reportFileUrl(code, period, format, language)} download>
                {t('report.downloadWhole')}: {t(`report.format.${format}`)}
              </a>
            </li>
          ))}
        </ul>
      </section>

      <SnapshotHistory code={code} period={period} prestaties={current.prestaties} />
    </div>
  );
}

function asProblemReason(problem: Problem, t: ReturnType<typeof useI18n>['t']): string {
  const reason = problem.invalidParams?.find((param) => param.name === 'reason')?.reason ?? '';
  return reason ? `${t('report.rejectReason')}: ${reason}` : '';
}

/** A submitted or approved report's texts, as read (no field offered). */
function ReadOnlyTexts({ prestatie }: { prestatie: ProgrammeReport['prestaties'][number] }) {
  const { t, language } = useI18n();
  return (
    <dl className="deelwijs-facts">
      <dt>{t('report.explanation', { code: prestatie.code })}</dt>
      <dd>{prestatie.explanation ? localText(prestatie.explanation, language) : t('report.diff.none')}</dd>
      {prestatie.actions
        .filter((action) => action.realisation?.text)
        .map((action) => (
          <div key={action.number} style={{ display: 'contents' }}>
            <dt>{t('report.realisation', { number: action.number })}</dt>
            <dd>{localText(action.realisation?.text, language)}</dd>
          </div>
        ))}
    </dl>
  );
}
