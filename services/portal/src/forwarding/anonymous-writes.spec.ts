import { anonymousAllowed } from './forwarding.service';

describe('what goes to a service without a session', () => {
  it('lets reads and an anonymous evaluation answer through', () => {
    expect(anonymousAllowed('activities', 'GET', '/api/activities/activities')).toBe(true);
    expect(
      anonymousAllowed('knowledge', 'POST', '/api/knowledge/evaluation-forms/0b6f6b8e-6a53-4b8e-9d3c-5a1f0e2d7c11/responses'),
    ).toBe(true);
  });

  it('keeps every other write behind the session', () => {
    const form = '0b6f6b8e-6a53-4b8e-9d3c-5a1f0e2d7c11';
    expect(anonymousAllowed('knowledge', 'POST', '/api/knowledge/evaluation-forms')).toBe(false);
    expect(anonymousAllowed('knowledge', 'PATCH', `/api/knowledge/evaluation-forms/${form}`)).toBe(false);
    expect(anonymousAllowed('knowledge', 'POST', `/api/knowledge/evaluation-forms/${form}/responses/x`)).toBe(false);
    expect(anonymousAllowed('activities', 'POST', `/api/activities/evaluation-forms/${form}/responses`)).toBe(false);
    expect(anonymousAllowed('knowledge', 'DELETE', `/api/knowledge/evaluation-forms/${form}/responses`)).toBe(false);
  });
});
