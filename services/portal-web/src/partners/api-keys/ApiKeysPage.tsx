import {
  Alert,
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
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { data, portalApi } from '../../api/client';
import type { components } from '../../api/openapi/portal';
import { asProblem, fieldErrors, problemMessage, type Problem } from '../../api/problem';
import { TextField } from '../../components/fields';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatShortDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ResponsiveTable } from '../../components/ResponsiveTable';

type IssuedKey = components['schemas']['IssuedApiKey'];
const KEYS = ['identity', 'api-keys'];

/** The partner's own API keys for its systems: create (the key is shown once), label, revoke. */
export default function ApiKeysPage() {
  const { t, language } = useI18n();
  const queries = useQueryClient();
  const keys = useQuery({ queryKey: KEYS, queryFn: () => data(portalApi.GET('/v1/identity/api-keys')) });
  const [label, setLabel] = useState('');
  const [labelError, setLabelError] = useState<string>();
  const [issued, setIssued] = useState<IssuedKey>();
  const [problem, setProblem] = useState<Problem>();
  const create = useMutation({
    mutationFn: (newLabel: string) =>
      data(portalApi.POST('/v1/identity/api-keys', { body: { label: newLabel } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: KEYS }),
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      data(portalApi.POST('/v1/identity/api-keys/{id}/revocation', { params: { path: { id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: KEYS }),
  });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    if (!label.trim()) {
      setLabelError(t('reason.required'));
      return;
    }
    setLabelError(undefined);
    create.mutate(label.trim(), {
      onSuccess: (key) => {
        setIssued(key);
        setLabel('');
      },
      onError: (error) => {
        const answer = asProblem(error);
        setLabelError(fieldErrors(answer, t).label);
        setProblem(answer);
      },
    });
  };
  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('apiKeys.title')}</PageTitle>
      <Paragraph>{t('apiKeys.intro')}</Paragraph>
      {issued && (
        <Alert type="warning" role="alert">
          <Paragraph>{t('apiKeys.shownOnce', { label: issued.label })}</Paragraph>
          <p className="deelwijs-key" aria-label={t('apiKeys.theKey')}>
            {issued.key}
          </p>
          <Button
            appearance="secondary-action-button"
            onClick={() => void navigator.clipboard?.writeText(issued.key)}
          >
            {t('apiKeys.copy')}
          </Button>{' '}
          <Button appearance="subtle-button" onClick={() => setIssued(undefined)}>
            {t('apiKeys.stored')}
          </Button>
        </Alert>
      )}
      <ProblemAlert problem={problem && !problem.invalidParams?.length ? problem : undefined} />
      <form onSubmit={submit} noValidate className="deelwijs-form">
        <TextField
          label={t('apiKeys.label')}
          description={t('apiKeys.labelHelp')}
          value={label}
          error={labelError}
          onChange={setLabel}
        />
        <Button
          type="submit"
          appearance="primary-action-button"
          busy={create.isPending}
          disabled={create.isPending}
        >
          {t('apiKeys.create')}
        </Button>
      </form>
      <Heading2>{t('apiKeys.existing')}</Heading2>
      {keys.error && <ProblemAlert problem={asProblem(keys.error)} />}
      {keys.data && keys.data.length === 0 && <Paragraph>{t('apiKeys.none')}</Paragraph>}
      {keys.data && keys.data.length > 0 && (
        <ResponsiveTable label={t('apiKeys.existing')}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('apiKeys.label')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('apiKeys.created')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('apiKeys.state')}</TableHeaderCell>
                <TableHeaderCell scope="col">
                  <span className="deelwijs-visually-hidden">{t('apiKeys.actions')}</span>
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.data.map((key) => (
                <TableRow key={key.id}>
                  <TableCell>{key.label}</TableCell>
                  <TableCell>{formatShortDate(key.createdAt, language)}</TableCell>
                  <TableCell>
                    {key.revokedAt
                      ? t('apiKeys.revokedOn', { date: formatShortDate(key.revokedAt, language) })
                      : t('apiKeys.active')}
                  </TableCell>
                  <TableCell>
                    {!key.revokedAt && (
                      <Button
                        appearance="secondary-action-button"
                        hint="danger"
                        aria-label={t('apiKeys.revokeNamed', { label: key.label })}
                        disabled={revoke.isPending}
                        onClick={() => {
                          if (window.confirm(t('apiKeys.confirmRevoke', { label: key.label }))) {
                            revoke.mutate(key.id, { onError: (error) => setProblem(asProblem(error)) });
                          }
                        }}
                      >
                        {t('apiKeys.revoke')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ResponsiveTable>
      )}
      {revoke.error && <Paragraph role="alert">{problemMessage(asProblem(revoke.error), t)}</Paragraph>}
    </div>
  );
}
