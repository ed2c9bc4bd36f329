import { useQuery } from '@tanstack/react-query';
import { data, serviceClient } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { components, paths } from '../api/openapi/reporting';
import type { Judgement } from './report/report-model';

/** The reporting service through the portal (/api/reporting/...), typed by its OpenAPI document. */
export const reportingApi = serviceClient<paths>('/api/reporting');

/** The document types the period as an empty object; the service answers its start and end dates. */
export type ProgrammeSummary = Omit<components['schemas']['ProgrammeSummary'], 'period'> & {
  period: { start: string; end: string };
};
export type IndicatorContributions = components['schemas']['IndicatorContributionsView'];
export type ActionContributions = components['schemas']['ActionContributionsView'];
export type Contribution = components['schemas']['ContributionView'];
export type Spending = components['schemas']['SpendingView'];

export type { Judgement };
export type Reason =
  | 'cap-exceeded'
  | 'cap-pace'
  | 'floor-missed'
  | 'floor-out-of-reach'
  | 'floor-pace'
  | 'budget-overrun'
  | 'budget-pace'
  | 'budget-nearly-used';
export type TargetKind = 'at-most' | 'at-least' | 'exactly' | 'between';
export type Measure =
  | 'activities-held'
  | 'participants'
  | 'registrations'
  | 'cost'
  | 'advices-issued'
  | 'knowledge-items-published';
export interface LocalText {
  nl: string;
  en?: string;
}

/**
 * The report's JSON (GET .../reports/{period}[/prestaties/{prestatie}]). The service's document
 * names the formats but not this shape, so it is written here as services/reporting's
 * reports/report.model.ts gives it (the parts the dashboard reads).
 */
export interface IndicatorReport {
  key: string;
  label: LocalText;
  measure: Measure;
  target: { kind: TargetKind; value: number; max?: number };
  actual: number;
  pipeline?: number;
  period: { start: string; end: string };
  status: Judgement;
  reasons: Reason[];
}
export interface BudgetReport {
  amountCents: number;
  reserve?: string;
  spentCents: number;
  committedCents: number;
  status: Judgement;
  reasons: Reason[];
  actions: Array<{ number: number; budgetCents: number; spentCents: number; committedCents: number }>;
}
export interface ActionReport {
  number: number;
  text: LocalText;
  budgetCents?: number;
  realisation?: {
    activities: Array<{ type: string; held: number; participants: number; groups: number }>;
    held: number;
    participants: number;
    groups: number;
    advices: number;
    knowledgeProducts: number;
  };
}
export interface PrestatieReport {
  code: string;
  title: LocalText;
  actions: ActionReport[];
  budget?: BudgetReport;
  indicators: IndicatorReport[];
  status: Judgement;
  explanationRequired: boolean;
  explanation?: LocalText;
}
export interface ProgrammeReport {
  programme: { code: string; title: LocalText; period: { start: string; end: string } };
  period: { id: string; start: string; end: string; label?: LocalText; standPer?: string };
  asOf: string;
  generatedAt: string;
  workflow: { status: 'draft' | 'submitted' | 'approved'; locked: boolean };
  status: Judgement;
  prestaties: PrestatieReport[];
}

/** The parts of a programme's definition (GET /v1/programmes/{code}) the period selector needs. */
export interface ProgrammeDefinition {
  code: string;
  title: LocalText;
  period: { start: string; end: string };
  reportingCalendar: Array<{ key: string; label: LocalText; standPer: string }>;
}

export const reportingKeys = {
  programmes: ['reporting', 'programmes'] as const,
  programme: (code: string) => ['reporting', 'programme', code] as const,
  report: (code: string, period: string) => ['reporting', 'report', code, period] as const,
  prestatieReport: (code: string, period: string, prestatie: string) =>
    ['reporting', 'report', code, period, prestatie] as const,
  spending: (code: string, period: string) => ['reporting', 'spending', code, period] as const,
  indicatorContributions: (code: string, period: string, prestatie: string, key: string) =>
    ['reporting', 'contributions', code, period, prestatie, 'indicator', key] as const,
  actionContributions: (code: string, period: string, prestatie: string, action: number) =>
    ['reporting', 'contributions', code, period, prestatie, 'action', action] as const,
};

export function localText(text: LocalText | undefined, language: 'nl' | 'en'): string {
  return (language === 'en' ? text?.en : undefined) ?? text?.nl ?? '';
}

export function useProgrammes() {
  const { language } = useI18n();
  return useQuery({
    queryKey: [...reportingKeys.programmes, language],
    queryFn: async () =>
      (await data(reportingApi.GET('/v1/programmes', { params: { query: { lang: language } } }))) as unknown as {
        items: ProgrammeSummary[];
      },
  });
}

