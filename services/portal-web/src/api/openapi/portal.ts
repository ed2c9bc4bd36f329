/**
 * The portal's own endpoints (session, config, identity administration), in the shape
 * openapi-typescript writes, taken from docs/portal-contract.md. Paths are relative to /api
 * with the /v1 prefix the client strips, like the services' documents.
 */
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type Empty = { headers: { [name: string]: unknown }; content?: never };

export interface components {
  schemas: {
    SessionUser: {
      id: string;
      name: string;
      email?: string;
      roles: Array<'organiser' | 'partner' | 'reporter' | 'approver' | 'admin' | 'privacy-officer'>;
      organisationId?: string;
      organisationName?: string;
    };
    Session: { user: components['schemas']['SessionUser']; csrfToken: string; expiresAt: string };
    PortalConfig: { services: Record<string, { openapi: string; docs: string }>; mailCatcherUrl?: string };
    Organisation: { id: string; name: string };
    ApiKey: { id: string; label: string; roles: string[]; createdAt: string; revokedAt?: string | null; organisationId?: string };
    IssuedApiKey: { id: string; label: string; roles?: string[]; key: string };
    LogoutAnswer: { logoutUrl: string };
  };
}

type Schemas = components['schemas'];

export interface paths {
  '/v1/session': {
    get: { parameters: { query?: never }; responses: { 200: Json<Schemas['Session']> } };
  };
  '/v1/config': {
    get: { parameters: { query?: never }; responses: { 200: Json<Schemas['PortalConfig']> } };
  };
  '/v1/identity/organisations': {
    get: { parameters: { query?: never }; responses: { 200: Json<Schemas['Organisation'][]> } };
    post: {
      parameters: { query?: never };
      requestBody: { content: { 'application/json': { name: string } } };
      responses: { 201: Json<Schemas['Organisation']> };
    };
  };
  '/v1/identity/api-keys': {
    get: {
      parameters: { query?: { organisationId?: string } };
      responses: { 200: Json<Schemas['ApiKey'][]> };
    };
    post: {
      parameters: { query?: never };
      requestBody: {
        content: {
          'application/json': {
            label: string;
            organisationId?: string;
            roles?: Array<'partner' | 'organiser' | 'editor' | 'reporter'>;
          };
        };
      };
      responses: { 201: Json<Schemas['IssuedApiKey']> };
    };
  };
  '/v1/identity/api-keys/{id}/revocation': {
    post: { parameters: { path: { id: string } }; responses: { 204: Empty } };
  };
}
