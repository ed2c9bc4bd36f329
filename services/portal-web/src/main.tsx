import '@utrecht/component-library-css/dist/index.css';
import '@utrecht/design-tokens/dist/root.css';
import './app/app.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { preloadData } from './app/preload';
import { isPublicPath, PublicShell } from './app/PublicShell';
import { Loading, preloadPage, PublicRoutes, Routes } from './app/routes';
import { Shell } from './app/Shell';
import { I18nProvider } from './i18n/i18n';
import { SessionGate } from './session/session';

const queryClient = new QueryClient({
  defaultOptions: {
    // A refusal (4xx) is an answer, not a glitch: only network and server errors are retried.
    queries: {
      staleTime: 15_000,
      retry: (failures, error) =>
        failures < 2 &&
        !((error as { status?: number }).status! >= 400 && (error as { status?: number }).status! < 500),
    },
  },
});

// What the first page needs is asked for at once and side by side: the session, the page's
// code and its data (a waterfall of the three would cost three round trips).
preloadPage(window.location.pathname);
preloadData(queryClient, window.location.pathname, window.location.search);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        {isPublicPath(window.location.pathname) ? (
          // An anonymous respondent is never sent to sign in.
          <PublicShell>
            <PublicRoutes />
          </PublicShell>
        ) : (
          <SessionGate fallback={<Loading />}>
            <Shell>
              <Routes />
            </Shell>
          </SessionGate>
        )}
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);
