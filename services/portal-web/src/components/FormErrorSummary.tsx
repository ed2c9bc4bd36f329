import { Alert, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useI18n } from '../i18n/i18n';

/** Above a form that could not be saved: how many fields need attention (the messages stand at the fields). */
export function FormErrorSummary({ errors }: { errors: Record<string, string | undefined> }) {
  const { t } = useI18n();
  const messages = Object.values(errors).filter(Boolean) as string[];
  if (messages.length === 0) {
    return null;
  }
  return (
    <Alert type="error" role="alert">
      <Paragraph>{t('form.fixFields', { n: messages.length })}</Paragraph>
      <UnorderedList>
        {messages.map((message, index) => (
          <UnorderedListItem key={index}>{message}</UnorderedListItem>
        ))}
      </UnorderedList>
    </Alert>
  );
}
