import { routeDeclarations } from '@deelwijs/testing';
import { knowledgeService } from './knowledge.service-definition';

describe('knowledge routes', () => {
  const routes = routeDeclarations(knowledgeService);
  const roles = (route: string) => routes.find((candidate) => candidate.route === route)?.roles;

  it('declare their roles, or @Public(), on every endpoint', () => {
    expect(routes.filter((route) => !route.roles || route.roles.length === 0)).toEqual([]);
    expect(routes.map((route) => route.route)).toEqual(expect.arrayContaining(['GET /health', 'GET /v1/openapi.json']));
  });

  it('leave writing knowledge to editors, and reading what is public to anyone', () => {
    expect(roles('POST /v1/knowledge-items')).toEqual(['editor', 'admin']);
    expect(roles('PATCH /v1/knowledge-items/:itemId')).toEqual(['editor', 'admin']);
    expect(roles('POST /v1/knowledge-items/:itemId/attachments')).toEqual(['editor', 'admin']);
    expect(roles('POST /v1/advices')).toEqual(['editor', 'admin']);
    expect(roles('POST /v1/knowledge-kinds')).toEqual(['admin']);
    for (const route of ['GET /v1/knowledge-search-results', 'GET /v1/knowledge-items/:itemId', 'GET /v1/evaluation-forms/:formId', 'POST /v1/evaluation-forms/:formId/responses']) {
      expect(roles(route)).toBe('public');
    }
    expect(roles('GET /v1/network/periods/:period')).not.toContain('partner');
    expect(roles('GET /v1/audit-log')).toEqual(['admin', 'editor']);
  });

  it('let only the privacy officer ask about a person, erase them, or read the audit of personal data; never cached', () => {
    for (const route of ['POST /v1/privacy/subject-access', 'POST /v1/privacy/erasures', 'GET /v1/privacy/audit']) {
      expect([route, roles(route)]).toEqual([route, ['privacy-officer']]);
    }
    expect(routes.filter((route) => route.personalData).map((route) => route.route).sort()).toEqual(
      ['GET /v1/audit-log', 'GET /v1/privacy/audit', 'POST /v1/privacy/erasures', 'POST /v1/privacy/subject-access'].sort(),
    );
  });
});
