import {
  Alert,
  Button,
  Fieldset,
  FieldsetLegend,
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
import { asProblem, fieldErrors, type Problem } from '../../api/problem';
import { CheckboxField, SelectField, TextField } from '../../components/fields';
import { PageTitle } from '../../components/PageTitle';
import { Notice, ProblemAlert } from '../../components/ProblemAlert';
import { formatShortDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ResponsiveTable } from '../../components/ResponsiveTable';

type IssuedKey = components['schemas']['IssuedApiKey'];
type KeyRole = 'partner' | 'organiser' | 'editor' | 'reporter';
const KEY_ROLES: KeyRole[] = ['partner', 'organiser', 'editor', 'reporter'];
const ORGANISATIONS = ['identity', 'organisations'];

/** Organisations (add) and, for the one chosen, its API keys (issue with roles, shown once; revoke). */
export default function OrganisationsPage() {
  const { t } = useI18n();
  const queries = useQueryClient();
  const organisations = useQuery({ queryKey: ORGANISATIONS, queryFn: () => data(portalApi.GET('/v1/identity/organisations')) });
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string>();
  const [problem, setProblem] = useState<Problem>();
  const [notice, setNotice] = useState<string>();
  const [chosen, setChosen] = useState('');
  const create = useMutation({
    mutationFn: (newName: string) => data(portalApi.POST('/v1/identity/organisations', { body: { name: newName } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ORGANISATIONS }),
  });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    setNotice(undefined);
    if (!name.trim()) {
      setNameError(t('reason.required'));
      return;
    }
    setNameError(undefined);
    create.mutate(name.trim(), {
      onSuccess: (organisation) => {
        setName('');
        setChosen(organisation.id);
        setNotice(t('organisations.created', { name: organisation.name }));
      },
      onError: (error) => {
        const answer = asProblem(error);
        setNameError(fieldErrors(answer, t).name);
        setProblem(answer);
      },
    });
  };
  const organisation = organisations.data?.find((candidate) => candidate.id === chosen);
  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('admin.organisations')}</PageTitle>
      <Paragraph>{t('organisations.intro')}</Paragraph>
      {notice && <Notice>{notice}</Notice>}
      <ProblemAlert problem={problem && !problem.invalidParams?.length ? problem : undefined} />
      <form onSubmit={submit} noValidate className="deelwijs-form">
        <TextField label={t('organisations.name')} value={name} error={nameError} onChange={setName} autoComplete="organization" />
        <Button type="submit" appearance="primary-action-button" busy={create.isPending} disabled={create.isPending}>
          {t('organisations.create')}
        </Button>
      </form>
      <Heading2>{t('organisations.list')}</Heading2>
      {organisations.error && <ProblemAlert problem={asProblem(organisations.error)} />}
      {organisations.data?.length === 0 && <Paragraph>{t('organisations.none')}</Paragraph>}
      {organisations.data && organisations.data.length > 0 && (
        <SelectField
          label={t('organisations.choose')}
          value={chosen}
          onChange={setChosen}
          empty="—"
          choices={organisations.data.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
        />
      )}
      {organisation && <OrganisationKeys key={organisation.id} organisation={organisation} />}
    </div>
  );
}

function OrganisationKeys({ organisation }: { organisation: { id: string; name: string } }) {
  const { t, language } = useI18n();
  const queries = useQueryClient();
  const queryKey = ['identity', 'api-keys', organisation.id];
  const keys = useQuery({
    queryKey,
    queryFn: () => data(portalApi.GET('/v1/identity/api-keys', { params: { query: { organisationId: organisation.id } } })),
  });
  const [label, setLabel] = useState('');
  const [roles, setRoles] = useState<KeyRole[]>(['partner']);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [issued, setIssued] = useState<IssuedKey>();
  const [problem, setProblem] = useState<Problem>();
  const issue = useMutation({
    mutationFn: (body: { label: string; roles: KeyRole[] }) =>
      data(portalApi.POST('/v1/identity/api-keys', { body: { ...body, organisationId: organisation.id } })),
    onSuccess: () => queries.invalidateQueries({ queryKey }),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => data(portalApi.POST('/v1/identity/api-keys/{id}/revocation', { params: { path: { id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey }),
  });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    const found = {
      label: label.trim() ? undefined : t('reason.required'),
      roles: roles.length > 0 ? undefined : t('organisations.rolesRequired'),
    };
    setErrors(found);
    if (found.label || found.roles) {
      return;
    }
    issue.mutate(
      { label: label.trim(), roles },
      {
        onSuccess: (key) => {
          setIssued(key);
          setLabel('');
        },
        onError: (error) => {
          const answer = asProblem(error);
          setErrors(fieldErrors(answer, t));
          setProblem(answer);
        },
      },
    );
  };
  return (
    <section aria-labelledby="organisation-keys" className="deelwijs-stack">
      <Heading2 id="organisation-keys">{t('organisations.keysOf', { name: organisation.name })}</Heading2>
      {issued && (
        <Alert type="warning" role="alert">
          <Paragraph>{t('apiKeys.shownOnce', { label: issued.label })}</Paragraph>
          <p className="deelwijs-key" aria-label={t('apiKeys.theKey')}>
            {issued.key}
          </p>
          <Button appearance="secondary-action-button" onClick={() => void navigator.clipboard?.writeText(issued.key)}>
            {t('apiKeys.copy')}
          </Button>{' '}
          <Button appearance="subtle-button" onClick={() => setIssued(undefined)}>
            {t('apiKeys.stored')}
          </Button>
        </Alert>
      )}
      <ProblemAlert problem={problem && !problem.invalidParams?.length ? problem : undefined} />
      <form onSubmit={submit} noValidate className="deelwijs-form">
        <TextField label={t('apiKeys.label')} description={t('apiKeys.labelHelp')} value={label} error={errors.label} onChange={setLabel} />
        <Fieldset invalid={Boolean(errors.roles)}>
          <FieldsetLegend>{t('organisations.roles')}</FieldsetLegend>
          <Paragraph>{t('organisations.rolesHelp')}</Paragraph>
          {KEY_ROLES.map((role) => (
            <CheckboxField
              key={role}
              label={t(`role.${role}` as MessageKey)}
              checked={roles.includes(role)}
              onChange={(checked) => setRoles((current) => (checked ? [...current, role] : current.filter((other) => other !== role)))}
            />
          ))}
          {errors.roles && (
            <p className="utrecht-form-field-error-message" role="alert">
              {errors.roles}
            </p>
          )}
        </Fieldset>
        <Button type="submit" appearance="primary-action-button" busy={issue.isPending} disabled={issue.isPending}>
          {t('apiKeys.create')}
        </Button>
      </form>
      {keys.error && <ProblemAlert problem={asProblem(keys.error)} />}
      {keys.data?.length === 0 && <Paragraph>{t('apiKeys.none')}</Paragraph>}
      {keys.data && keys.data.length > 0 && (
        <ResponsiveTable label={t('admin.organisations')}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('apiKeys.label')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('organisations.keyRoles')}</TableHeaderCell>
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
                  <TableCell>{key.roles.map((role) => t(`role.${role}` as MessageKey)).join(', ')}</TableCell>
                  <TableCell>{formatShortDate(key.createdAt, language)}</TableCell>
                  <TableCell>
                    {key.revokedAt ? t('apiKeys.revokedOn', { date: formatShortDate(key.revokedAt, language) }) : t('apiKeys.active')}
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
    </section>
  );
}
