import { activitiesApi, data, download } from '../../api/client';
import type { components } from '../../api/openapi/activities';

/**
 * A spreadsheet registered through the activities service's import resource
 * (`/v1/registration-imports`): the file goes up once, with the columns matched to the
 * registration's fields; the service reads it, registers its rows in a job and answers per row.
 * The same file with the same choices is the same import, so uploading it again registers
 * nobody twice. The browser reads nothing of the file itself: the preview is the service's.
 */
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

export type Mapping = Partial<Record<ImportField, string>>;
export type ImportPreview = components['schemas']['RegistrationImportPreview'];
export type ImportView = components['schemas']['RegistrationImportView'];
export type RowResult = components['schemas']['ImportRowView'];
export type Outcome = RowResult['outcome'];

/** The registration fields a column can feed, in the order the mapping form asks for them. */
export const IMPORT_FIELDS: Array<{ field: ImportField; required: boolean }> = [
  { field: 'contactName', required: true },
  { field: 'contactEmail', required: true },
  { field: 'kind', required: false },
  { field: 'schoolName', required: false },
  { field: 'className', required: false },
  { field: 'headcount', required: false },
  { field: 'contactPhone', required: false },
  { field: 'externalReference', required: false },
  { field: 'activityId', required: false },
  { field: 'language', required: false },
];

/** The multipart form the service reads: the file, then the text fields that are set. */
export function uploadForm(file: File, fields: Record<string, string | undefined>): FormData {
  const form = new FormData();
  form.append('file', file, file.name);
  for (const [name, value] of Object.entries(fields)) {
    if (value) {
      form.append(name, value);
    }
  }
  return form;
}

/** A FormData goes as it is: fetch writes the multipart body and its boundary. */
const asForm = (body: unknown) => body as FormData;

export function previewImport(file: File): Promise<ImportPreview> {
  return data(
    activitiesApi.POST('/v1/registration-imports/previews', {
      body: uploadForm(file, {}) as never,
      bodySerializer: asForm,
    }),
  );
}

export function startImport(file: File, mapping: Mapping, activityId: string): Promise<ImportView> {
  return data(
    activitiesApi.POST('/v1/registration-imports', {
      body: uploadForm(file, { mapping: JSON.stringify(mapping), activityId }) as never,
      bodySerializer: asForm,
    }),
  );
}

export function importStatus(id: string): Promise<ImportView> {
  return data(activitiesApi.GET('/v1/registration-imports/{id}', { params: { path: { id } } }));
}

export function importRows(
  id: string,
  query: { outcome?: Outcome; page: number; pageSize: number },
): Promise<components['schemas']['ImportRowList']> {
  return data(activitiesApi.GET('/v1/registration-imports/{id}/rows', { params: { path: { id }, query } }));
}

/** The service's per-row result as a CSV download. */
export function downloadResults(id: string): Promise<void> {
  return download(
    activitiesApi.GET('/v1/registration-imports/{id}/results', {
      params: { path: { id } },
      parseAs: 'blob',
    }),
    `import-${id}-resultaat.csv`,
  );
}

export function isFinished(view: ImportView | undefined): boolean {
  return view?.status === 'completed' || view?.status === 'failed';
}

/**
 * The form's field for a refusal the service names: `mapping.contactEmail` is the mapping's
 * contactEmail select; `file` and `activityId` are fields of their own.
 */
export function formFieldOf(name: string): string {
  return name.replace(/^mapping\./, '');
}
