/**
 * The registration-imports resource of the activities service, as docs/portal-contract.md
 * describes it, until the activities service's OpenAPI document has it (then
 * scripts/refresh-api-types.js puts it in activities.ts and this file goes).
 */
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };

export type ImportField =
  | 'activityId'
  | 'kind'
  | 'headcount'
  | 'contactName'
  | 'contactEmail'
  | 'contactPhone'
  | 'schoolName'
  | 'className'
  | 'externalReference'
  | 'language';

export interface components {
  schemas: {
    ImportPreview: { columns: string[]; rows: string[][]; rowCount: number; suggestedMapping: Partial<Record<ImportField, string>> };
    ImportSummary: { accepted: number; waitlisted: number; duplicate: number; rejected: number };
    RegistrationImport: {
      id: string;
      status: 'queued' | 'running' | 'completed' | 'failed';
      total: number;
      processed: number;
      summary: components['schemas']['ImportSummary'];
      failureReason?: string | null;
    };
    ImportRow: {
      row: number;
      outcome: 'accepted' | 'waitlisted' | 'duplicate' | 'rejected';
      registrationId?: string | null;
      waitlistPosition?: number | null;
      field?: string | null;
      reason?: string | null;
    };
  };
}

type Schemas = components['schemas'];
type Multipart = { content: { 'multipart/form-data': FormData } };

export interface paths {
  '/v1/registration-imports/previews': {
    post: { parameters: { query?: never }; requestBody: Multipart; responses: { 200: Json<Schemas['ImportPreview']> } };
  };
  '/v1/registration-imports': {
    post: {
      parameters: { header?: { 'Idempotency-Key'?: string } };
      requestBody: Multipart;
      responses: { 202: Json<Schemas['RegistrationImport']> };
    };
  };
  '/v1/registration-imports/{id}': {
    get: { parameters: { path: { id: string } }; responses: { 200: Json<Schemas['RegistrationImport']> } };
  };
  '/v1/registration-imports/{id}/rows': {
    get: {
      parameters: { path: { id: string }; query?: { outcome?: Schemas['ImportRow']['outcome']; page?: number; pageSize?: number } };
      responses: { 200: Json<{ items: Schemas['ImportRow'][]; total: number }> };
    };
  };
  '/v1/registration-imports/{id}/result.csv': {
    get: { parameters: { path: { id: string } }; responses: { 200: { headers: { [name: string]: unknown }; content: { 'text/csv': string } } } };
  };
}
