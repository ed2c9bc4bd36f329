import { useMutation, useQuery } from '@tanstack/react-query';
import { data, download, serviceClient } from '../../api/client';
import type { components, ImportField, paths } from '../../api/openapi/registration-imports';

export type ImportPreview = components['schemas']['ImportPreview'];
export type RegistrationImport = components['schemas']['RegistrationImport'];
export type ImportRow = components['schemas']['ImportRow'];
export type { ImportField };

const importsApi = serviceClient<paths>('/api/activities');

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

function fileForm(file: File, extra: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(extra)) {
    form.append(name, value);
  }
  form.append('file', file);
  return form;
}

export function usePreview() {
  return useMutation({
    mutationFn: (file: File) =>
      data(
        importsApi.POST('/v1/registration-imports/previews', {
          body: fileForm(file),
          bodySerializer: (body) => body,
        }),
      ),
  });
}

export function useStartImport() {
  return useMutation({
    mutationFn: (input: {
      file: File;
      mapping: Partial<Record<ImportField, string>>;
      activityId?: string;
      idempotencyKey: string;
    }) =>
      data(
        importsApi.POST('/v1/registration-imports', {
          params: { header: { 'Idempotency-Key': input.idempotencyKey } },
          body: fileForm(input.file, {
            mapping: JSON.stringify(input.mapping),
            ...(input.activityId ? { activityId: input.activityId } : {}),
          }),
          bodySerializer: (body) => body,
        }),
      ),
  });
}

/** The import's progress, asked for every second until it is done. */
export function useImport(id: string | undefined) {
  return useQuery({
    queryKey: ['registration-imports', id],
    enabled: Boolean(id),
    queryFn: () => data(importsApi.GET('/v1/registration-imports/{id}', { params: { path: { id: id! } } })),
    refetchInterval: (query) =>
      query.state.data && ['completed', 'failed'].includes(query.state.data.status) ? false : 1_000,
  });
}

export function useImportRows(
  id: string | undefined,
  done: boolean,
  outcome?: ImportRow['outcome'],
  page = 1,
) {
  return useQuery({
    queryKey: ['registration-imports', id, 'rows', outcome ?? 'all', page],
    enabled: Boolean(id) && done,
    queryFn: () =>
      data(
        importsApi.GET('/v1/registration-imports/{id}/rows', {
          params: { path: { id: id! }, query: { ...(outcome ? { outcome } : {}), page, pageSize: 50 } },
        }),
      ),
  });
}

export function downloadResult(id: string): Promise<void> {
  return download(
    importsApi.GET('/v1/registration-imports/{id}/result.csv', {
      params: { path: { id } },
      parseAs: 'blob',
    }) as Promise<{ data?: Blob; error?: unknown; response: Response }>,
    `aanmeldingen-resultaat-${id}.csv`,
  );
}
