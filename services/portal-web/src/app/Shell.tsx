import { Button, PageContent, PageFooter, Paragraph, SkipLink } from '@utrecht/component-library-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { data, portalApi } from '../api/client';
import { Link, useLocation } from 'wouter';
import type { MessageKey } from '../i18n/messages';
import { administrationNavigation } from '../administration/navigation';
import { useI18n } from '../i18n/i18n';
import { hasRole, signOut, useSession, type Session } from '../session/session';

interface NavItem {
  href: string;
  label: MessageKey;
}

/** What each user group works on; part 2 adds reporting, knowledge and administration here. */
export function navigationFor(session: Session): NavItem[] {
  const items: NavItem[] = [];
  if (hasRole(session, 'organiser', 'admin')) {
    items.push(
      { href: '/organisers/activities', label: 'nav.activities' },
      { href: '/organisers/activities/new', label: 'nav.newActivity' },
      { href: '/organisers/series/new', label: 'nav.newSeries' },
      { href: '/organisers/evaluations/new', label: 'nav.newEvaluation' },
    );
  }
  if (hasRole(session, 'partner')) {
    items.push(
      { href: '/partners/activities', label: 'nav.partnerActivities' },
      { href: '/partners/uploads', label: 'nav.uploads' },
      { href: '/partners/api-keys', label: 'nav.apiKeys' },
    );
  }
  if (hasRole(session, 'reporter', 'approver', 'admin')) {
    items.push({ href: '/reporting', label: 'nav.reporting' });
  }
  // Search is open to everyone signed in (the API shows each audience what it may see).
  items.push({ href: '/knowledge', label: 'nav.knowledge' });
  if (hasRole(session, 'reporter', 'admin')) {
    items.push(
      { href: '/knowledge/advices', label: 'nav.advices' },
      { href: '/knowledge/network', label: 'nav.network' },
    );
  }
  if (hasRole(session, 'admin')) {
    items.push({ href: '/reporting/subscriptions', label: 'nav.subscriptions' });
  }
  items.push(...administrationNavigation(session));
  return items;
}

function roleNames(session: Session, t: ReturnType<typeof useI18n>['t']): string {
  return session.user.roles.map((role) => t(`role.${role}` as MessageKey)).join(', ');
}

export function Shell({ children }: { children: ReactNode }) {
  const { t, language, setLanguage } = useI18n();
  const session = useSession();
  const [location] = useLocation();
  const items = navigationFor(session);
  const other = language === 'nl' ? 'en' : 'nl';
  return (
    <>
      <SkipLink href="#main" className="utrecht-skip-link--visible-on-focus">
        {t('shell.skipToContent')}
      </SkipLink>
      <header className="deelwijs-header">
        <div className="deelwijs-header__bar">
          <Link href="/" className="deelwijs-header__brand">
            {t('app.name')}
          </Link>
          <div className="deelwijs-header__person">
            <span>
              <strong>{session.user.name}</strong>
              <span className="deelwijs-header__roles">
                {' · '}
                {roleNames(session, t)}
                {session.user.organisationName ? ` · ${session.user.organisationName}` : ''}
              </span>
            </span>
            <Button
              appearance="subtle-button"
              lang={other}
              onClick={() => setLanguage(other)}
              aria-label={t('shell.switchLanguageLabel')}
            >
              {t('shell.switchLanguage')}
            </Button>
            <Button appearance="secondary-action-button" onClick={() => void signOut(session)}>
              {t('shell.signOut')}
            </Button>
          </div>
        </div>
        <nav aria-label={t('shell.navigation')} className="deelwijs-nav">
          <ul>
            {items.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  className="utrecht-link"
                  aria-current={location === item.href ? 'page' : undefined}
                >
                  {t(item.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <PageContent>{children}</PageContent>
      </main>
      <PageFooter>
        <Paragraph>{t('shell.footer')}</Paragraph>
        <FooterLinks />
      </PageFooter>
    </>
  );
}

/** The services' API documentation (Swagger UI, through the portal) and, in development, the caught mail. */
function FooterLinks() {
  const { t } = useI18n();
  const config = useQuery({
    queryKey: ['portal-config'],
    queryFn: () => data(portalApi.GET('/v1/config')),
    staleTime: Infinity,
  });
  if (!config.data) {
    return null;
  }
  const services = Object.entries(config.data.services);
  return (
    <Paragraph>
      {t('shell.apiDocs')}:{' '}
      {services.map(([name, links], index) => (
        <span key={name}>
          {index > 0 ? ' · ' : ''}
          <a className="utrecht-link" href={links.docs}>
            {name}
          </a>
        </span>
      ))}
      {config.data.mailCatcherUrl ? (
        <>
          {' · '}
          <a className="utrecht-link" href={config.data.mailCatcherUrl}>
            {t('shell.mailCatcher')}
          </a>
        </>
      ) : null}
    </Paragraph>
  );
}
