import {
  Button,
  Heading2,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useMutation, useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { data } from '../../api/client';
import { asProblem, type Problem } from '../../api/problem';
import { PageTitle } from '../../components/PageTitle';
import { Notice, ProblemAlert } from '../../components/ProblemAlert';
import { formatShortDate, formatTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { platformApi, reportingApi, serviceLabel, SERVICES, type ServiceName } from '../api';
import { ServiceProblems } from '../ServiceProblems';
import { ResponsiveTable } from '../../components/ResponsiveTable';

function When({ iso }: { iso?: string }) {
  const { language } = useI18n();
  return iso ? (
    <>
      {formatShortDate(iso, language)} {formatTime(iso, language)}
    </>
  ) : null;
}

/** The jobs that failed for good in every service, and reporting's failed deliveries, each with a retry. */
export default function FailedWorkPage() {
  const { t } = useI18n();
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<Problem>();
  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('admin.failedWork')}</PageTitle>
      <Paragraph>{t('failedWork.intro')}</Paragraph>
      {notice && <Notice>{notice}</Notice>}
      <ProblemAlert problem={problem} />
      <FailedJobs onRetried={setNotice} onProblem={setProblem} />
      <FailedDeliveries onRetried={setNotice} onProblem={setProblem} />
    </div>
  );
}

interface Outcome {
  onRetried: (notice: string) => void;
  onProblem: (problem?: Problem) => void;
}

function FailedJobs({ onRetried, onProblem }: Outcome) {
  const { t } = useI18n();
  const answers = useQueries({
    queries: SERVICES.map((service) => ({
      queryKey: ['failed-jobs', service],
      queryFn: () => data(platformApi[service].GET('/v1/failed-jobs')),
    })),
  });
  const retry = useMutation({
    mutationFn: ({ service, queue, id }: { service: ServiceName; queue: string; id: string; name: string }) =>
      data(platformApi[service].POST('/v1/queues/{queue}/failed-jobs/{id}/retries', { params: { path: { queue, id } } })),
    onSuccess: (_job, { service, name }) => {
      onRetried(t('failedWork.retried', { what: `${name} (${t(serviceLabel(service))})` }));
      void answers[SERVICES.indexOf(service)].refetch();
    },
    onError: (error) => onProblem(asProblem(error)),
  });
  const jobs = SERVICES.flatMap((service, index) => (answers[index].data?.items ?? []).map((job) => ({ service, ...job }))).sort((a, b) =>
    (b.failedAt ?? b.createdAt).localeCompare(a.failedAt ?? a.createdAt),
  );
  const loading = answers.some((answer) => answer.isPending);
  return (
    <section aria-labelledby="failed-jobs" className="deelwijs-stack">
      <Heading2 id="failed-jobs">{t('failedWork.jobs')}</Heading2>
      <ServiceProblems services={SERVICES.filter((_service, index) => answers[index].error)} />
      {loading && <Paragraph role="status">{t('app.loading')}</Paragraph>}
      {!loading && jobs.length === 0 && <Paragraph>{t('failedWork.noJobs')}</Paragraph>}
      {jobs.length > 0 && (
        <ResponsiveTable labelledBy="failed-jobs">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('admin.when')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('admin.service')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('failedWork.queue')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('failedWork.job')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('admin.reason')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('admin.attempts')}</TableHeaderCell>
                <TableHeaderCell scope="col">
                  <span className="deelwijs-visually-hidden">{t('admin.actions')}</span>
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {jobs.map((job) => (
                <TableRow key={`${job.service}-${job.queue}-${job.id}`}>
                  <TableCell>
                    <When iso={job.failedAt ?? job.createdAt} />
                  </TableCell>
                  <TableCell>{t(serviceLabel(job.service))}</TableCell>
                  <TableCell>
                    <code>{job.queue}</code>
                  </TableCell>
                  <TableCell>
                    <code>{job.name}</code>
                  </TableCell>
                  <TableCell>{job.reason}</TableCell>
                  <TableCell>
                    {job.attemptsMade} / {job.attempts}
                  </TableCell>
                  <TableCell>
                    <Button
                      appearance="secondary-action-button"
                      aria-label={t('failedWork.retryJobNamed', { name: job.name, service: t(serviceLabel(job.service)) })}
                      disabled={retry.isPending}
                      onClick={() => {
                        onProblem(undefined);
                        retry.mutate({ service: job.service, queue: job.queue, id: job.id, name: job.name });
                      }}
                    >
                      {t('failedWork.retry')}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ResponsiveTable>
      )}
    </section>
  );
}

function FailedDeliveries({ onRetried, onProblem }: Outcome) {
  const { t } = useI18n();
  const deliveries = useQuery({
    queryKey: ['deliveries', 'failed'],
    queryFn: () => data(reportingApi.GET('/v1/deliveries', { params: { query: { status: 'failed' } } })),
  });
  const retry = useMutation({
    mutationFn: ({ id }: { id: string; what: string }) => data(reportingApi.POST('/v1/deliveries/{id}/attempts', { params: { path: { id } } })),
    onSuccess: (_delivery, { what }) => {
      onRetried(t('failedWork.retried', { what }));
      void deliveries.refetch();
    },
    onError: (error) => onProblem(asProblem(error)),
  });
  const items = deliveries.data?.items ?? [];
  return (
    <section aria-labelledby="failed-deliveries" className="deelwijs-stack">
      <Heading2 id="failed-deliveries">{t('failedWork.deliveries')}</Heading2>
      {deliveries.error && <ProblemAlert problem={asProblem(deliveries.error)} />}
      {deliveries.isPending && <Paragraph role="status">{t('app.loading')}</Paragraph>}
      {deliveries.data && items.length === 0 && <Paragraph>{t('failedWork.noDeliveries')}</Paragraph>}
      {items.length > 0 && (
        <ResponsiveTable labelledBy="failed-deliveries">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('admin.when')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('failedWork.delivery')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('admin.reason')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('admin.attempts')}</TableHeaderCell>
                <TableHeaderCell scope="col">
                  <span className="deelwijs-visually-hidden">{t('admin.actions')}</span>
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((delivery) => (
                <TableRow key={delivery.id}>
                  <TableCell>
                    <When iso={delivery.createdAt} />
                  </TableCell>
                  <TableCell>
                    {delivery.programmeCode} · {delivery.period}
                  </TableCell>
                  <TableCell>{delivery.lastError}</TableCell>
                  <TableCell>{delivery.attempts}</TableCell>
                  <TableCell>
                    <Button
                      appearance="secondary-action-button"
                      aria-label={t('failedWork.retryDeliveryNamed', { programme: delivery.programmeCode, period: delivery.period })}
                      disabled={retry.isPending}
                      onClick={() => {
                        onProblem(undefined);
                        retry.mutate({ id: delivery.id, what: `${delivery.programmeCode} · ${delivery.period}` });
                      }}
                    >
                      {t('failedWork.retry')}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ResponsiveTable>
      )}
    </section>
  );
}
