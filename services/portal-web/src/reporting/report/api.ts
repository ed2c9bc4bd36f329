import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { data, serviceClient } from '../../api/client';
import type { operations, paths } from '../../api/openapi/reporting';
import type { LocalText, ProgrammeReport, ReportWorkflow, Snapshot } from './report-model';

/** The reporting service through the portal (/api/reporting/...), typed by its OpenAPI document. */
export const reportingApi = serviceClient<paths>('/api/reporting');

export type ReportFormat = NonNullable<
  NonNullable<operations['ReportsController_programme']['parameters']['query']>['format']
>;
/** Every format the service renders (its REPORT_FORMATS); the compiler checks the list is whole. */
export const REPORT_FORMATS = [
  'pdf',
  'html',
  'md',
  'xlsx',
  'csv',
  'json',
] as const satisfies readonly ReportFormat[];
type Missing = Exclude<ReportFormat, (typeof REPORT_FORMATS)[number]>;
const everyFormat: Missing extends never ? true : Missing = true;
void everyFormat;

/** Periods with snapshots (a year, quarter or month); an interim report's calendar key has none. */
export const SNAPSHOT_PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;

export const reportKeys = {
  report: (code: string, period: string) => ['reporting', 'report', code, period] as const,
  snapshots: (code: string, period: string) => ['reporting', 'snapshots', code, period] as const,
};

/** Where a format of the report (or one prestatie's page) is downloaded, through the portal. */
export function reportFileUrl(
  code: string,
  period: string,
  format: ReportFormat,
  language: 'nl' | 'en',
  prestatie?: string,
): string {
  const base = `/api/reporting/programmes/${encodeURIComponent(code)}/reports/${encodeURIComponent(period)}`;
  const path = prestatie ? `${base}/prestaties/${encodeURIComponent(prestatie)}` : base;
  return `${path}?${new URLSearchParams({ format, lang: language }).toString()}`;
}

export function useReport(code: string, period: string) {
  return useQuery({
    queryKey: reportKeys.report(code, period),
    queryFn: async () =>
      (await data(
        reportingApi.GET('/v1/programmes/{code}/reports/{period}', {
          params: { path: { code, period }, query: { format: 'json' } },
        }),
      )) as unknown as ProgrammeReport,
  });
}

export function useSnapshots(code: string, period: string) {
  return useQuery({
    queryKey: reportKeys.snapshots(code, period),
    enabled: SNAPSHOT_PERIOD.test(period),
    queryFn: async () =>
      (
        (await data(
          reportingApi.GET('/v1/programmes/{code}/snapshots', {
            params: { path: { code }, query: { period } },
          }),
        )) as unknown as { items: Snapshot[] }
      ).items,
  });
}

export interface PrestatieDraft {
  explanation: LocalText;
  realisations: Array<{ action: number; nl: string; en?: string }>;
}

/** The page of a prestatie as it will print with the texts being written (nothing is stored). */
export async function previewHtml(
  code: string,
  period: string,
  prestatie: string,
  draft: PrestatieDraft,
  language: 'nl' | 'en',
  signal?: AbortSignal,
): Promise<string> {
  return data(
    reportingApi.POST('/v1/programmes/{code}/reports/{period}/prestaties/{prestatie}/previews', {
      params: { path: { code, period, prestatie }, query: { lang: language, format: 'html' } },
      body: draft,
      parseAs: 'text',
      signal,
    }),
  ) as Promise<string>;
}

/** Stores the explanation and the changed realisation texts of one prestatie. */
export function useSaveTexts(code: string, period: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: {
      prestatie: string;
      explanation?: LocalText;
      realisations: Array<{ action: number; text: LocalText }>;
    }) => {
      if (input.explanation) {
        await data(
          reportingApi.PUT('/v1/programmes/{code}/reports/{period}/explanations/{prestatie}', {
            params: { path: { code, period, prestatie: input.prestatie } },
            body: input.explanation,
          }),
        );
      }
      for (const realisation of input.realisations) {
        await data(
          reportingApi.PUT(
            '/v1/programmes/{code}/reports/{period}/realisations/{prestatie}/actions/{action}',
            {
              params: { path: { code, period, prestatie: input.prestatie, action: realisation.action } },
              body: realisation.text,
            },
          ),
        );
      }
    },
    onSuccess: () => client.invalidateQueries({ queryKey: reportKeys.report(code, period) }),
  });
}

/** Submission, approval or rejection: each answers the report's new workflow state. */
export function useWorkflowStep(code: string, period: string) {
  const client = useQueryClient();
  const path = { params: { path: { code, period } } };
  return useMutation({
    mutationFn: async (
      step: { kind: 'submit' } | { kind: 'approve' } | { kind: 'reject'; reason: string },
    ) => {
      switch (step.kind) {
        case 'submit':
          return data(
            reportingApi.POST('/v1/programmes/{code}/reports/{period}/submission', path),
          ) as unknown;
        case 'approve':
          return data(reportingApi.POST('/v1/programmes/{code}/reports/{period}/approval', path)) as unknown;
        case 'reject':
          return data(
            reportingApi.POST('/v1/programmes/{code}/reports/{period}/rejection', {
              ...path,
              body: { reason: step.reason },
            }),
          ) as unknown as ReportWorkflow;
      }
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['reporting'] }),
  });
}
