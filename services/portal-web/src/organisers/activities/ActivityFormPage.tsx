import { Button, ButtonGroup, Fieldset, FieldsetLegend, Paragraph } from '@utrecht/component-library-react';
import { useState } from 'react';
import { useLocation, useParams } from 'wouter';
import { activitiesApi, data } from '../../api/client';
import { useActivity, useActivityChange, type Activity } from '../../api/activities';
import { asProblem, fieldErrors, type Problem } from '../../api/problem';
import { CheckboxField, TextField } from '../../components/fields';
import { FormErrorSummary } from '../../components/FormErrorSummary';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { amsterdamIso, todayInAmsterdam } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { useDraft } from '../../session/drafts';
import { ActivityFactsFields } from './ActivityFactsFields';
import { EMPTY_FACTS, FACT_FIELDS, factsFormOf, factsOf, type FactsForm } from './facts';

interface WhenForm {
  date: string;
  startTime: string;
  endTime: string;
  publish: boolean;
}

export default function ActivityFormPage() {
  const params = useParams<{ id?: string }>();
  const existing = useActivity(params.id ?? '');
  if (params.id) {
    if (!existing.data) {
      return <ProblemAlert problem={existing.error ? asProblem(existing.error) : undefined} />;
    }
    return <ActivityForm key={existing.data.id} activity={existing.data} />;
  }
  return <ActivityForm />;
}

function ActivityForm({ activity }: { activity?: Activity }) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [facts, setFacts, clearFacts] = useDraft<FactsForm>(
    activity ? `edit-${activity.id}` : 'new-activity',
    activity ? factsFormOf(activity) : EMPTY_FACTS,
  );
  const [when, setWhen, clearWhen] = useDraft<WhenForm>('new-activity-when', {
    date: todayInAmsterdam(),
    startTime: '19:30',
    endTime: '21:30',
    publish: false,
  });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [problem, setProblem] = useState<Problem>();
  const save = useActivityChange(
    async (input: { facts: NonNullable<ReturnType<typeof factsOf>['facts']> }) => {
      if (activity) {
        return data(
          activitiesApi.PATCH('/v1/activities/{id}', {
            params: { path: { id: activity.id } },
            body: input.facts,
          }),
        );
      }
      return data(
        activitiesApi.POST('/v1/activities', {
          body: {
            ...input.facts,
            startsAt: amsterdamIso(when.date, when.startTime),
            endsAt: amsterdamIso(when.date, when.endTime),
            publish: when.publish,
          },
        }),
      );
    },
  );

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    const checked = factsOf(facts, t);
    const whenErrors: Record<string, string> = {};
    if (!activity) {
      if (!when.date) {
        whenErrors.date = t('reason.required');
      }
      if (!when.startTime) {
        whenErrors.startTime = t('reason.required');
      }
      if (!when.endTime) {
        whenErrors.endTime = t('reason.required');
      } else if (when.startTime && when.endTime <= when.startTime) {
        whenErrors.endTime = t('reason.endsAfterStart');
      }
    }
    const all = { ...checked.errors, ...whenErrors };
    setErrors(all);
    if (!checked.facts || Object.keys(all).length > 0) {
      return;
    }
    save.mutate(
      { facts: checked.facts },
      {
        onSuccess: (saved) => {
          clearFacts();
          clearWhen();
          navigate(`/organisers/activities/${saved.id}`);
        },
        onError: (error) => {
          const answer = asProblem(error);
          setErrors(fieldErrors(answer, t, { ...FACT_FIELDS, startsAt: 'startTime', endsAt: 'endTime' }));
          setProblem(answer);
        },
      },
    );
  };

  return (
    <div className="deelwijs-stack deelwijs-form">
      <PageTitle>{activity ? t('activityForm.editTitle') : t('activityForm.newTitle')}</PageTitle>
      <Paragraph>{t('form.requiredNote')}</Paragraph>
      <FormErrorSummary errors={errors} />
      <ProblemAlert problem={problem && !problem.invalidParams?.length ? problem : undefined} />
      <form onSubmit={submit} noValidate>
        <ActivityFactsFields form={facts} errors={errors} onChange={setFacts} />
        {!activity && (
          <Fieldset>
            <FieldsetLegend>{t('form.when')}</FieldsetLegend>
            <TextField
              label={t('activity.date')}
              type="date"
              required
              value={when.date}
              error={errors.date}
              onChange={(date) => setWhen({ date })}
            />
            <TextField
              label={t('activity.startTime')}
              type="time"
              required
              value={when.startTime}
              error={errors.startTime}
              onChange={(startTime) => setWhen({ startTime })}
            />
            <TextField
              label={t('activity.endTime')}
              type="time"
              required
              value={when.endTime}
              error={errors.endTime}
              onChange={(endTime) => setWhen({ endTime })}
            />
            <CheckboxField
              label={t('activity.publishNow')}
              description={t('activity.publishNowHelp')}
              checked={when.publish}
              onChange={(publish) => setWhen({ publish })}
            />
          </Fieldset>
        )}
        <ButtonGroup>
          <Button
            type="submit"
            appearance="primary-action-button"
            busy={save.isPending}
            disabled={save.isPending}
          >
            {activity ? t('form.saveChanges') : t('activityForm.create')}
          </Button>
          <Button
            type="button"
            appearance="secondary-action-button"
            onClick={() =>
              navigate(activity ? `/organisers/activities/${activity.id}` : '/organisers/activities')
            }
          >
            {t('form.cancel')}
          </Button>
        </ButtonGroup>
      </form>
    </div>
  );
}
