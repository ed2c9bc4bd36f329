import { lazy, Suspense, type ComponentType } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { administrationPages, administrationPreloads } from '../administration/pages';
import { useI18n } from '../i18n/i18n';
import { hasRole, useSession } from '../session/session';

/** Every page is its own chunk: a first visit downloads the shell and the page it opens. */
const load = {
  activities: () => import('../organisers/activities/ActivityListPage'),
  activityForm: () => import('../organisers/activities/ActivityFormPage'),
  activity: () => import('../organisers/activities/ActivityPage'),
  newSeries: () => import('../organisers/series/SeriesFormPage'),
  checkIn: () => import('../organisers/check-in/CheckInPage'),
  closeOut: () => import('../organisers/close-out/CloseOutPage'),
  partnerActivities: () => import('../partners/activities/PartnerActivitiesPage'),
  partnerActivity: () => import('../partners/activities/PartnerActivityPage'),
  uploads: () => import('../partners/uploads/UploadPage'),
  apiKeys: () => import('../partners/api-keys/ApiKeysPage'),
  knowledgeSearch: () => import('../knowledge/search/KnowledgeSearchPage'),
  knowledgeItem: () => import('../knowledge/items/KnowledgeItemPage'),
  advices: () => import('../knowledge/advices/AdvicesPage'),
  newEvaluation: () => import('../evaluations/FormBuilderPage'),
  evaluation: () => import('../evaluations/FormResultsPage'),
  respond: () => import('../evaluations/RespondPage'),
  network: () => import('../knowledge/network/NetworkPage'),
  report: () => import('../reporting/report/ReportPage'),
  subscriptions: () => import('../reporting/subscriptions/SubscriptionsPage'),
  ...administrationPages,
  programmes: () => import('../reporting/dashboard/ProgrammesPage'),
  dashboard: () => import('../reporting/dashboard/DashboardPage'),
  drillDown: () => import('../reporting/drill-down/DrillDownPage'),
};

const pages = {
  activities: lazy(load.activities),
  newActivity: lazy(load.activityForm),
  editActivity: lazy(load.activityForm),
  activity: lazy(load.activity),
  newSeries: lazy(load.newSeries),
  checkIn: lazy(load.checkIn),
  closeOut: lazy(load.closeOut),
  partnerActivities: lazy(load.partnerActivities),
  partnerActivity: lazy(load.partnerActivity),
  uploads: lazy(load.uploads),
  apiKeys: lazy(load.apiKeys),
  knowledgeSearch: lazy(load.knowledgeSearch),
  knowledgeItem: lazy(load.knowledgeItem),
  advices: lazy(load.advices),
  newEvaluation: lazy(load.newEvaluation),
  evaluation: lazy(load.evaluation),
  respond: lazy(load.respond),
  network: lazy(load.network),
  report: lazy(load.report),
  subscriptions: lazy(load.subscriptions),
  administration: lazy(load.administration),
  organisations: lazy(load.organisations),
  catalogues: lazy(load.catalogues),
  deadLetters: lazy(load.deadLetters),
  failedWork: lazy(load.failedWork),
  audit: lazy(load.audit),
  programmes: lazy(load.programmes),
  dashboard: lazy(load.dashboard),
  indicatorDrillDown: lazy(load.drillDown),
  actionDrillDown: lazy(() => load.drillDown().then((module) => ({ default: module.ActionDrillDownPage }))),
} satisfies Record<string, ComponentType<any>>;

const PRELOAD: Array<[RegExp, () => Promise<unknown>]> = [
  [/^\/organisers\/activities\/?$/, load.activities],
  [/^\/organisers\/activities\/(new|[^/]+\/edit)$/, load.activityForm],
  [/^\/organisers\/activities\/[^/]+\/check-in$/, load.checkIn],
  [/^\/organisers\/activities\/[^/]+\/close-out$/, load.closeOut],
  [/^\/organisers\/activities\/[^/]+$/, load.activity],
  [/^\/organisers\/series\/new$/, load.newSeries],
  [/^\/partners\/activities\/?$/, load.partnerActivities],
  [/^\/partners\/activities\/[^/]+$/, load.partnerActivity],
  [/^\/partners\/uploads$/, load.uploads],
  [/^\/partners\/api-keys$/, load.apiKeys],
  [/^\/knowledge\/?$/, load.knowledgeSearch],
  [/^\/knowledge\/items\/[^/]+$/, load.knowledgeItem],
  [/^\/knowledge\/advices$/, load.advices],
  [/^\/knowledge\/network$/, load.network],
  [/^\/organisers\/evaluations\/new$/, load.newEvaluation],
  [/^\/organisers\/evaluations\/[^/]+$/, load.evaluation],
  [/^\/evaluations\/[^/]+\/?$/, load.respond],
  [/^\/reporting\/programmes\/[^/]+\/reports\/[^/]+$/, load.report],
  [/^\/reporting\/subscriptions$/, load.subscriptions],
  ...administrationPreloads,
  [/^\/reporting\/?$/, load.programmes],
  [/^\/reporting\/programmes\/[^/]+$/, load.dashboard],
  [/^\/reporting\/programmes\/[^/]+\/prestaties\//, load.drillDown],
];

/** Starts loading the page's chunk at once, beside the session request, instead of after it. */
export function preloadPage(pathname: string): void {
  const found = PRELOAD.find(([pattern]) => pattern.test(pathname));
  void found?.[1]().catch(() => undefined);
}

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
  if (hasRole(session, 'privacy-officer')) {
    return <Redirect to="/privacy/audit" replace />;
  }
  if (hasRole(session, 'reporter', 'approver')) {
    return <Redirect to="/reporting" replace />;
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
        <Route path="/knowledge" component={pages.knowledgeSearch} />
        <Route path="/knowledge/advices" component={pages.advices} />
        <Route path="/knowledge/network" component={pages.network} />
        <Route path="/knowledge/items/:id" component={pages.knowledgeItem} />
        <Route path="/reporting" component={pages.programmes} />
        <Route path="/reporting/programmes/:code" component={pages.dashboard} />
        <Route
          path="/reporting/programmes/:code/prestaties/:prestatie/indicators/:key"
          component={pages.indicatorDrillDown}
        />
        <Route
          path="/reporting/programmes/:code/prestaties/:prestatie/actions/:action"
          component={pages.actionDrillDown}
        />
        <Route path="/organisers/evaluations/new" component={pages.newEvaluation} />
        <Route path="/organisers/evaluations/:formId" component={pages.evaluation} />
        <Route path="/reporting/programmes/:code/reports/:period" component={pages.report} />
        <Route path="/reporting/subscriptions" component={pages.subscriptions} />
        <Route path="/administration" component={pages.administration} />
        <Route path="/administration/organisations" component={pages.organisations} />
        <Route path="/administration/catalogues" component={pages.catalogues} />
        <Route path="/administration/dead-letters" component={pages.deadLetters} />
        <Route path="/administration/failed-work" component={pages.failedWork} />
        <Route path="/privacy/audit" component={pages.audit} />
        <Route component={NotFound} />
      </Switch>
    </Suspense>
  );
}

/** The pages anyone may open without signing in (see PublicShell's isPublicPath). */
export function PublicRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Switch>
        <Route path="/evaluations/:formId" component={pages.respond} />
        <Route component={NotFound} />
      </Switch>
    </Suspense>
  );
}
