import { routeDeclarations } from '@deelwijs/testing';
import { reportingService } from './reporting.service-definition';

describe('reporting routes', () => {
  const routes = routeDeclarations(reportingService);
  const roles = Object.fromEntries(routes.map((route) => [route.route, route.roles]));
  const READERS = ['reporter', 'approver', 'admin'];

  it('declare their roles, or @Public(), on every endpoint', () => {
    expect(routes.filter((route) => !route.roles || route.roles.length === 0)).toEqual([]);
    expect(routes.map((route) => route.route)).toEqual(expect.arrayContaining(['GET /health', 'GET /v1/openapi.json']));
  });

  it('reporters read, explain and submit; approvers approve or send back; admins define and deliver', () => {
    expect(roles).toMatchObject({
      'GET /v1/programmes': READERS,
      'GET /v1/programmes/:code': READERS,
      'PUT /v1/programmes/:code': ['admin'],
      'GET /v1/programmes/:code/reports/:period': READERS,
      'GET /v1/programmes/:code/reports/:period/prestaties/:prestatie': READERS,
      'PUT /v1/programmes/:code/reports/:period/explanations/:prestatie': ['reporter'],
      'POST /v1/programmes/:code/reports/:period/prestaties/:prestatie/previews': ['reporter'],
      'POST /v1/programmes/:code/reports/:period/submission': ['reporter'],
      'POST /v1/programmes/:code/reports/:period/approval': ['approver'],
      'POST /v1/programmes/:code/reports/:period/rejection': ['approver'],
      'POST /v1/programmes/:code/recomputations': ['reporter', 'admin'],
      'GET /v1/recomputations/:id': READERS,
      'GET /v1/programmes/:code/snapshots': READERS,
      'POST /v1/subscriptions': ['admin'],
      'GET /v1/subscriptions': ['admin'],
      'DELETE /v1/subscriptions/:id': ['admin'],
      'GET /v1/deliveries': ['admin'],
      'POST /v1/deliveries/:id/attempts': ['admin'],
      'GET /v1/projections/activities-per-type': READERS,
      'GET /v1/programmes/:code/prestaties/:prestatie/spending': READERS,
      'GET /v1/programmes/:code/spending': READERS,
    });
  });

  it('no one approves what they may also submit by role alone: submit and approve need different roles', () => {
    const submit = roles['POST /v1/programmes/:code/reports/:period/submission'] as string[];
    const approve = roles['POST /v1/programmes/:code/reports/:period/approval'] as string[];
    expect(submit.filter((role) => approve.includes(role))).toEqual([]);
  });

  it('let only the privacy officer ask about a person, erase them, or read the audit; answers with addresses are never cached', () => {
    expect(roles).toMatchObject({
      'POST /v1/privacy/subject-access': ['privacy-officer'],
      'POST /v1/privacy/erasures': ['privacy-officer'],
      'GET /v1/privacy/audit': ['privacy-officer'],
    });
    expect(routes.filter((route) => route.personalData).map((route) => route.route).sort()).toEqual(
      ['GET /v1/subscriptions', 'POST /v1/subscriptions', 'GET /v1/privacy/audit', 'POST /v1/privacy/erasures', 'POST /v1/privacy/subject-access'].sort(),
    );
  });
});
