import { Button, ButtonGroup, Fieldset, FieldsetLegend, Paragraph } from '@utrecht/component-library-react';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { activityTitle, useActivities } from '../api/activities';
import { evaluationActions, type QuestionInput } from '../api/evaluations';
import { asProblem, fieldErrors } from '../api/problem';
import { SelectField, TextField } from '../components/fields';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatShortDate } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { useDraft } from '../session/drafts';

interface QuestionForm {
  kind: 'rating' | 'text';
  nl: string;
  en: string;
  scaleMin: string;
  scaleMax: string;
}

interface BuilderForm {
  activityId: string;
  title: string;
  questions: QuestionForm[];
}

const NEW_QUESTION: QuestionForm = { kind: 'rating', nl: '', en: '', scaleMin: '1', scaleMax: '5' };
const START: BuilderForm = { activityId: '', title: '', questions: [{ ...NEW_QUESTION }] };

/** A stable id per question (aggregates are keyed by it): its position, so a form reads q1, q2, … */
export function questionsOf(form: BuilderForm): QuestionInput[] {
  return form.questions.map((question, index) => ({
    questionId: `q${index + 1}`,
    kind: question.kind,
    label: question.en.trim() ? { nl: question.nl.trim(), en: question.en.trim() } : { nl: question.nl.trim() },
    ...(question.kind === 'rating'
      ? { scaleMin: Number(question.scaleMin), scaleMax: Number(question.scaleMax) }
      : {}),
  }));
}

/**
 * Staff build an evaluation form for an activity: rating questions (a scale) and open ones, in
 * Dutch and optionally English. Saving opens it to answers at the public link.
 */
export default function FormBuilderPage() {
  const { t, language } = useI18n();
  const [, navigate] = useLocation();
  const activities = useActivities({ pageSize: 100 });
  const [form, setForm, clearForm] = useDraft<BuilderForm>('new-evaluation-form', START);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: () =>
      evaluationActions.create({ activityId: form.activityId, title: form.title.trim(), questions: questionsOf(form) }),
    onSuccess: (created) => {
      clearForm();
      navigate(`/organisers/evaluations/${created.formId}`);
    },
  });
  const problem = create.error ? asProblem(create.error) : undefined;
  const errors = { ...(problem ? fieldErrors(problem, t) : {}), ...localErrors };

  const setQuestion = (index: number, changes: Partial<QuestionForm>) =>
    setForm({
      ...form,
      questions: form.questions.map((question, i) => (i === index ? { ...question, ...changes } : question)),
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The common mistakes are said before sending; the service checks the rest.
    const found: Record<string, string> = {};
    if (!form.activityId) {
      found.activityId = t('reason.choose');
    }
    if (!form.title.trim()) {
      found.title = t('reason.required');
    }
    form.questions.forEach((question, index) => {
      if (!question.nl.trim()) {
        found[`questions.${index}.label.nl`] = t('reason.required');
      }
    });
    setLocalErrors(found);
    if (Object.keys(found).length === 0) {
      create.mutate();
    }
  };

  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('evaluations.newTitle')}</PageTitle>
      <Paragraph>{t('evaluations.newIntro')}</Paragraph>
      <ProblemAlert problem={problem} />
      <form onSubmit={submit} className="deelwijs-form deelwijs-stack" noValidate>
        <SelectField
          label={t('evaluations.activity')}
          required
          value={form.activityId}
          error={errors.activityId}
          empty={t('evaluations.chooseActivity')}
          onChange={(activityId) => setForm({ ...form, activityId })}
          choices={(activities.data?.items ?? []).map((activity) => ({
            value: activity.id,
            label: `${activityTitle(activity, language)} (${formatShortDate(activity.startsAt, language)})`,
          }))}
        />
        <TextField
          label={t('evaluations.formTitle')}
          required
          value={form.title}
          error={errors.title}
          onChange={(title) => setForm({ ...form, title })}
        />
        {form.questions.map((question, index) => (
          <Fieldset key={index}>
            <FieldsetLegend>{t('evaluations.question', { n: index + 1 })}</FieldsetLegend>
            <SelectField
              label={t('evaluations.kind')}
              value={question.kind}
              onChange={(kind) => setQuestion(index, { kind: kind as QuestionForm['kind'] })}
              choices={[
                { value: 'rating', label: t('evaluations.kind.rating') },
                { value: 'text', label: t('evaluations.kind.text') },
              ]}
            />
            <TextField
              label={t('evaluations.labelNl')}
              required
              value={question.nl}
              error={errors[`questions.${index}.label.nl`]}
              onChange={(nl) => setQuestion(index, { nl })}
            />
            <TextField
              label={t('evaluations.labelEn')}
              value={question.en}
              onChange={(en) => setQuestion(index, { en })}
            />
            {question.kind === 'rating' && (
              <div className="deelwijs-row">
                <TextField
                  label={t('evaluations.scaleMin')}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={10}
                  value={question.scaleMin}
                  error={errors[`questions.${index}.scaleMin`]}
                  onChange={(scaleMin) => setQuestion(index, { scaleMin })}
                />
                <TextField
                  label={t('evaluations.scaleMax')}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={10}
                  value={question.scaleMax}
                  error={errors[`questions.${index}.scaleMax`]}
                  onChange={(scaleMax) => setQuestion(index, { scaleMax })}
                />
              </div>
            )}
            {form.questions.length > 1 && (
              <Button
                appearance="secondary-action-button"
                onClick={() => setForm({ ...form, questions: form.questions.filter((_, i) => i !== index) })}
              >
                {t('evaluations.removeQuestion', { n: index + 1 })}
              </Button>
            )}
          </Fieldset>
        ))}
        <ButtonGroup>
          <Button
            appearance="secondary-action-button"
            onClick={() => setForm({ ...form, questions: [...form.questions, { ...NEW_QUESTION }] })}
          >
            {t('evaluations.addQuestion')}
          </Button>
          <Button type="submit" appearance="primary-action-button" disabled={create.isPending}>
            {t('evaluations.create')}
          </Button>
        </ButtonGroup>
      </form>
    </div>
  );
}
