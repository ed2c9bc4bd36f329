import { Button, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { data } from '../../api/client';
import { asProblem } from '../../api/problem';
import { TextField } from '../../components/fields';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { addDays, amsterdamIso, formatShortDate, formatTime, todayInAmsterdam } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { platformApi, serviceLabel, SERVICES } from '../api';
import { ServiceProblems } from '../ServiceProblems';
import { ResponsiveTable } from '../../components/ResponsiveTable';

interface Search {
  from: string;
  to: string;
  email?: string;
  /** When it was asked: asking again reads again (and shows the reads just made, which are audited too). */
  askedAt: number;
}

/**
 * The privacy officer's view of the audit of personal data: every service's entries for a
 * period (whole days, Amsterdam time, the end date included), optionally about one person,
 * combined newest first. Each service records this read in its own audit.
 */
export default function AuditPage() {
  const { t, language } = useI18n();
  const today = todayInAmsterdam();
  const [from, setFrom] = useState(addDays(today, -7));
  const [to, setTo] = useState(today);
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [search, setSearch] = useState<Search>();
  const answers = useQueries({
    queries: SERVICES.map((service) => ({
      queryKey: ['privacy-audit', service, search],
      enabled: Boolean(search),
      queryFn: () =>
        data(
          platformApi[service].GET('/v1/privacy/audit', {
            params: {
              query: {
                from: amsterdamIso(search!.from, '00:00'),
                to: amsterdamIso(addDays(search!.to, 1), '00:00'),
                ...(search!.email ? { email: search!.email } : {}),
              },
            },
          }),
        ),
    })),
  });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const found = {
      from: from ? undefined : t('reason.required'),
      to: !to ? t('reason.required') : from && to < from ? t('audit.toBeforeFrom') : undefined,
    };
    setErrors(found);
    if (!found.from && !found.to) {
      setSearch({ from, to, email: email.trim() || undefined, askedAt: Date.now() });
    }
  };
  const entries = SERVICES.flatMap((service, index) => (answers[index].data?.items ?? []).map((entry) => ({ service, ...entry }))).sort(
    (a, b) => b.at.localeCompare(a.at),
  );
  // A refused e-mail address is the same refusal from every service: show it once, at its field.
  const refusal = answers.map((answer) => (answer.error ? asProblem(answer.error) : undefined)).find((problem) => problem?.status === 400);
  const emailError =
    errors.email ?? (refusal?.invalidParams?.some((param) => param.name === 'email') ? t('reason.email') : undefined);
  const loading = Boolean(search) && answers.some((answer) => answer.isFetching);
  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('audit.title')}</PageTitle>
      <Paragraph>{t('audit.intro')}</Paragraph>
      <form onSubmit={submit} noValidate className="deelwijs-form deelwijs-filters">
        <TextField label={t('audit.from')} type="date" value={from} error={errors.from} onChange={setFrom} />
        <TextField label={t('audit.to')} type="date" value={to} error={errors.to} onChange={setTo} />
        <TextField
          label={t('audit.email')}
          description={t('audit.emailHelp')}
          type="email"
          autoComplete="off"
          value={email}
          error={emailError}
          onChange={setEmail}
        />
        <div>
          <Button type="submit" appearance="primary-action-button" busy={loading} disabled={loading}>
            {t('audit.show')}
          </Button>
        </div>
      </form>
      {refusal && !refusal.invalidParams?.length && <ProblemAlert problem={refusal} />}
      <ServiceProblems services={SERVICES.filter((_service, index) => answers[index].error && asProblem(answers[index].error).status !== 400)} />
      {loading && <Paragraph role="status">{t('app.loading')}</Paragraph>}
      {search && !loading && !refusal && (
        <Paragraph role="status">{entries.length === 0 ? t('audit.none') : t('audit.count', { count: entries.length })}</Paragraph>
      )}
      {entries.length > 0 && (
        <ResponsiveTable label={t('audit.title')}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('admin.when')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('admin.service')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.actor')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.action')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.records')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {entries.map((entry) => (
                <TableRow key={`${entry.service}-${entry.id}`}>
                  <TableCell>
                    {formatShortDate(entry.at, language)} {formatTime(entry.at, language)}
                  </TableCell>
                  <TableCell>{t(serviceLabel(entry.service))}</TableCell>
                  <TableCell>
                    {entry.actorKind} <code>{entry.actorId}</code>
                  </TableCell>
                  <TableCell>
                    <code>{entry.action}</code>
                  </TableCell>
                  <TableCell>{entry.recordIds.length}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ResponsiveTable>
      )}
    </div>
  );
}
