import { claimAt, organisationFrom, parseRoleMap, rolesFrom } from './claim-mapping';

describe('claim mapping', () => {
  const mapping = { rolesClaim: 'roles', organisationClaim: 'org' };

  it('reads a dotted path into nested claims (Keycloak realm_access.roles), and a claim whose name has dots first', () => {
    expect(claimAt({ realm_access: { roles: ['organiser'] } }, 'realm_access.roles')).toEqual(['organiser']);
    expect(claimAt({ 'https://deelwijs.nl/roles': ['admin'] }, 'https://deelwijs.nl/roles')).toEqual(['admin']);
    expect(claimAt({ realm_access: 'x' }, 'realm_access.roles')).toBeUndefined();
  });

  it('keeps the known roles of a list or of a space- or comma-separated string, once each', () => {
    expect(rolesFrom({ roles: ['organiser', 'offline_access', 'organiser', 'reporter'] }, mapping)).toEqual(['organiser', 'reporter']);
    expect(rolesFrom({ roles: 'partner, approver uma_authorization' }, mapping)).toEqual(['partner', 'approver']);
    expect(rolesFrom({ roles: 42 }, mapping)).toEqual([]);
  });

  it("maps a provider's own role names (Entra app roles) to ours", () => {
    const roleMap = parseRoleMap('Deelwijs.Organiser=organiser,Deelwijs.Admin=admin');
    expect(rolesFrom({ roles: ['Deelwijs.Organiser', 'Deelwijs.Admin', 'Other'] }, { ...mapping, roleMap })).toEqual(['organiser', 'admin']);
  });

  it('refuses a role map that names a role we do not have', () => {
    expect(() => parseRoleMap('Boss=superuser')).toThrow(/superuser/);
    expect(parseRoleMap('')).toBeUndefined();
  });

  it('takes the organisation only when it is a uuid, since the services compare it with uuid columns', () => {
    expect(organisationFrom({ org: '6F0C2A8E-3B1D-4E7A-9C55-0D2B8F4A7E11' }, mapping)).toBe('6f0c2a8e-3b1d-4e7a-9c55-0d2b8f4a7e11');
    expect(organisationFrom({ org: ['6f0c2a8e-3b1d-4e7a-9c55-0d2b8f4a7e11'] }, mapping)).toBe('6f0c2a8e-3b1d-4e7a-9c55-0d2b8f4a7e11');
    expect(organisationFrom({ org: 'ProDemos' }, mapping)).toBeUndefined();
  });
});
