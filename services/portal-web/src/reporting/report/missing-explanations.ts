import type { Problem } from '../../api/problem';

/**
 * The prestaties a refused submission names as lacking the explanation the rules require: the
 * service answers 400 with one invalid parameter "explanations.<code>" per prestatie.
 */
export function missingExplanations(problem: Problem | undefined): string[] {
  return (problem?.invalidParams ?? [])
    .filter((param) => param.name.startsWith('explanations.'))
    .map((param) => param.name.slice('explanations.'.length));
}

/** The id of a prestatie's explanation field, for links from the error summary. */
export function explanationFieldId(code: string): string {
  return `explanation-${code.replace(/\./g, '-')}`;
}
