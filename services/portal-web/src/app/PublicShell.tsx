import { Button, PageContent, PageFooter, Paragraph, SkipLink } from '@utrecht/component-library-react';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * The frame of the pages anyone may open without an account (an evaluation to fill in): the
 * same header as the signed-in app, without a person, a menu or sign-out.
 */
export function PublicShell({ children }: { children: ReactNode }) {
  const { t, language, setLanguage } = useI18n();
  const other = language === 'nl' ? 'en' : 'nl';
  return (
    <>
      <SkipLink href="#main" className="utrecht-skip-link--visible-on-focus">
        {t('shell.skipToContent')}
      </SkipLink>
      <header className="deelwijs-header">
        <div className="deelwijs-header__bar">
          <span className="deelwijs-header__brand">{t('app.name')}</span>
          <div className="deelwijs-header__person">
            <Button
              appearance="subtle-button"
              lang={other}
              onClick={() => setLanguage(other)}
              aria-label={t('shell.switchLanguageLabel')}
            >
              {t('shell.switchLanguage')}
            </Button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <PageContent>{children}</PageContent>
      </main>
      <PageFooter>
        <Paragraph>{t('shell.footer')}</Paragraph>
      </PageFooter>
    </>
  );
}

/** Paths served without a session: the app shows them in the public frame and never asks who is there. */
export function isPublicPath(pathname: string): boolean {
  return /^\/evaluations\/[^/]+\/?$/.test(pathname);
}
