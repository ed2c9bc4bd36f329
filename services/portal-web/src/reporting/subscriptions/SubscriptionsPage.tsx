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
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { data } from '../../api/client';
import { asProblem, fieldErrors } from '../../api/problem';
import { SelectField, TextField } from '../../components/fields';
import { FormErrorSummary } from '../../components/FormErrorSummary';
import { PageTitle } from '../../components/PageTitle';
import { Notice, ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, formatTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { reportingApi } from '../report/api';
import { ConfirmStep } from '../report/ConfirmStep';
import {
  useDeliveries,
  useRetryDelivery,
  useSubscribe,
  useSubscriptions,
  useUnsubscribe,
  type Delivery,
  type Subscription,
  type SubscriptionInput,
} from './api';
import { ResponsiveTable } from '../../components/ResponsiveTable';

function usePrograms() {
  return useQuery({
    queryKey: ['reporting', 'programmes'],
    queryFn: async () => (await data(reportingApi.GET('/v1/programmes'))).items,
  });
}

/**
 * Administrators manage who is sent a report once it is approved (signed webhooks, e-mail), and
 * see each delivery's status, with a retry for a failed one.
 */
export default function SubscriptionsPage() {
  const { t, language } = useI18n();
  const subscriptions = useSubscriptions();
  const deliveries = useDeliveries();
  const [notice, setNotice] = useState<string>();
  const [secret, setSecret] = useState<string>();
  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('subscriptions.title')}</PageTitle>
      <Paragraph>{t('subscriptions.intro')}</Paragraph>
      {notice && <Notice>{notice}</Notice>}
      {secret && (
        <Paragraph>
          {t('subscriptions.secret')} <code className="deelwijs-secret">{secret}</code>
        </Paragraph>
      )}
      <ProblemAlert problem={subscriptions.error ? asProblem(subscriptions.error) : undefined} />
      {subscriptions.data && (
        <SubscriptionTable
          items={subscriptions.data}
          onDeleted={(target) => {
            setSecret(undefined);
            setNotice(t('subscriptions.deleted', { target }));
          }}
        />
      )}
      <NewSubscription
        onCreated={(created) => {
          setSecret(created.secret);
          setNotice(t('subscriptions.createdNotice', { target: created.target }));
        }}
      />
      <section aria-labelledby="deliveries" className="deelwijs-stack">
        <Heading2 id="deliveries">{t('subscriptions.deliveries')}</Heading2>
        <ProblemAlert problem={deliveries.error ? asProblem(deliveries.error) : undefined} />
        <Button appearance="secondary-action-button" onClick={() => void deliveries.refetch()}>
          {t('subscriptions.refresh')}
        </Button>
        {deliveries.data &&
          (deliveries.data.length === 0 ? (
            <Paragraph>{t('subscriptions.noDeliveries')}</Paragraph>
          ) : (
            <DeliveryTable
              items={deliveries.data}
              targets={
                new Map(
                  (subscriptions.data ?? []).map((subscription) => [subscription.id, subscription.target]),
                )
              }
              language={language}
              onRetried={() => setNotice(t('subscriptions.retried'))}
            />
          ))}
      </section>
    </div>
  );
}

