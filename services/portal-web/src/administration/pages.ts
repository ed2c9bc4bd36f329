/** The administration pages' chunks (app/routes.tsx lazy-loads and preloads them). */
export const administrationPages = {
  administration: () => import('./AdministrationPage'),
  organisations: () => import('./organisations/OrganisationsPage'),
  catalogues: () => import('./catalogues/CataloguesPage'),
  deadLetters: () => import('./dead-letters/DeadLettersPage'),
  failedWork: () => import('./failed-work/FailedWorkPage'),
  audit: () => import('./audit/AuditPage'),
};

export const administrationPreloads: Array<[RegExp, () => Promise<unknown>]> = [
  [/^\/administration\/?$/, administrationPages.administration],
  [/^\/administration\/organisations$/, administrationPages.organisations],
  [/^\/administration\/catalogues$/, administrationPages.catalogues],
  [/^\/administration\/dead-letters$/, administrationPages.deadLetters],
  [/^\/administration\/failed-work$/, administrationPages.failedWork],
  [/^\/privacy\/audit$/, administrationPages.audit],
];
