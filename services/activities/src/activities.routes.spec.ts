import { routeDeclarations } from '@deelwijs/testing';
import { activitiesService } from './activities.service-definition';

describe('activities routes', () => {
  const routes = routeDeclarations(activitiesService);
  const rolesOf = (route: string) => routes.find((declared) => declared.route === route)?.roles;

  it('declare their roles, or @Public(), on every endpoint', () => {
    expect(routes.filter((route) => !route.roles || route.roles.length === 0)).toEqual([]);
    expect(routes.map((route) => route.route)).toEqual(
      expect.arrayContaining(['GET /health', 'GET /v1/openapi.json']),
    );
  });

  it('let only organisers and admins plan and run activities', () => {
    for (const route of [
      'POST /v1/activities',
      'PATCH /v1/activities/:id',
      'POST /v1/activities/:id/reschedulings',
      'POST /v1/activities/:id/publication',
      'POST /v1/activities/:id/cancellation',
      'POST /v1/activities/:id/held-confirmation',
      'POST /v1/activities/:id/closure',
      'POST /v1/activities/outcomes',
      'GET /v1/activities/:id/audit',
      'POST /v1/activities/:activityId/registrations/:id/attendance',
      'POST /v1/series',
    ]) {
      expect([route, rolesOf(route)]).toEqual([route, ['organiser', 'admin']]);
    }
  });

  it('let partners register, read and cancel (their own, which the service enforces)', () => {
    for (const route of [
      'POST /v1/activities/:activityId/registrations',
      'POST /v1/registrations/bulk',
      'GET /v1/activities/:activityId/registrations',
      'GET /v1/registrations/:id',
      'POST /v1/registrations/:id/cancellation',
      'POST /v1/registrations/:id/cancel',
      'POST /v1/registration-imports',
      'POST /v1/registration-imports/previews',
      'GET /v1/registration-imports/:id',
      'GET /v1/registration-imports/:id/rows',
      'GET /v1/registration-imports/:id/results',
      'DELETE /v1/registration-imports/:id',
    ]) {
      expect([route, rolesOf(route)]).toEqual([route, ['organiser', 'admin', 'partner']]);
    }
  });

  it('let reporting staff and approvers read an activity behind a figure, and nothing of its registrations', () => {
    expect(rolesOf('GET /v1/activities/:id')).toEqual(['organiser', 'admin', 'partner', 'reporter', 'approver']);
    expect(rolesOf('GET /v1/activities/:activityId/registrations')).not.toContain('reporter');
  });

  it('let only the privacy officer ask about a person, erase them, or read the audit', () => {
    for (const route of ['POST /v1/privacy/subject-access', 'POST /v1/privacy/erasures', 'GET /v1/privacy/audit']) {
      expect([route, rolesOf(route)]).toEqual([route, ['privacy-officer']]);
    }
  });

  it('declare every answer with personal data @PersonalData(), so that no cache keeps it', () => {
    expect(routes.filter((route) => route.personalData).map((route) => route.route).sort()).toEqual(
      [
        'POST /v1/activities/:activityId/registrations',
        'POST /v1/registrations/bulk',
        'GET /v1/activities/:activityId/registrations',
        'GET /v1/registrations/:id',
        'POST /v1/registrations/:id/cancellation',
        'POST /v1/registrations/:id/cancel',
        'POST /v1/activities/:activityId/registrations/:id/attendance',
        'GET /v1/registration-cancellations/:id',
        'POST /v1/registration-cancellations/:id',
        'POST /v1/registrations/:registrationId/erasure',
        'POST /v1/registration-erasures/:registrationId',
        'POST /v1/privacy/subject-access',
        'POST /v1/privacy/erasures',
        'GET /v1/privacy/audit',
      ].sort(),
    );
  });

  it('keep the catalogue public to read and admin-only to change; the cancel link is public', () => {
    expect(rolesOf('GET /v1/activity-types')).toBe('public');
    expect(rolesOf('PUT /v1/activity-types/:slug')).toEqual(['admin']);
    expect(rolesOf('GET /v1/registration-cancellations/:id')).toBe('public');
    expect(rolesOf('POST /v1/registration-cancellations/:id')).toBe('public');
  });
});
