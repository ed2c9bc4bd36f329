import { Alert, Paragraph } from '@utrecht/component-library-react';
import { useI18n } from '../i18n/i18n';
import { serviceLabel, type ServiceName } from './api';

/** Which services did not answer: the page still shows what the others said. */
export function ServiceProblems({ services }: { services: ServiceName[] }) {
  const { t } = useI18n();
  if (services.length === 0) {
    return null;
  }
  return (
    <Alert type="warning" role="alert">
      {services.map((service) => (
        <Paragraph key={service}>{t('admin.serviceUnavailable', { service: t(serviceLabel(service)) })}</Paragraph>
      ))}
    </Alert>
  );
}
