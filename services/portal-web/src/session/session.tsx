import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { data, loginUrl, portalApi, setCsrfToken } from '../api/client';
import type { components } from '../api/openapi/portal';
import { ProblemError } from '../api/problem';
import { activeLanguage } from '../i18n/i18n';
import { saveDraftsBeforeLeaving } from './drafts';

export type Session = components['schemas']['Session'];
export type Role = components['schemas']['SessionUser']['roles'][number];

const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) {
    throw new Error('useSession outside SessionGate');
  }
  return session;
}

export function hasRole(session: Session, ...roles: Role[]): boolean {
  return session.user.roles.some((role) => roles.includes(role));
}

/** Ends the session at the portal and then at the identity provider (PORTAL-CONTRACT: /auth/logout). */
export async function signOut(session: Session): Promise<void> {
  const response = await fetch('/auth/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'X-CSRF-Token': session.csrfToken, 'Accept-Language': activeLanguage() },
  });
  const answer = response.ok ? ((await response.json()) as { logoutUrl?: string }) : {};
  window.location.assign(answer.logoutUrl ?? '/');
}

/** Shows its children to a signed-in person only; anyone else goes to sign in and comes back here. */
export function SessionGate({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  const session = useQuery({
    queryKey: ['session'],
    queryFn: () => data(portalApi.GET('/v1/session')),
    retry: false,
    staleTime: 60_000,
  });
  const unauthenticated = session.error instanceof ProblemError && session.error.status === 401;
  useEffect(() => {
    if (unauthenticated) {
      saveDraftsBeforeLeaving();
      window.location.assign(loginUrl());
    }
  }, [unauthenticated]);
  const csrfToken = session.data?.csrfToken;
  useEffect(() => {
    setCsrfToken(csrfToken);
  }, [csrfToken]);
  if (!session.data) {
    return <>{fallback}</>;
  }
  return <SessionContext.Provider value={session.data}>{children}</SessionContext.Provider>;
}
