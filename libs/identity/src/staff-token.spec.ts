import jwt from 'jsonwebtoken';
import { HmacTokenVerifier, signStaffToken, TOKEN_ISSUER } from './staff-token';

const SECRET = 'unit-test-secret-with-at-least-32-chars';
const OTHER_SECRET = 'another-secret-with-at-least-32-chars!!';

describe('signStaffToken + HmacTokenVerifier', () => {
  const verifier = new HmacTokenVerifier(SECRET);

  afterEach(() => {
    jest.useRealTimers();
  });

  it('round-trips the subject, roles and organisation of a staff member', () => {
    const token = signStaffToken(SECRET, {
      subject: 'staff-17',
      roles: ['editor', 'reporter'],
      organisationId: 'org-3',
    });

    expect(verifier.verify(token)).toEqual({
      kind: 'staff',
      id: 'staff-17',
      roles: ['editor', 'reporter'],
      organisationId: 'org-3',
    });
  });

  it('leaves the organisation out when the token names none', () => {
    const token = signStaffToken(SECRET, { subject: 'staff-17', roles: ['admin'] });

    expect(verifier.verify(token).organisationId).toBeUndefined();
  });

  it('signs with HS256, the issuer and an expiry of eight hours by default', () => {
    const token = signStaffToken(SECRET, { subject: 'staff-17', roles: ['admin'] });
    const decoded = jwt.decode(token, { complete: true }) as jwt.Jwt & { payload: jwt.JwtPayload };

    expect(decoded.header.alg).toBe('HS256');
    expect(decoded.payload.iss).toBe(TOKEN_ISSUER);
    expect(decoded.payload.sub).toBe('staff-17');
    expect(decoded.payload.exp! - decoded.payload.iat!).toBe(8 * 3600);
  });

  it('rejects a token signed with another secret', () => {
    const token = signStaffToken(OTHER_SECRET, { subject: 'staff-17', roles: ['admin'] });

    expect(() => verifier.verify(token)).toThrow(/invalid signature/);
  });

  it('rejects a token that has been tampered with', () => {
    const token = signStaffToken(SECRET, { subject: 'staff-17', roles: ['reporter'] });
    const [header, , signature] = token.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ sub: 'staff-17', roles: ['admin'], iss: TOKEN_ISSUER }),
    ).toString('base64url');

    expect(() => verifier.verify(`${header}.${forgedPayload}.${signature}`)).toThrow();
  });

  it('accepts a token until it expires and rejects it afterwards', () => {
    jest.useFakeTimers({ now: new Date('2025-06-01T09:00:00Z') });
    const token = signStaffToken(SECRET, { subject: 'staff-17', roles: ['admin'] }, 60);

    jest.setSystemTime(new Date('2025-06-01T09:00:59Z'));
    expect(verifier.verify(token).id).toBe('staff-17');

    jest.setSystemTime(new Date('2025-06-01T09:01:01Z'));
    expect(() => verifier.verify(token)).toThrow(/jwt expired/);
  });

  it('checks a token once and then trusts it for ten seconds, never past its expiry', () => {
    jest.useFakeTimers({ now: new Date('2025-06-01T09:00:00Z') });
    const fresh = new HmacTokenVerifier(SECRET);
    const check = jest.spyOn(jwt, 'verify');
    try {
      const token = signStaffToken(SECRET, { subject: 'staff-17', roles: ['admin'] }, 15);

      expect(fresh.verify(token).id).toBe('staff-17');
      jest.setSystemTime(new Date('2025-06-01T09:00:09Z'));
      expect(fresh.verify(token).id).toBe('staff-17');
      expect(check).toHaveBeenCalledTimes(1);

      jest.setSystemTime(new Date('2025-06-01T09:00:11Z'));
      expect(fresh.verify(token).id).toBe('staff-17');
      expect(check).toHaveBeenCalledTimes(2);

      // Trusted until 09:00:21 by the ten seconds, but the token expires at 09:00:15.
      jest.setSystemTime(new Date('2025-06-01T09:00:15Z'));
      expect(() => fresh.verify(token)).toThrow(/jwt expired/);
    } finally {
      check.mockRestore();
    }
  });

  it('drops roles it does not know and keeps the known ones', () => {
    const token = jwt.sign({ roles: ['superuser', 'editor', 42, 'ADMIN'] }, SECRET, {
      issuer: TOKEN_ISSUER,
      subject: 'staff-17',
    });

    expect(verifier.verify(token).roles).toEqual(['editor']);
  });

  it.each([
    ['only unknown roles', { roles: ['superuser', 'root'] }],
    ['an empty role list', { roles: [] }],
    ['roles that are not a list', { roles: 'admin' }],
    ['no roles claim', {}],
  ])('rejects a token with %s', (_case, claims) => {
    const token = jwt.sign(claims, SECRET, { issuer: TOKEN_ISSUER, subject: 'staff-17' });

    expect(() => verifier.verify(token)).toThrow(/no subject or no known role/);
  });

  it('rejects a token without a subject', () => {
    const token = jwt.sign({ roles: ['admin'] }, SECRET, { issuer: TOKEN_ISSUER });

    expect(() => verifier.verify(token)).toThrow(/no subject or no known role/);
  });

  it('rejects a token from another issuer, and one without an issuer', () => {
    const foreign = jwt.sign({ roles: ['admin'] }, SECRET, { issuer: 'someone-else', subject: 'staff-17' });
    const anonymous = jwt.sign({ roles: ['admin'] }, SECRET, { subject: 'staff-17' });

    expect(() => verifier.verify(foreign)).toThrow(/jwt issuer invalid/);
    expect(() => verifier.verify(anonymous)).toThrow(/jwt issuer invalid/);
  });

  it('rejects a token signed with another algorithm, even with the right secret', () => {
    const token = jwt.sign({ roles: ['admin'] }, SECRET, {
      algorithm: 'HS512',
      issuer: TOKEN_ISSUER,
      subject: 'staff-17',
    });

    expect(() => verifier.verify(token)).toThrow(/invalid algorithm/);
  });

  it('rejects an unsigned token (alg: none)', () => {
    const token = jwt.sign({ roles: ['admin'] }, '', {
      algorithm: 'none',
      issuer: TOKEN_ISSUER,
      subject: 'staff-17',
    });

    expect(() => verifier.verify(token)).toThrow();
  });

  it('rejects something that is not a token at all', () => {
    expect(() => verifier.verify('not-a-jwt')).toThrow(/jwt malformed/);
  });
});
