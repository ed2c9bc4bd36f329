import { Button, ButtonGroup, Fieldset, FieldsetLegend, Paragraph } from '@utrecht/component-library-react';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import {
  activityActions,
  activityTitle,
  useActivity,
  useActivityChange,
  useRegistrations,
  type Activity,
} from '../../api/activities';
import { activitiesApi, data } from '../../api/client';
import { asProblem, fieldErrors, type Problem } from '../../api/problem';
import { TextareaField, TextField } from '../../components/fields';
import { FormErrorSummary } from '../../components/FormErrorSummary';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatPeriod, parseEuros } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { useDraft } from '../../session/drafts';

interface CloseOutForm {
  participants: string;
  actualCost: string;
  whatWorked: string;
  whatToChange: string;
  followUp: string;
}

const API_FIELDS: Record<string, keyof CloseOutForm> = {
  participants: 'participants',
  actualCostCents: 'actualCost',
  'lessons.whatWorked': 'whatWorked',
  'lessons.whatToChange': 'whatToChange',
  'lessons.followUp': 'followUp',
};

/** After the activity: who came, what it cost (in euros; the API counts cents) and what was learned. */
export default function CloseOutPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const activity = useActivity(id);
  if (!activity.data) {
    return activity.error ? (
      <ProblemAlert problem={asProblem(activity.error)} />
    ) : (
      <Paragraph role="status">{t('app.loading')}</Paragraph>
    );
  }
  return <CloseOut activity={activity.data} />;
}

function CloseOut({ activity }: { activity: Activity }) {
  const { t, language } = useI18n();
  const [, navigate] = useLocation();
  const registrations = useRegistrations(activity.id);
  const checkedIn = (registrations.data?.items ?? [])
    .filter((registration) => registration.checkedInAt)
    .reduce((sum, registration) => sum + registration.headcount, 0);
  const [form, setForm, clear] = useDraft<CloseOutForm>(`close-out-${activity.id}`, {
    participants: '',
    actualCost: '',
    whatWorked: '',
    whatToChange: '',
    followUp: '',
  });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [problem, setProblem] = useState<Problem>();
  const change = useActivityChange((run: () => Promise<Activity>) => run());

  const fail = (error: unknown) => {
    const answer = asProblem(error);
    setErrors(fieldErrors(answer, t, API_FIELDS));
    setProblem(answer);
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    const own: Record<string, string> = {};
    const participants = form.participants.trim() === '' ? undefined : Number(form.participants);
    if (participants !== undefined && (!Number.isInteger(participants) || participants < 0)) {
      own.participants = t('reason.wholeBetween', { min: 0, max: 100_000 });
    }
    const actualCostCents = parseEuros(form.actualCost);
    if (actualCostCents === undefined) {
      own.actualCost = form.actualCost.trim() ? t('reason.euros') : t('reason.required');
    }
    const lessons = [form.whatWorked, form.whatToChange, form.followUp].map((text) => text.trim());
    const anyLesson = lessons.some(Boolean);
    if (anyLesson) {
      (['whatWorked', 'whatToChange', 'followUp'] as const).forEach((field, index) => {
        if (!lessons[index]) {
          own[field] = t('closeOut.lessonRequired');
        }
      });
    }
    setErrors(own);
    if (Object.keys(own).length > 0) {
      return;
    }
    change.mutate(
      () =>
        data(
          activitiesApi.POST('/v1/activities/{id}/closure', {
            params: { path: { id: activity.id } },
            body: {
              ...(participants !== undefined ? { participants } : {}),
              actualCostCents: actualCostCents!,
              ...(anyLesson
                ? {
                    lessons: {
                      whatWorked: lessons[0],
                      whatToChange: lessons[1],
                      followUp: lessons[2],
                      language,
                    },
                  }
                : {}),
            },
          }),
        ),
      {
        onSuccess: () => {
          clear();
          navigate(`/organisers/activities/${activity.id}`);
        },
        onError: fail,
      },
    );
  };

  return (
    <div className="deelwijs-stack deelwijs-form">
      <PageTitle>{t('closeOut.title')}</PageTitle>
      <Paragraph>
        <Link href={`/organisers/activities/${activity.id}`} className="utrecht-link">
          {activityTitle(activity, language)}
        </Link>
        {' · '}
        {formatPeriod(activity.startsAt, activity.endsAt, language)}
      </Paragraph>
      <FormErrorSummary errors={errors} />
      <ProblemAlert problem={problem && !problem.invalidParams?.length ? problem : undefined} />
      {activity.status === 'published' && (
        <>
          <Paragraph>{t('closeOut.markHeldFirst')}</Paragraph>
          <Button
            appearance="primary-action-button"
            busy={change.isPending}
            onClick={() =>
              change.mutate(() => activityActions.held(activity.id), {
                onError: fail,
                onSuccess: () => setProblem(undefined),
              })
            }
          >
            {t('activity.markHeld')}
          </Button>
        </>
      )}
      {activity.status === 'closed' && <Paragraph>{t('closeOut.alreadyClosed')}</Paragraph>}
      {activity.status === 'held' && (
        <form onSubmit={submit} noValidate>
          <Fieldset>
            <FieldsetLegend>{t('closeOut.figures')}</FieldsetLegend>
            <TextField
              label={t('closeOut.participants')}
              description={t('closeOut.participantsHelp', { n: checkedIn })}
              value={form.participants}
              error={errors.participants}
              onChange={(participants) => setForm({ participants })}
              inputMode="numeric"
            />
            <TextField
              label={t('closeOut.actualCost')}
              description={t('activity.euroHelp')}
              required
              value={form.actualCost}
              error={errors.actualCost}
              onChange={(actualCost) => setForm({ actualCost })}
              inputMode="decimal"
            />
          </Fieldset>
          <Fieldset>
            <FieldsetLegend>{t('closeOut.lessons')}</FieldsetLegend>
            <Paragraph>{t('closeOut.lessonsHelp')}</Paragraph>
            <TextareaField
              label={t('closeOut.whatWorked')}
              value={form.whatWorked}
              error={errors.whatWorked}
              onChange={(whatWorked) => setForm({ whatWorked })}
            />
            <TextareaField
              label={t('closeOut.whatToChange')}
              value={form.whatToChange}
              error={errors.whatToChange}
              onChange={(whatToChange) => setForm({ whatToChange })}
            />
            <TextareaField
              label={t('closeOut.followUp')}
              value={form.followUp}
              error={errors.followUp}
              onChange={(followUp) => setForm({ followUp })}
            />
          </Fieldset>
          <ButtonGroup>
            <Button
              type="submit"
              appearance="primary-action-button"
              busy={change.isPending}
              disabled={change.isPending}
            >
              {t('closeOut.submit')}
            </Button>
          </ButtonGroup>
        </form>
      )}
    </div>
  );
}
