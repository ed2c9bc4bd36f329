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
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  evaluationActions,
  evaluationKeys,
  questionLabel,
  respondentPath,
  useEvaluationForm,
  useEvaluationResults,
} from '../api/evaluations';
import { asProblem } from '../api/problem';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatNumber } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { ResponsiveTable } from '../components/ResponsiveTable';

/**
 * A form as its owner sees it: the public link to hand out, open or closed, and the results,
 * which the service gives only once enough people answered that no one can be recognised.
 */
export default function FormResultsPage({ params }: { params: { formId: string } }) {
  const { t, language } = useI18n();
  const queries = useQueryClient();
  const form = useEvaluationForm(params.formId);
  const results = useEvaluationResults(params.formId);
  const toggle = useMutation({
    mutationFn: (open: boolean) => evaluationActions.setOpen(params.formId, open),
    onSuccess: (updated) => queries.setQueryData(evaluationKeys.form(params.formId), updated),
  });
  if (!form.data) {
    return form.isPending ? (
      <Paragraph role="status">{t('app.loading')}</Paragraph>
    ) : (
      <ProblemAlert problem={asProblem(form.error)} />
    );
  }
  const evaluation = form.data;
  const link = `${window.location.origin}${respondentPath(evaluation.formId)}`;
  return (
    <div className="deelwijs-stack">
      <PageTitle>{evaluation.title}</PageTitle>
      <Paragraph>
        {t('evaluations.state')}: <strong>{evaluation.open ? t('evaluations.open') : t('evaluations.closed')}</strong>
      </Paragraph>
      <Paragraph>
        {t('evaluations.link')}:{' '}
        <a className="utrecht-link" href={respondentPath(evaluation.formId)}>
          {link}
        </a>
      </Paragraph>
      <ProblemAlert problem={toggle.error ? asProblem(toggle.error) : undefined} />
      <div>
        <Button
          appearance="secondary-action-button"
          disabled={toggle.isPending}
          onClick={() => toggle.mutate(!evaluation.open)}
        >
          {evaluation.open ? t('evaluations.close') : t('evaluations.reopen')}
        </Button>
      </div>
      <section aria-labelledby="results" className="deelwijs-stack">
        <Heading2 id="results">{t('evaluations.results')}</Heading2>
        <ProblemAlert problem={results.error ? asProblem(results.error) : undefined} />
        <div className="deelwijs-row">
          <Button appearance="subtle-button" onClick={() => void results.refetch()}>
            {t('evaluations.refresh')}
          </Button>
        </div>
        {results.data && (
          <>
            <Paragraph role="status">
              {t('evaluations.responses', {
                n: formatNumber(results.data.responses),
                min: formatNumber(results.data.minimumResponses),
              })}
            </Paragraph>
            {!results.data.averages ? (
              <Paragraph>{t('evaluations.belowThreshold', { min: results.data.minimumResponses })}</Paragraph>
            ) : (
              <ResponsiveTable label={t('evaluations.results')}>
                <Table>
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell scope="col">{t('evaluations.questionCol')}</TableHeaderCell>
                      <TableHeaderCell scope="col">{t('evaluations.answerCol')}</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {evaluation.questions.map((question) => (
                      <TableRow key={question.questionId}>
                        <TableHeaderCell scope="row">{questionLabel(question, language)}</TableHeaderCell>
                        <TableCell>
                          {question.kind === 'rating' ? (
                            results.data.averages?.[question.questionId] !== undefined ? (
                              t('evaluations.average', {
                                value: formatNumber(results.data.averages[question.questionId]),
                                min: question.scaleMin,
                                max: question.scaleMax,
                              })
                            ) : (
                              '–'
                            )
                          ) : (
                            <ul className="utrecht-unordered-list">
                              {(results.data.comments?.[question.questionId] ?? []).map((comment, index) => (
                                <li key={index} className="utrecht-unordered-list__item">
                                  {comment}
                                </li>
                              ))}
                            </ul>
                          )}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </ResponsiveTable>
            )}
          </>
        )}
      </section>
    </div>
  );
}
