import { useQuery } from '@tanstack/react-query';
import { data, knowledgeApi } from './client';
import type { components } from './openapi/knowledge';

/** Evaluation forms of the knowledge service (its document leaves the answers untyped: written here). */
export type QuestionInput = components['schemas']['QuestionDto'];
export type CreateEvaluationForm = components['schemas']['CreateEvaluationFormDto'];
export interface Question {
  questionId: string;
  kind: 'rating' | 'text';
  label: { nl: string; en?: string };
  scaleMin: number;
  scaleMax: number;
}
export interface EvaluationForm {
  formId: string;
  activityId: string;
  title: string;
  open: boolean;
  questions: Question[];
}
export interface EvaluationResults {
  formId: string;
  activityId: string;
  responses: number;
  minimumResponses: number;
  /** Present only once enough people answered (the anonymity threshold). */
  averages?: Record<string, number>;
  comments?: Record<string, string[]>;
}
export interface EvaluationAnswer {
  ratings: Record<string, number>;
  comments: Record<string, string>;
}

export const evaluationKeys = {
  form: (formId: string) => ['evaluations', 'form', formId] as const,
  results: (formId: string) => ['evaluations', 'results', formId] as const,
};

export function useEvaluationForm(formId: string) {
  return useQuery({
    queryKey: evaluationKeys.form(formId),
    queryFn: async () =>
      (await data(
        knowledgeApi.GET('/v1/evaluation-forms/{formId}', { params: { path: { formId } } }),
      )) as unknown as EvaluationForm,
  });
}

export function useEvaluationResults(formId: string) {
  return useQuery({
    queryKey: evaluationKeys.results(formId),
    queryFn: async () =>
      (await data(
        knowledgeApi.GET('/v1/evaluation-forms/{formId}/results', { params: { path: { formId } } }),
      )) as unknown as EvaluationResults,
  });
}

export const evaluationActions = {
  create: async (body: CreateEvaluationForm) =>
    (await data(knowledgeApi.POST('/v1/evaluation-forms', { body }))) as unknown as EvaluationForm,
  setOpen: async (formId: string, open: boolean) =>
    (await data(
      knowledgeApi.PATCH('/v1/evaluation-forms/{formId}', { params: { path: { formId } }, body: { open } }),
    )) as unknown as EvaluationForm,
  /** Anonymous: the portal forwards this one call without a session (services/portal ANONYMOUS_WRITES). */
  respond: (formId: string, answer: EvaluationAnswer) =>
    data(
      knowledgeApi.POST('/v1/evaluation-forms/{formId}/responses', {
        params: { path: { formId } },
        body: answer as unknown as components['schemas']['EvaluationResponseDto'],
      }),
    ),
};

/** The public page a respondent opens (no account needed): the link staff hand out. */
export function respondentPath(formId: string): string {
  return `/evaluations/${encodeURIComponent(formId)}`;
}

export function questionLabel(question: Pick<Question, 'label'>, language: 'nl' | 'en'): string {
  return (language === 'en' ? question.label.en : undefined) ?? question.label.nl;
}

/**
 * The refusal of an answer, per question: the service names `ratings.<questionId>` or
 * `comments.<questionId>`; anything else (nothing answered at all) belongs to the whole form.
 */
export function answerErrors(
  invalidParams: Array<{ name: string; reason: string }> | undefined,
): { byQuestion: Record<string, string>; general: string[] } {
  const byQuestion: Record<string, string> = {};
  const general: string[] = [];
  for (const param of invalidParams ?? []) {
    const match = /^(?:ratings|comments)\.(.+)$/.exec(param.name);
    if (match) {
      byQuestion[match[1]] = param.reason;
    } else {
      general.push(param.reason);
    }
  }
  return { byQuestion, general };
}
