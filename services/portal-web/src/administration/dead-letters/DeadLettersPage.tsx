import { Button, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useMutation, useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { data } from '../../api/client';
import { asProblem, type Problem } from '../../api/problem';
import { PageTitle } from '../../components/PageTitle';
import { Notice, ProblemAlert } from '../../components/ProblemAlert';
import { formatShortDate, formatTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { platformApi, serviceLabel, SERVICES, type ServiceName } from '../api';
import { ServiceProblems } from '../ServiceProblems';
import { ResponsiveTable } from '../../components/ResponsiveTable';

/** The dead-lettered events of every service, newest first, with their reason and a replay. */
export default function DeadLettersPage() {
  const { t, language } = useI18n();
  const answers = useQueries({
    queries: SERVICES.map((service) => ({
      queryKey: ['dead-letters', service],
      queryFn: () => data(platformApi[service].GET('/v1/dead-letters')),
    })),
  });
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<Problem>();
  const replay = useMutation({
    mutationFn: ({ service, sequence }: { service: ServiceName; sequence: number; subject: string }) =>
      data(platformApi[service].POST('/v1/dead-letters/{sequence}/replays', { params: { path: { sequence } } })),
    onSuccess: (_letter, { service, subject }) => {
      setNotice(t('deadLetters.replayed', { subject, service: t(serviceLabel(service)) }));
      void answers[SERVICES.indexOf(service)].refetch();
    },
    onError: (error) => setProblem(asProblem(error)),
  });
  const letters = SERVICES.flatMap((service, index) => (answers[index].data?.items ?? []).map((letter) => ({ service, ...letter }))).sort(
    (a, b) => b.deadLetteredAt.localeCompare(a.deadLetteredAt),
  );
  const loading = answers.some((answer) => answer.isPending);
  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('admin.deadLetters')}</PageTitle>
      <Paragraph>{t('deadLetters.intro')}</Paragraph>
      {notice && <Notice>{notice}</Notice>}
      <ProblemAlert problem={problem} />
      <ServiceProblems services={SERVICES.filter((_service, index) => answers[index].error)} />
      {loading && <Paragraph role="status">{t('app.loading')}</Paragraph>}
      {!loading && letters.length === 0 && <Paragraph>{t('deadLetters.none')}</Paragraph>}
      {letters.length > 0 && (
        <ResponsiveTable label={t('admin.deadLetters')}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('admin.when')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('admin.service')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('deadLetters.event')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('admin.reason')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('admin.attempts')}</TableHeaderCell>
                <TableHeaderCell scope="col">
                  <span className="deelwijs-visually-hidden">{t('admin.actions')}</span>
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {letters.map((letter) => (
                <TableRow key={`${letter.service}-${letter.sequence}`}>
                  <TableCell>
                    {formatShortDate(letter.deadLetteredAt, language)} {formatTime(letter.deadLetteredAt, language)}
                  </TableCell>
                  <TableCell>{t(serviceLabel(letter.service))}</TableCell>
                  <TableCell>
                    <code>{letter.subject}</code>
                    {letter.eventId && (
                      <>
                        <br />
                        <small>
                          {t('deadLetters.consumer')}: <code>{letter.consumer}</code>
                          <br />
                          id <code>{letter.eventId}</code>
                        </small>
                      </>
                    )}
                  </TableCell>
                  <TableCell>{letter.reason}</TableCell>
                  <TableCell>{letter.deliveries}</TableCell>
                  <TableCell>
                    <Button
                      appearance="secondary-action-button"
                      aria-label={t('deadLetters.replayNamed', { subject: letter.subject, service: t(serviceLabel(letter.service)) })}
                      disabled={replay.isPending}
                      busy={replay.isPending && replay.variables?.sequence === letter.sequence}
                      onClick={() => {
                        setNotice(undefined);
                        setProblem(undefined);
                        replay.mutate({ service: letter.service, sequence: letter.sequence, subject: letter.subject });
                      }}
                    >
                      {t('deadLetters.replay')}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ResponsiveTable>
      )}
    </div>
  );
}