function SubscriptionTable({
  items,
  onDeleted,
}: {
  items: Subscription[];
  onDeleted: (target: string) => void;
}) {
  const { t, language } = useI18n();
  const unsubscribe = useUnsubscribe();
  const [confirming, setConfirming] = useState<string>();
  if (items.length === 0) {
    return <Paragraph>{t('subscriptions.none')}</Paragraph>;
  }
  return (
    <ResponsiveTable label={t('subscriptions.title')}>
      <ProblemAlert problem={unsubscribe.error ? asProblem(unsubscribe.error) : undefined} />
      <Table>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('subscriptions.target')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('subscriptions.channel')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('subscriptions.programme')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('subscriptions.language')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('subscriptions.created')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('subscriptions.actions')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((item) => (
            <TableRow key={item.id}>
              <TableCell className="deelwijs-break">{item.target}</TableCell>
              <TableCell>{t(`subscriptions.channel.${item.channel as 'webhook' | 'email'}`)}</TableCell>
              <TableCell>{item.programmeCode}</TableCell>
              <TableCell>{t(`language.${item.language as 'nl' | 'en'}`)}</TableCell>
              <TableCell>{formatDate(item.createdAt, language)}</TableCell>
              <TableCell>
                {confirming === item.id ? (
                  <ConfirmStep
                    question={t('subscriptions.confirmDelete', { target: item.target })}
                    busy={unsubscribe.isPending}
                    onCancel={() => setConfirming(undefined)}
                    onConfirm={() =>
                      unsubscribe.mutate(item.id, {
                        onSuccess: () => {
                          setConfirming(undefined);
                          onDeleted(item.target);
                        },
                      })
                    }
                  />
                ) : (
                  <Button
                    appearance="secondary-action-button"
                    aria-label={t('subscriptions.deleteLabel', { target: item.target })}
                    onClick={() => setConfirming(item.id)}
                  >
                    {t('subscriptions.delete')}
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </ResponsiveTable>
  );
}

function NewSubscription({ onCreated }: { onCreated: (created: Subscription) => void }) {
  const { t } = useI18n();
  const programmes = usePrograms();
  const subscribe = useSubscribe();
  const [form, setForm] = useState<SubscriptionInput>({
    programmeCode: '',
    channel: 'webhook',
    target: '',
    language: 'nl',
  });
  const problem = subscribe.error ? asProblem(subscribe.error) : undefined;
  const errors = problem ? fieldErrors(problem, t) : {};
  const programmeCode = form.programmeCode || programmes.data?.[0]?.code || '';
  return (
    <section aria-labelledby="new-subscription" className="deelwijs-stack">
      <Heading2 id="new-subscription">{t('subscriptions.new')}</Heading2>
      <form
        className="deelwijs-form deelwijs-stack"
        onSubmit={(event) => {
          event.preventDefault();
          subscribe.mutate(
            { ...form, programmeCode, target: form.target.trim() },
            {
              onSuccess: (created) => {
                setForm((current) => ({ ...current, target: '' }));
                onCreated(created);
              },
            },
          );
        }}
      >
        <FormErrorSummary errors={errors} />
        {problem && !problem.invalidParams?.length && <ProblemAlert problem={problem} />}
        <SelectField
          label={t('subscriptions.programme')}
          required
          value={programmeCode}
          onChange={(value) => setForm({ ...form, programmeCode: value })}
          choices={(programmes.data ?? []).map((programme) => ({
            value: programme.code,
            label: `${programme.title} (${programme.code})`,
          }))}
          error={errors.programmeCode}
        />
        <SelectField
          label={t('subscriptions.channel')}
          required
          value={form.channel}
          onChange={(value) => setForm({ ...form, channel: value as SubscriptionInput['channel'] })}
          choices={[
            { value: 'webhook', label: t('subscriptions.channel.webhook') },
            { value: 'email', label: t('subscriptions.channel.email') },
          ]}
          error={errors.channel}
        />
        <TextField
          label={t('subscriptions.target')}
          description={t('subscriptions.targetHint')}
          required
          type={form.channel === 'email' ? 'email' : 'url'}
          autoComplete="off"
          value={form.target}
          onChange={(value) => setForm({ ...form, target: value })}
          error={errors.target}
        />
        <SelectField
          label={t('subscriptions.language')}
          value={form.language ?? 'nl'}
          onChange={(value) => setForm({ ...form, language: value as 'nl' | 'en' })}
          choices={[
            { value: 'nl', label: t('language.nl') },
            { value: 'en', label: t('language.en') },
          ]}
          error={errors.language}
        />
        <Button
          type="submit"
          appearance="primary-action-button"
          disabled={subscribe.isPending}
          aria-busy={subscribe.isPending}
        >
          {t('subscriptions.create')}
        </Button>
      </form>
    </section>
  );
}

function DeliveryTable({
  items,
  targets,
  language,
  onRetried,
}: {
  items: Delivery[];
  targets: Map<string, string>;
  language: 'nl' | 'en';
  onRetried: () => void;
}) {
  const { t } = useI18n();
  const retry = useRetryDelivery();
  return (
    <ResponsiveTable label={t('subscriptions.deliveries')}>
      <ProblemAlert problem={retry.error ? asProblem(retry.error) : undefined} />
      <Table>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('subscriptions.target')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('subscriptions.period')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('subscriptions.status')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('subscriptions.attempts')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('subscriptions.lastError')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('subscriptions.actions')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((delivery) => {
            const target = targets.get(delivery.subscriptionId) ?? delivery.subscriptionId;
            return (
              <TableRow key={delivery.id}>
                <TableCell className="deelwijs-break">{target}</TableCell>
                <TableCell>
                  {delivery.programmeCode} · {delivery.period}
                </TableCell>
                <TableCell>
                  <strong>
                    {t(`subscriptions.delivery.${delivery.status as 'pending' | 'delivered' | 'failed'}`)}
                  </strong>
                  <br />
                  {formatDate(delivery.deliveredAt ?? delivery.createdAt, language)}{' '}
                  {formatTime(delivery.deliveredAt ?? delivery.createdAt, language)}
                </TableCell>
                <TableCell>{delivery.attempts}</TableCell>
                <TableCell className="deelwijs-break">{delivery.lastError ?? '–'}</TableCell>
                <TableCell>
                  {delivery.status === 'failed' && (
                    <Button
                      appearance="secondary-action-button"
                      aria-label={t('subscriptions.retryLabel', { target })}
                      disabled={retry.isPending}
                      onClick={() => retry.mutate(delivery.id, { onSuccess: onRetried })}
                    >
                      {t('subscriptions.retry')}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </ResponsiveTable>
  );
}
