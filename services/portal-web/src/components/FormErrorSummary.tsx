import { Alert, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useI18n } from '../i18n/i18n';

/**
 * Above a form that could not be saved: how many fields need attention (the messages stand at the
 * fields). With `fieldIds`, each message links to its field (the GOV.UK/NL Design System pattern).
 */
export function FormErrorSummary({
  errors,
  fieldIds = {},
}: {
  errors: Record<string, string | undefined>;
  fieldIds?: Record<string, string>;
}) {
  const { t } = useI18n();
  const messages = Object.entries(errors).filter((entry): entry is [string, string] => Boolean(entry[1]));
  if (messages.length === 0) {
    return null;
  }
  return (
    <Alert type="error" role="alert">
      <Paragraph>{t('form.fixFields', { n: messages.length })}</Paragraph>
      <UnorderedList>
        {messages.map(([field, message]) => (
          <UnorderedListItem key={field}>
            {fieldIds[field] ? (
              <a className="utrecht-link" href={`#${fieldIds[field]}`}>
                {message}
              </a>
            ) : (
              message
            )}
          </UnorderedListItem>
        ))}
      </UnorderedList>
    </Alert>
  );
}
