import { Module, type DynamicModule } from '@nestjs/common';
import { MailModule, PERSONAL_DATA_HOLDER, PrivacyRequestsController } from '@deelwijs/platform';
import { ReportingConfig } from './config/reporting.config';
import { ContributionsController } from './contributions/contributions.controller';
import { ContributionsRepository } from './contributions/contributions.repository';
import { ContributionsService } from './contributions/contributions.service';
import { DeliveryEventsController } from './delivery/delivery-events.controller';
import { DeliveryController } from './delivery/delivery.controller';
import { DeliveryJobs } from './delivery/delivery.jobs';
import { DeliveryService } from './delivery/delivery.service';
import { WebhookTargets } from './delivery/webhook-targets';
import { PolicyMonitorEventsController } from './policy-monitor/policy-monitor-events.controller';
import { PolicyMonitorRepository } from './policy-monitor/policy-monitor.repository';
import { PolicyMonitorService } from './policy-monitor/policy-monitor.service';
import { PersonalDataAudit } from './privacy/personal-data-audit';
import { PrivacyRepository } from './privacy/privacy.repository';
import { SubjectRequests } from './privacy/subject-requests.service';
import { SubscriptionRepository } from './delivery/subscription.repository';
import type { Thresholds } from './deviations/deviation';
import { IndicatorActualsRepository } from './indicators/indicator-actuals.repository';
import { ProgrammeRepository } from './programmes/programme.repository';
import { ProgrammesController } from './programmes/programmes.controller';
import { ProgrammesService } from './programmes/programmes.service';
import { YamlBodyParser } from './programmes/yaml-body.parser';
import { ProjectionsModule } from './projections/projections.module';
import { DEFAULT_THRESHOLDS, ReportBuilder } from './reports/report.builder';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { SpendingController } from './spending/spending.controller';
import { SpendingRepository } from './spending/spending.repository';
import { SpendingService } from './spending/spending.service';
import { SnapshotJobs } from './snapshots/snapshot.jobs';
import { SnapshotRepository } from './snapshots/snapshot.repository';
import { SnapshotsController } from './snapshots/snapshots.controller';
import { SnapshotsService } from './snapshots/snapshots.service';
import { PeriodReportRepository } from './workflow/period-report.repository';
import { WorkflowController } from './workflow/workflow.controller';
import { WorkflowService } from './workflow/workflow.service';

export function thresholdsFrom(config: ReportingConfig): Thresholds {
  return {
    paceTolerance: config.DEVIATION_PACE_TOLERANCE,
    minElapsed: config.DEVIATION_MIN_ELAPSED,
    budgetTolerance: config.DEVIATION_BUDGET_TOLERANCE,
    budgetWarningRatio: config.DEVIATION_BUDGET_WARNING_RATIO,
  };
}

/**
 * Programmes, reports and their workflow, snapshots and delivery. One module: the features
 * share the report builder and the programme store, and live in their own folders.
 */
@Module({})
export class ReportingModule {
  static forRoot(config: ReportingConfig): DynamicModule {
    return {
      module: ReportingModule,
      imports: [ProjectionsModule, MailModule.forRoot(config)],
      controllers: [
        ProgrammesController,
        ReportsController,
        WorkflowController,
        ContributionsController,
        SpendingController,
        SnapshotsController,
        DeliveryController,
        DeliveryEventsController,
        PolicyMonitorEventsController,
        PrivacyRequestsController,
      ],
      providers: [
        { provide: ReportingConfig, useValue: config },
        { provide: DEFAULT_THRESHOLDS, useValue: thresholdsFrom(config) },
        YamlBodyParser,
        ProgrammeRepository,
        ProgrammesService,
        IndicatorActualsRepository,
        ReportBuilder,
        ReportsService,
        ContributionsRepository,
        ContributionsService,
        SpendingRepository,
        SpendingService,
        PeriodReportRepository,
        WorkflowService,
        SnapshotRepository,
        SnapshotsService,
        SnapshotJobs,
        SubscriptionRepository,
        DeliveryService,
        WebhookTargets,
        DeliveryJobs,
        PolicyMonitorRepository,
        PolicyMonitorService,
        PrivacyRepository,
        PersonalDataAudit,
        SubjectRequests,
        { provide: PERSONAL_DATA_HOLDER, useExisting: SubjectRequests },
      ],
    };
  }
}
