import { routeDeclarations } from '@deelwijs/testing';
import { knowledgeService } from './knowledge.service-definition';

describe('knowledge routes', () => {
  const routes = routeDeclarations(knowledgeService);

  it('declare their roles, or @Public(), on every endpoint', () => {
    expect(routes.filter((route) => !route.roles || route.roles.length === 0)).toEqual([]);
    expect(routes.map((route) => route.route)).toEqual(expect.arrayContaining(['GET /health', 'GET /v1/openapi.json']));
  });
});
