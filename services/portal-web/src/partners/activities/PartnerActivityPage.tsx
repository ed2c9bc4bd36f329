import { Button, Fieldset, FieldsetLegend, Heading2, Paragraph } from '@utrecht/component-library-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'wouter';
import {
  activityKeys,
  activityTitle,
  useActivity,
  useRegistrations,
  type RegistrationInput,
} from '../../api/activities';
import { activitiesApi, data } from '../../api/client';
import { asProblem, fieldErrors, type Problem } from '../../api/problem';
import { TextField } from '../../components/fields';
import { FormErrorSummary } from '../../components/FormErrorSummary';
import { PageTitle } from '../../components/PageTitle';
import { Notice, ProblemAlert } from '../../components/ProblemAlert';
import { formatPeriod } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { useDraft } from '../../session/drafts';
import { RegistrationTables } from '../../organisers/registrations/RegistrationTables';

interface ClassForm {
  schoolName: string;
  className: string;
  headcount: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  externalReference: string;
}

const EMPTY: ClassForm = {
  schoolName: '',
  className: '',
  headcount: '',
  contactName: '',
  contactEmail: '',
  contactPhone: '',
  externalReference: '',
};

/** One activity as a partner sees it: its facts, the partner's own registrations, and a form to register a class. */
export default function PartnerActivityPage() {
  const { id } = useParams<{ id: string }>();
  const { t, language } = useI18n();
  const activity = useActivity(id);
  const registrations = useRegistrations(id);
  const queries = useQueryClient();
  const [form, setForm, clear] = useDraft<ClassForm>(`register-class-${id}`, EMPTY);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [problem, setProblem] = useState<Problem>();
  const [notice, setNotice] = useState<string>();
  const register = useMutation({
    mutationFn: (body: RegistrationInput) =>
      data(
        activitiesApi.POST('/v1/activities/{activityId}/registrations', {
          params: { path: { activityId: id } },
          body,
        }),
      ),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: activityKeys.registrations(id) });
      void queries.invalidateQueries({ queryKey: activityKeys.one(id) });
    },
  });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    setNotice(undefined);
    const own: Record<string, string> = {};
    if (!form.schoolName.trim()) {
      own.schoolName = t('reason.required');
    }
    if (!form.contactName.trim()) {
      own.contactName = t('reason.required');
    }
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(form.contactEmail.trim())) {
      own.contactEmail = t('reason.email');
    }
    const headcount = Number(form.headcount);
    if (!Number.isInteger(headcount) || headcount < 1 || headcount > 500) {
      own.headcount = t('reason.wholeBetween', { min: 1, max: 500 });
    }
    setErrors(own);
    if (Object.keys(own).length > 0) {
      return;
    }
    register.mutate(
      {
        kind: 'group',
        headcount,
        schoolName: form.schoolName.trim(),
        contactName: form.contactName.trim(),
        contactEmail: form.contactEmail.trim(),
        ...(form.className.trim() ? { className: form.className.trim() } : {}),
        ...(form.contactPhone.trim() ? { contactPhone: form.contactPhone.trim() } : {}),
        ...(form.externalReference.trim() ? { externalReference: form.externalReference.trim() } : {}),
        language,
      },
      {
        onSuccess: (registration) => {
          clear();
          setForm(EMPTY);
          setNotice(
            registration.status === 'accepted'
              ? t('partnerActivity.registered')
              : t('partnerActivity.waitlisted', { n: registration.waitlistPosition ?? '?' }),
          );
        },
        onError: (error) => {
          const answer = asProblem(error);
          setErrors(fieldErrors(answer, t));
          setProblem(answer);
        },
      },
    );
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
      <PageTitle>{activityTitle(activity.data, language)}</PageTitle>
      <Paragraph>
        {formatPeriod(activity.data.startsAt, activity.data.endsAt, language)}
        {activity.data.venue.name ? ` · ${activity.data.venue.name}` : ''}
        {' · '}
        {typeof activity.data.placesLeft !== 'number'
          ? t('activity.noLimit')
          : t('activity.placesLeftN', { n: activity.data.placesLeft })}
      </Paragraph>
      <section aria-labelledby="register-heading" className="deelwijs-form">
        <Heading2 id="register-heading">{t('partnerActivity.registerClass')}</Heading2>
        {notice && <Notice>{notice}</Notice>}
        <FormErrorSummary errors={errors} />
        <ProblemAlert problem={problem && !problem.invalidParams?.length ? problem : undefined} />
        <form onSubmit={submit} noValidate>
          <Fieldset>
            <FieldsetLegend>{t('partnerActivity.class')}</FieldsetLegend>
            <TextField
              label={t('registration.school')}
              required
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
              required
              value={form.headcount}
              error={errors.headcount}
              onChange={(headcount) => setForm({ headcount })}
              inputMode="numeric"
            />
          </Fieldset>
          <Fieldset>
            <FieldsetLegend>{t('partnerActivity.teacher')}</FieldsetLegend>
            <TextField
              label={t('registration.teacher')}
              required
              value={form.contactName}
              error={errors.contactName}
              onChange={(contactName) => setForm({ contactName })}
            />
            <TextField
              label={t('registration.email')}
              type="email"
              required
              value={form.contactEmail}
              error={errors.contactEmail}
              onChange={(contactEmail) => setForm({ contactEmail })}
              inputMode="email"
            />
            <TextField
              label={t('registration.phone')}
              type="tel"
              value={form.contactPhone}
              error={errors.contactPhone}
              onChange={(contactPhone) => setForm({ contactPhone })}
            />
            <TextField
              label={t('registration.reference')}
              description={t('registration.referenceHelp')}
              value={form.externalReference}
              error={errors.externalReference}
              onChange={(externalReference) => setForm({ externalReference })}
            />
          </Fieldset>
          <Button
            type="submit"
            appearance="primary-action-button"
            busy={register.isPending}
            disabled={register.isPending}
          >
            {t('partnerActivity.submit')}
          </Button>
        </form>
      </section>
      <section aria-labelledby="own-heading" className="deelwijs-stack">
        <Heading2 id="own-heading">{t('partnerActivity.ownRegistrations')}</Heading2>
        {registrations.error && <ProblemAlert problem={asProblem(registrations.error)} />}
        {registrations.data && <RegistrationTables registrations={registrations.data.items} />}
      </section>
    </div>
  );
}
