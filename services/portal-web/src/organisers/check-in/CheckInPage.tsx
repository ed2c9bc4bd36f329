import { Button, Heading2, Paragraph } from '@utrecht/component-library-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'wouter';
import {
  activityKeys,
  activityTitle,
  useActivity,
  useRegistrations,
  type Registration,
  type RegistrationInput,
} from '../../api/activities';
import { activitiesApi, data } from '../../api/client';
import { asProblem, fieldErrors, problemMessage, type Problem } from '../../api/problem';
import { SelectField, TextField } from '../../components/fields';
import { PageTitle } from '../../components/PageTitle';
import { Notice, ProblemAlert } from '../../components/ProblemAlert';
import { formatPeriod, formatTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { useDraft } from '../../session/drafts';
import { matchRegistrations } from './search';

/**
 * At the door, on a phone: find a person or a class, one tap checks them in; someone who did
 * not register is added on the spot and checked in.
 */
export default function CheckInPage() {
  const { id } = useParams<{ id: string }>();
  const { t, language } = useI18n();
  const activity = useActivity(id);
  const registrations = useRegistrations(id);
  const queries = useQueryClient();
  const [query, setQuery] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const [notice, setNotice] = useState<string>();
  const accepted = useMemo(
    () =>
      (registrations.data?.items ?? [])
        .filter((registration) => registration.status === 'accepted')
        .sort((a, b) =>
          (a.schoolName ?? a.contactName ?? '').localeCompare(b.schoolName ?? b.contactName ?? '', 'nl'),
        ),
    [registrations.data],
  );
  const shown = matchRegistrations(accepted, query);
  const people = accepted.reduce((sum, registration) => sum + registration.headcount, 0);
  const checkedInPeople = accepted
    .filter((registration) => registration.checkedInAt)
    .reduce((sum, registration) => sum + registration.headcount, 0);

  const remember = (registration: Registration) =>
    queries.setQueryData(
      activityKeys.registrations(id),
      (current: { items: Registration[] } | undefined) => ({
        items: current?.items.some((item) => item.id === registration.id)
          ? current.items.map((item) => (item.id === registration.id ? registration : item))
          : [...(current?.items ?? []), registration],
      }),
    );
  const checkIn = useMutation({
    mutationFn: (registrationId: string) =>
      data(
        activitiesApi.POST('/v1/activities/{activityId}/registrations/{id}/attendance', {
          params: { path: { activityId: id, id: registrationId } },
        }),
      ),
    onSuccess: (registration) => {
      remember(registration);
      void queries.invalidateQueries({ queryKey: activityKeys.one(id) });
    },
  });
  const tap = (registration: Registration) => {
    setProblem(undefined);
    setNotice(undefined);
    checkIn.mutate(registration.id, {
      onSuccess: () => setNotice(t('checkIn.done', { name: nameOf(registration) })),
      onError: (error) => setProblem(asProblem(error)),
    });
  };

  if (!activity.data) {
    return activity.error ? (
      <ProblemAlert problem={asProblem(activity.error)} />
    ) : (
      <Paragraph role="status">{t('app.loading')}</Paragraph>
    );
  }
  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('checkIn.title')}</PageTitle>
      <Paragraph>
        <Link href={`/organisers/activities/${id}`} className="utrecht-link">
          {activityTitle(activity.data, language)}
        </Link>
        {' · '}
        {formatPeriod(activity.data.startsAt, activity.data.endsAt, language)}
      </Paragraph>
      <Paragraph role="status" aria-live="polite">
        <strong>{t('checkIn.count', { checkedIn: checkedInPeople, total: people })}</strong>
      </Paragraph>
      {notice && <Notice>{notice}</Notice>}
      <ProblemAlert problem={problem} />
      <TextField
        label={t('checkIn.search')}
        description={t('checkIn.searchHelp')}
        type="search"
        value={query}
        onChange={setQuery}
        autoComplete="off"
      />
      {registrations.isPending && <Paragraph role="status">{t('app.loading')}</Paragraph>}
      {registrations.error && <ProblemAlert problem={asProblem(registrations.error)} />}
      <ul className="deelwijs-checkin-list" aria-label={t('checkIn.list')}>
        {shown.map((registration) => (
          <li key={registration.id}>
            <span>
              <strong>{nameOf(registration)}</strong>
              <br />
              {registration.kind === 'group'
                ? t('checkIn.groupLine', {
                    n: registration.headcount,
                    contact: registration.contactName ?? '',
                  })
                : t('checkIn.individualLine')}
            </span>
            {registration.checkedInAt ? (
              <span>
                {t('checkIn.checkedInAt', { time: formatTime(registration.checkedInAt, language) })}
              </span>
            ) : (
              <Button
                appearance="primary-action-button"
                onClick={() => tap(registration)}
                disabled={checkIn.isPending && checkIn.variables === registration.id}
                aria-label={t('checkIn.buttonFor', { name: nameOf(registration) })}
              >
                {t('checkIn.button')}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {!registrations.isPending && shown.length === 0 && (
        <Paragraph>{query ? t('checkIn.noMatch') : t('checkIn.nobody')}</Paragraph>
      )}
      <WalkInForm activityId={id} onRegistered={remember} onCheckIn={tap} />
    </div>
  );
}

function nameOf(registration: Registration): string {
  if (registration.kind === 'group') {
    return (
      [registration.schoolName, registration.className].filter(Boolean).join(', ') ||
      registration.contactName ||
      '–'
    );
  }
  return registration.contactName ?? '–';
}

interface WalkIn {
  kind: 'individual' | 'group';
  contactName: string;
  contactEmail: string;
  schoolName: string;
  className: string;
  headcount: string;
}

const EMPTY_WALK_IN: WalkIn = {
  kind: 'individual',
  contactName: '',
  contactEmail: '',
  schoolName: '',
  className: '',
  headcount: '',
};

function WalkInForm({
  activityId,
  onRegistered,
  onCheckIn,
}: {
  activityId: string;
  onRegistered: (registration: Registration) => void;
  onCheckIn: (registration: Registration) => void;
}) {
  const { t } = useI18n();
  const [form, setForm, clear] = useDraft<WalkIn>(`walk-in-${activityId}`, EMPTY_WALK_IN);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [message, setMessage] = useState<string>();
  const register = useMutation({
    mutationFn: (body: RegistrationInput) =>
      data(
        activitiesApi.POST('/v1/activities/{activityId}/registrations', {
          params: { path: { activityId } },
          body,
        }),
      ),
  });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(undefined);
    const own: Record<string, string> = {};
    if (!form.contactName.trim()) {
      own.contactName = t('reason.required');
    }
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(form.contactEmail.trim())) {
      own.contactEmail = t('reason.email');
    }
    const headcount = form.kind === 'group' ? Number(form.headcount) : 1;
    if (form.kind === 'group') {
      if (!form.schoolName.trim()) {
        own.schoolName = t('reason.required');
      }
      if (!Number.isInteger(headcount) || headcount < 1 || headcount > 500) {
        own.headcount = t('reason.wholeBetween', { min: 1, max: 500 });
      }
    }
    setErrors(own);
    if (Object.keys(own).length > 0) {
      return;
    }
    register.mutate(
      {
        kind: form.kind,
        contactName: form.contactName.trim(),
        contactEmail: form.contactEmail.trim(),
        ...(form.kind === 'group'
          ? {
              headcount,
              schoolName: form.schoolName.trim(),
              ...(form.className.trim() ? { className: form.className.trim() } : {}),
            }
          : {}),
      },
      {
        onSuccess: (registration) => {
          clear();
          setForm(EMPTY_WALK_IN);
          onRegistered(registration);
          if (registration.status === 'accepted') {
            onCheckIn(registration);
          } else {
            setMessage(t('checkIn.walkInWaitlisted', { n: registration.waitlistPosition ?? '?' }));
          }
        },
        onError: (error) => {
          const problem = asProblem(error);
          setErrors(fieldErrors(problem, t));
          setMessage(problem.invalidParams?.length ? undefined : problemMessage(problem, t));
        },
      },
    );
  };
  return (
    <section aria-labelledby="walk-in-heading">
      <Heading2 id="walk-in-heading">{t('checkIn.walkIn')}</Heading2>
      <form onSubmit={submit} noValidate aria-labelledby="walk-in-heading">
        <SelectField
          label={t('registration.kind')}
          value={form.kind}
          onChange={(kind) => setForm({ kind: kind as WalkIn['kind'] })}
          choices={[
            { value: 'individual', label: t('registration.kind.individual') },
            { value: 'group', label: t('registration.kind.group') },
          ]}
        />
        <TextField
          label={form.kind === 'group' ? t('registration.teacher') : t('registration.name')}
          value={form.contactName}
          error={errors.contactName}
          onChange={(contactName) => setForm({ contactName })}
          autoComplete="off"
        />
        <TextField
          label={t('registration.email')}
          type="email"
          value={form.contactEmail}
          error={errors.contactEmail}
          onChange={(contactEmail) => setForm({ contactEmail })}
          inputMode="email"
          autoComplete="off"
        />
        {form.kind === 'group' && (
          <>
            <TextField
              label={t('registration.school')}
              value={form.schoolName}
              error={errors.schoolName}
              onChange={(schoolName) => setForm({ schoolName })}
            />
            <TextField
              label={t('registration.class')}
              value={form.className}
              error={errors.className}
              onChange={(className) => setForm({ className })}
            />
            <TextField
              label={t('registration.headcount')}
              value={form.headcount}
              error={errors.headcount}
              onChange={(headcount) => setForm({ headcount })}
              inputMode="numeric"
            />
          </>
        )}
        {message && <Paragraph role="status">{message}</Paragraph>}
        <Button
          type="submit"
          appearance="primary-action-button"
          busy={register.isPending}
          disabled={register.isPending}
        >
          {t('checkIn.walkInSubmit')}
        </Button>
      </form>
    </section>
  );
}
