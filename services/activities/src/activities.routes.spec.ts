import { routeDeclarations } from '@deelwijs/testing';
import { activitiesService } from './activities.service-definition';

describe('activities routes', () => {
  const routes = routeDeclarations(activitiesService);

  it('declare their roles, or @Public(), on every endpoint', () => {
    expect(routes.filter((route) => !route.roles || route.roles.length === 0)).toEqual([]);
    expect(routes.map((route) => route.route)).toEqual(expect.arrayContaining(['GET /health', 'GET /v1/openapi.json']));
  });

  it('let only organisers and admins schedule an activity', () => {
    expect(routes).toContainEqual({ route: 'POST /v1/activities', roles: ['organiser', 'admin'] });
  });
});
