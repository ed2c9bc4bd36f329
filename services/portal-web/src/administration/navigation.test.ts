import { describe, expect, it } from 'vitest';
import type { Session } from '../session/session';
import { administrationNavigation } from './navigation';

const as = (...roles: Session['user']['roles']): Session => ({
  user: { id: 'x', name: 'X', roles },
  csrfToken: 'c',
  expiresAt: '2026-01-01T00:00:00Z',
});

describe('the administration menu', () => {
  it('shows administration to administrators and the audit to the privacy officer only', () => {
    expect(administrationNavigation(as('admin')).map((item) => item.href)).toEqual(['/administration']);
    expect(administrationNavigation(as('privacy-officer')).map((item) => item.href)).toEqual(['/privacy/audit']);
    expect(administrationNavigation(as('organiser', 'partner', 'reporter'))).toEqual([]);
  });
});
