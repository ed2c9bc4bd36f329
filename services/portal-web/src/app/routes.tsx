import { lazy, Suspense, type ComponentType } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { hasRole, useSession } from '../session/session';

/** Every page is its own chunk: a first visit downloads the shell and the page it opens. */
const pages = {
  activities: lazy(() => import('../organisers/activities/ActivityListPage')),
  newActivity: lazy(() => import('../organisers/activities/ActivityFormPage')),
  editActivity: lazy(() => import('../organisers/activities/ActivityFormPage')),
  activity: lazy(() => import('../organisers/activities/ActivityPage')),
  newSeries: lazy(() => import('../organisers/series/SeriesFormPage')),
  checkIn: lazy(() => import('../organisers/check-in/CheckInPage')),
  closeOut: lazy(() => import('../organisers/close-out/CloseOutPage')),
  partnerActivities: lazy(() => import('../partners/activities/PartnerActivitiesPage')),
  partnerActivity: lazy(() => import('../partners/activities/PartnerActivityPage')),
  uploads: lazy(() => import('../partners/uploads/UploadPage')),
  apiKeys: lazy(() => import('../partners/api-keys/ApiKeysPage')),
} satisfies Record<string, ComponentType<any>>;

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="utrecht-paragraph" role="status">
      {t('app.loading')}
    </p>
  );
}

function Home() {
  const session = useSession();
  if (hasRole(session, 'organiser', 'admin')) {
    return <Redirect to="/organisers/activities" replace />;
  }
  if (hasRole(session, 'partner')) {
    return <Redirect to="/partners/activities" replace />;
  }
  return <NothingHere />;
}

function NothingHere() {
  const { t } = useI18n();
  return <p className="utrecht-paragraph">{t('app.nothingForYourRole')}</p>;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <h1 className="utrecht-heading-1">{t('app.notFound')}</h1>
      <p className="utrecht-paragraph">{t('app.notFoundText')}</p>
    </>
  );
}

export function Routes() {
  return (
    <Suspense fallback={<Loading />}>
      <Switch>
        <Route path="/" component={Home} />
        <Route path="/organisers/activities" component={pages.activities} />
        <Route path="/organisers/activities/new" component={pages.newActivity} />
        <Route path="/organisers/activities/:id/edit" component={pages.editActivity} />
        <Route path="/organisers/activities/:id/check-in" component={pages.checkIn} />
        <Route path="/organisers/activities/:id/close-out" component={pages.closeOut} />
        <Route path="/organisers/activities/:id" component={pages.activity} />
        <Route path="/organisers/series/new" component={pages.newSeries} />
        <Route path="/partners/activities" component={pages.partnerActivities} />
        <Route path="/partners/activities/:id" component={pages.partnerActivity} />
        <Route path="/partners/uploads" component={pages.uploads} />
        <Route path="/partners/api-keys" component={pages.apiKeys} />
        <Route component={NotFound} />
      </Switch>
    </Suspense>
  );
}
