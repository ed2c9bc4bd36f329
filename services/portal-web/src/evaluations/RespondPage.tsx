import {
  Button,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldErrorMessage,
  FormLabel,
  Paragraph,
  RadioButton,
} from '@utrecht/component-library-react';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  answerErrors,
  evaluationActions,
  questionLabel,
  useEvaluationForm,
  type EvaluationAnswer,
  type Question,
} from '../api/evaluations';
import { asProblem, translateReason } from '../api/problem';
import { TextareaField } from '../components/fields';
import { PageTitle } from '../components/PageTitle';
import { Notice, ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/i18n';

function RatingQuestion({
  question,
  value,
  error,
  onChange,
}: {
  question: Question;
  value: number | undefined;
  error?: string;
  onChange: (value: number) => void;
}) {
  const { t, language } = useI18n();
  const errorId = `error-${question.questionId}`;
  const scale = Array.from({ length: question.scaleMax - question.scaleMin + 1 }, (_, i) => question.scaleMin + i);
  return (
    <Fieldset
      invalid={Boolean(error)}
      aria-describedby={error ? errorId : undefined}
      className="deelwijs-rating"
      id={`question-${question.questionId}`}
    >
      <FieldsetLegend>{questionLabel(question, language)}</FieldsetLegend>
      <Paragraph className="deelwijs-rating__hint">
        {t('respond.scale', { min: question.scaleMin, max: question.scaleMax })}
      </Paragraph>
      {error && <FormFieldErrorMessage id={errorId}>{error}</FormFieldErrorMessage>}
      <div className="deelwijs-rating__choices">
        {scale.map((number) => {
          const id = `q-${question.questionId}-${number}`;
          return (
            <FormField type="radio" key={number} className="deelwijs-rating__choice">
              <RadioButton
                id={id}
                name={question.questionId}
                value={String(number)}
                checked={value === number}
                invalid={Boolean(error)}
                onChange={() => onChange(number)}
              />
              <FormLabel htmlFor={id} type="radio">
                {String(number)}
              </FormLabel>
            </FormField>
          );
        })}
      </div>
    </Fieldset>
  );
}

/**
 * The evaluation a participant fills in: anonymous (no account, nothing about them is stored),
 * made for a phone first. The service checks each answer against its question and names the
 * question it refuses; that refusal stands at the question.
 */
export default function RespondPage({ params }: { params: { formId: string } }) {
  const { t, language } = useI18n();
  const form = useEvaluationForm(params.formId);
  const [answer, setAnswer] = useState<EvaluationAnswer>({ ratings: {}, comments: {} });
  const send = useMutation({ mutationFn: () => evaluationActions.respond(params.formId, answer) });

  if (form.isPending) {
    return <Paragraph role="status">{t('app.loading')}</Paragraph>;
  }
  if (!form.data) {
    return (
      <div className="deelwijs-stack">
        <PageTitle>{t('respond.title')}</PageTitle>
        <ProblemAlert problem={asProblem(form.error)} />
      </div>
    );
  }
  const evaluation = form.data;
  if (send.isSuccess) {
    return (
      <div className="deelwijs-stack">
        <PageTitle>{t('respond.thanksTitle')}</PageTitle>
        <Notice>{t('respond.thanks')}</Notice>
      </div>
    );
  }
  const problem = send.error ? asProblem(send.error) : undefined;
  const errors = answerErrors(problem?.invalidParams);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate();
  };
  return (
    <div className="deelwijs-stack">
      <PageTitle>{evaluation.title}</PageTitle>
      <Paragraph>{t('respond.intro')}</Paragraph>
      {!evaluation.open && <Paragraph>{t('respond.closed')}</Paragraph>}
      {problem && (
        <div role="alert" className="deelwijs-stack">
          <ProblemAlert problem={problem} />
          {errors.general.length > 0 && (
            <Paragraph>{errors.general.map((reason) => translateReason(reason, t)).join(' ')}</Paragraph>
          )}
          {Object.keys(errors.byQuestion).length > 0 && (
            <ul className="utrecht-unordered-list">
              {evaluation.questions
                .filter((question) => errors.byQuestion[question.questionId])
                .map((question) => (
                  <li key={question.questionId} className="utrecht-unordered-list__item">
                    <a className="utrecht-link" href={`#question-${question.questionId}`}>
                      {questionLabel(question, language)}
                    </a>
                    : {translateReason(errors.byQuestion[question.questionId], t)}
                  </li>
                ))}
            </ul>
          )}
        </div>
      )}
      {evaluation.open && (
        <form onSubmit={submit} className="deelwijs-stack deelwijs-respond" noValidate>
          {evaluation.questions.map((question) => {
            const error = errors.byQuestion[question.questionId]
              ? translateReason(errors.byQuestion[question.questionId], t)
              : undefined;
            return question.kind === 'rating' ? (
              <RatingQuestion
                key={question.questionId}
                question={question}
                value={answer.ratings[question.questionId]}
                error={error}
                onChange={(value) =>
                  setAnswer({ ...answer, ratings: { ...answer.ratings, [question.questionId]: value } })
                }
              />
            ) : (
              <div key={question.questionId} id={`question-${question.questionId}`}>
                <TextareaField
                  label={questionLabel(question, language)}
                  description={t('respond.optional')}
                  error={error}
                  value={answer.comments[question.questionId] ?? ''}
                  onChange={(value) =>
                    setAnswer({ ...answer, comments: { ...answer.comments, [question.questionId]: value } })
                  }
                />
              </div>
            );
          })}
          <Button type="submit" appearance="primary-action-button" disabled={send.isPending}>
            {t('respond.send')}
          </Button>
        </form>
      )}
    </div>
  );
}
