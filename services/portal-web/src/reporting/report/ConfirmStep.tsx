import { Alert, Button, Paragraph } from '@utrecht/component-library-react';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n';

/**
 * An inline confirmation: the question, then "continue" and "cancel". It takes focus when it
 * opens (so a keyboard or screen-reader user lands on the choice) and Escape cancels.
 */
export function ConfirmStep({
  question,
  onConfirm,
  onCancel,
  busy,
}: {
  question: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
}) {
  const { t } = useI18n();
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirm.current?.focus();
  }, []);
  return (
    <div
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          onCancel();
        }
      }}
    >
      <Alert type="warning" role="alertdialog" aria-label={question}>
        <Paragraph>{question}</Paragraph>
        <div className="deelwijs-row">
          <Button
            ref={confirm}
            appearance="primary-action-button"
            onClick={onConfirm}
            disabled={busy}
            aria-busy={busy}
          >
            {t('report.confirm')}
          </Button>
          <Button appearance="secondary-action-button" onClick={onCancel} disabled={busy}>
            {t('report.cancel')}
          </Button>
        </div>
      </Alert>
    </div>
  );
}
