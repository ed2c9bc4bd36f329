import { Button, ButtonGroup, Fieldset, FieldsetLegend, Paragraph } from '@utrecht/component-library-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import { activitiesApi, data } from '../../api/client';
import type { components } from '../../api/openapi/activities';
import { asProblem, fieldErrors, type Problem } from '../../api/problem';
import { CheckboxField, TextField } from '../../components/fields';
import { FormErrorSummary } from '../../components/FormErrorSummary';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { amsterdamIso, todayInAmsterdam, weekdayIndex } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { useDraft } from '../../session/drafts';
import { ActivityFactsFields } from '../activities/ActivityFactsFields';
import { EMPTY_FACTS, FACT_FIELDS, factsOf, type FactsForm } from '../activities/facts';
import { RecurrencePicker } from './RecurrencePicker';
import { MAX_OCCURRENCES, occurrencesOf, toRrule, WEEKDAYS, type Recurrence } from './recurrence';

interface SeriesWhen {
  firstDate: string;
  startTime: string;
  endTime: string;
  publish: boolean;
  recurrence: Recurrence;
}

function minutesBetween(start: string, end: string): number {
  const [sh, sm] = start.split(':').map(Number);
  const [eh, em] = end.split(':').map(Number);
  return eh * 60 + em - (sh * 60 + sm);
}

export default function SeriesFormPage() {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const queries = useQueryClient();
  const today = todayInAmsterdam();
  const [facts, setFacts, clearFacts] = useDraft<FactsForm>('new-series', EMPTY_FACTS);
  const [when, setWhen, clearWhen] = useDraft<SeriesWhen>('new-series-when', {
    firstDate: today,
    startTime: '19:30',
    endTime: '21:30',
    publish: false,
    recurrence: {
      frequency: 'WEEKLY',
      interval: 1,
      weekdays: [WEEKDAYS[weekdayIndex(today)]],
      end: 'count',
      count: 6,
      until: '',
    },
  });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [problem, setProblem] = useState<Problem>();
  const occurrences = useMemo(
    () => occurrencesOf(when.recurrence, when.firstDate, when.startTime),
    [when.recurrence, when.firstDate, when.startTime],
  );
  const create = useMutation({
    mutationFn: (body: components['schemas']['CreateSeriesDto']) =>
      data(activitiesApi.POST('/v1/series', { body })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['activities', 'list'] }),
  });

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    const checked = factsOf(facts, t);
    const own: Record<string, string> = {};
    const { recurrence } = when;
    if (!when.firstDate) {
      own.firstDate = t('reason.required');
    }
    const duration = minutesBetween(when.startTime, when.endTime);
    if (!(duration > 0)) {
      own.endTime = t('reason.endsAfterStart');
    }
    if (!(recurrence.interval >= 1 && recurrence.interval <= 99)) {
      own.interval = t('reason.wholeBetween', { min: 1, max: 99 });
    }
    if (recurrence.frequency === 'WEEKLY' && recurrence.weekdays.length === 0) {
      own.weekdays = t('recurrence.chooseWeekday');
    }
    if (recurrence.end === 'count' && !(recurrence.count >= 1 && recurrence.count <= MAX_OCCURRENCES)) {
      own.count = t('reason.wholeBetween', { min: 1, max: MAX_OCCURRENCES });
    }
    if (recurrence.end === 'until' && !recurrence.until) {
      own.until = t('reason.required');
    }
    if (Object.keys(own).length === 0 && (occurrences.starts.length === 0 || occurrences.tooMany)) {
      own.rrule = occurrences.tooMany
        ? t('recurrence.tooMany', { n: MAX_OCCURRENCES })
        : t('recurrence.noDates');
    }
    const all = { ...checked.errors, ...own };
    setErrors(all);
    if (!checked.facts || Object.keys(all).length > 0) {
      return;
    }
    create.mutate(
      {
        ...checked.facts,
        rrule: toRrule(recurrence),
        firstStartsAt: amsterdamIso(when.firstDate, when.startTime),
        durationMinutes: duration,
        publish: when.publish,
      },
      {
        onSuccess: (series) => {
          clearFacts();
          clearWhen();
          const first = series.occurrences[0];
          navigate(
            first
              ? `/organisers/activities?view=month&date=${first.startsAt.slice(0, 10)}`
              : '/organisers/activities',
          );
        },
        onError: (error) => {
          const answer = asProblem(error);
          setErrors(
            fieldErrors(answer, t, {
              ...FACT_FIELDS,
              firstStartsAt: 'firstDate',
              durationMinutes: 'endTime',
            }),
          );
          setProblem(answer);
        },
      },
    );
  };

  return (
    <div className="deelwijs-stack deelwijs-form">
      <PageTitle>{t('series.title')}</PageTitle>
      <Paragraph>{t('series.intro')}</Paragraph>
      <FormErrorSummary errors={errors} />
      <ProblemAlert problem={problem && !problem.invalidParams?.length ? problem : undefined} />
      <form onSubmit={submit} noValidate>
        <ActivityFactsFields form={facts} errors={errors} onChange={setFacts} />
        <Fieldset>
          <FieldsetLegend>{t('form.when')}</FieldsetLegend>
          <TextField
            label={t('series.firstDate')}
            type="date"
            required
            value={when.firstDate}
            error={errors.firstDate}
            onChange={(firstDate) => setWhen({ firstDate })}
          />
          <TextField
            label={t('activity.startTime')}
            type="time"
            required
            value={when.startTime}
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
        </Fieldset>
        <RecurrencePicker
          value={when.recurrence}
          onChange={(changes) => setWhen({ recurrence: { ...when.recurrence, ...changes } })}
          occurrences={occurrences}
          errors={errors}
        />
        <CheckboxField
          label={t('activity.publishNow')}
          description={t('activity.publishNowHelp')}
          checked={when.publish}
          onChange={(publish) => setWhen({ publish })}
        />
        <ButtonGroup>
          <Button
            type="submit"
            appearance="primary-action-button"
            busy={create.isPending}
            disabled={create.isPending}
          >
            {t('series.create', { n: occurrences.starts.length })}
          </Button>
          <Button
            type="button"
            appearance="secondary-action-button"
            onClick={() => navigate('/organisers/activities')}
          >
            {t('form.cancel')}
          </Button>
        </ButtonGroup>
      </form>
    </div>
  );
}
