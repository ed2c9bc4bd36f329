import { Heading1 } from '@utrecht/component-library-react';
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * The page's one h1, which also names the browser tab, and takes focus when the page changes so
 * that a screen reader announces where the person now is.
 */
export function PageTitle({ children }: { children: string }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} · ${t('app.name')}`;
  }, [children, t]);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <Heading1 ref={heading} tabIndex={-1} className="deelwijs-page-title">
      {children}
    </Heading1>
  );
}
