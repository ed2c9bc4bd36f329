import { Alert, Paragraph } from '@utrecht/component-library-react';
import { problemMessage, type Problem } from '../api/problem';
import { useI18n } from '../i18n/i18n';

/** An answer the API refused, in the person's language; announced to screen readers at once. */
export function ProblemAlert({ problem }: { problem?: Problem }) {
  const { t } = useI18n();
  if (!problem) {
    return null;
  }
  return (
    <Alert type="error" role="alert">
      <Paragraph>{problemMessage(problem, t)}</Paragraph>
    </Alert>
  );
}

export function Notice({ children }: { children: string }) {
  return (
    <Alert type="ok" role="status">
      <Paragraph>{children}</Paragraph>
    </Alert>
  );
}
