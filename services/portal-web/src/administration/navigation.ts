import type { MessageKey } from '../i18n/messages';
import { hasRole, type Session } from '../session/session';

/** The menu entries of the administration pages: administration for admins, the audit for the privacy officer. */
export function administrationNavigation(session: Session): Array<{ href: string; label: MessageKey }> {
  return [
    ...(hasRole(session, 'admin') ? [{ href: '/administration', label: 'nav.administration' as const }] : []),
    ...(hasRole(session, 'privacy-officer') ? [{ href: '/privacy/audit', label: 'nav.audit' as const }] : []),
  ];
}