/** The programme's definition as a query (its key and fetch), for the page and the preload alike. */
export function programmeDefinitionQuery(code: string) {
  return {
    queryKey: reportingKeys.programme(code),
    queryFn: async () =>
      (await data(
        reportingApi.GET('/v1/programmes/{code}', {
          params: { path: { code }, query: { format: 'json' } },
          parseAs: 'json',
        }),
      )) as unknown as ProgrammeDefinition,
    staleTime: 5 * 60_000,
  };
}

export function useProgrammeDefinition(code: string) {
  return useQuery(programmeDefinitionQuery(code));
}

/** The report of a period in JSON (the figures the dashboard draws) as a query, for the page and the preload alike. */
export function reportQuery(code: string, period: string) {
  return {
    queryKey: reportingKeys.report(code, period),
    queryFn: async () =>
      (await data(
        reportingApi.GET('/v1/programmes/{code}/reports/{period}', {
          params: { path: { code, period }, query: { format: 'json' } },
          parseAs: 'json',
        }),
      )) as unknown as ProgrammeReport,
  };
}

export function useReport(code: string, period: string) {
  return useQuery(reportQuery(code, period));
}

/** The period a dashboard address shows (?period=), this year when it names none. */
export function dashboardPeriod(search: string): string {
  return new URLSearchParams(search).get('period') ?? String(new Date().getFullYear());
}

/** One prestatie's page of the report: the figures a drill-down is checked against. */
export function usePrestatieReport(code: string, period: string, prestatie: string) {
  return useQuery({
    queryKey: reportingKeys.prestatieReport(code, period, prestatie),
    queryFn: async () =>
      (await data(
        reportingApi.GET('/v1/programmes/{code}/reports/{period}/prestaties/{prestatie}', {
          params: { path: { code, period, prestatie }, query: { format: 'json' } },
          parseAs: 'json',
        }),
      )) as unknown as ProgrammeReport,
  });
}

/**
 * Every prestatie's burn-up in one request (the dashboard's burn-ups share it), asked for only
 * once one of them nears the screen.
 */
export function useProgrammeSpending(code: string, period: string, enabled = true) {
  return useQuery({
    queryKey: reportingKeys.spending(code, period),
    queryFn: () =>
      data(
        reportingApi.GET('/v1/programmes/{code}/spending', {
          params: { path: { code }, query: { period } },
        }),
      ),
    enabled,
  });
}

export function useIndicatorContributions(code: string, period: string, prestatie: string, key: string) {
  return useQuery({
    queryKey: reportingKeys.indicatorContributions(code, period, prestatie, key),
    queryFn: () =>
      data(
        reportingApi.GET('/v1/programmes/{code}/prestaties/{prestatie}/indicators/{key}/contributions', {
          params: { path: { code, prestatie, key }, query: { period } },
        }),
      ),
  });
}

export function useActionContributions(code: string, period: string, prestatie: string, action: number) {
  return useQuery({
    queryKey: reportingKeys.actionContributions(code, period, prestatie, action),
    queryFn: () =>
      data(
        reportingApi.GET('/v1/programmes/{code}/prestaties/{prestatie}/actions/{action}/contributions', {
          params: { path: { code, prestatie, action }, query: { period } },
        }),
      ),
  });
}

/** Where a drill-down row leads in the portal: the activity's, item's or the advices page. */
export function contributionHref(contribution: Pick<Contribution, 'kind' | 'id'>): string {
  switch (contribution.kind) {
    case 'activity':
      return `/organisers/activities/${contribution.id}`;
    case 'knowledge-item':
      return `/knowledge/items/${contribution.id}`;
    case 'advice':
      return '/knowledge/advices';
  }
}

export function dashboardHref(code: string, period: string): string {
  return `/reporting/programmes/${encodeURIComponent(code)}?period=${encodeURIComponent(period)}`;
}

export function indicatorDrillDownHref(code: string, period: string, prestatie: string, key: string): string {
  return `/reporting/programmes/${encodeURIComponent(code)}/prestaties/${encodeURIComponent(prestatie)}/indicators/${encodeURIComponent(key)}?period=${encodeURIComponent(period)}`;
}

export function actionDrillDownHref(code: string, period: string, prestatie: string, action: number): string {
  return `/reporting/programmes/${encodeURIComponent(code)}/prestaties/${encodeURIComponent(prestatie)}/actions/${action}?period=${encodeURIComponent(period)}`;
}
