import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { HttpClient, inPool } from './http';
import { ActivityModel, ReferenceBook, type Outcome } from './model';
import { amsterdamIso, planYear, type AdvicePlan, type RegistrationPlan, type YearPlan } from './plan';
import {
  compare,
  expectedActionFigures,
  expectedFigures,
  figuresTable,
  groundTruthTable,
  reportFigures,
  type Figure,
  type ProgrammeDefinition,
  type PublishedItem,
  type ReportFigures,
} from './truth';

export type StaffRole = 'admin' | 'organiser' | 'partner' | 'editor' | 'reporter' | 'approver';

export interface SimulationOptions {
  urls: { activities: string; knowledge: string; reporting: string };
  /** Signs a bearer token the services accept (their AUTH_JWT_SECRET). */
  sign: (subject: string, roles: StaffRole[], organisationId?: string) => string;
  seed: number;
  /** 1: a plausible year (~140 activities, ~1,200 registrations); 0.2: ~30 activities. */
  scale: number;
  /** The seed programme as YAML, imported when the reporting service does not have it yet. */
  programmeYaml?: string;
  programmeCode?: string;
  /**
   * A second programme for the same period holding 7.2.3 too (a revised budget), made from the
   * seed programme when reporting does not have it: part of the 7.2.3 work names it, and neither
   * report may count the other's work. Default `<programmeCode>-herzien`.
   */
  secondProgrammeCode?: string;
  /**
   * The interim report (a key of the seed programme's reporting calendar whose stand-per date has
   * passed) submitted and approved before the year ends; default the calendar's first such
   * entry; null: none.
   */
  interimReport?: string | null;
  /** The report period checked: the programme's year. */
  period?: string;
  /** Requests in flight at once. */
  concurrency?: number;
  /** How long to wait for reporting's projections to catch up. */
  projectionTimeoutMs?: number;
  /** A fresh system: the report must start at zero, and the figures must equal the ground truth exactly. */
  expectEmpty?: boolean;
  log?: (line: string) => void;
  /**
   * Fault suite: awaited before each step of the year (its name), so a test can line faults up
   * with the traffic they should meet, or hold the year until they are over.
   */
  beforePhase?: (phase: string) => Promise<void> | void;
  /**
   * Fault suite: retry "not now" answers (5xx, an Idempotency-Key still in flight) up to this
   * long, and send every single registration with an Idempotency-Key, so that a request cut
   * off by a crash can be sent again without registering anyone twice.
   */
  faultTolerantMs?: number;
  /**
   * At the end, let the knowledge service compute the year's network (the policy monitor) and
   * wait until its figures are in 9.1.6's report: the demo does, so its page shows a network.
   */
  computeNetwork?: boolean;
}

/** A registration the service acknowledged (201, or accepted/waitlisted in a bulk answer). */
export interface AcknowledgedRegistration {
  registrationId: string;
  activityId: string;
  channel: 'bulk' | 'single';
  /** When the answer arrived (ms since the epoch). */
  at: number;
}

export interface SimulationResult {
  ok: boolean;
  runTag: string;
  plan: { seed: number; scale: number; activities: number; registrations: number; advices: number };
  /** What was sent and what the service answered, by kind. */
  counts: Record<string, number>;
  figures: Figure[];
  mismatches: Figure[];
  /** Anything else that went against the ground truth: an answer other than predicted, a stored figure. */
  problems: string[];
  groundTruth: string;
  figuresTable: string;
  markdown: string;
  reportUrl: string;
  durationMs: number;
  /** Every registration the service acknowledged, as the simulator recorded it. */
  acknowledged: AcknowledgedRegistration[];
  /** The ids of the activities the simulator created. */
  activityIds: string[];
}

const DAY_MS = 86_400_000;

/**
 * Runs a year of the programme against the three services' public HTTP APIs only, keeping its
 * own account of what happened, and checks the progress report against that account.
 */
export async function simulateYear(options: SimulationOptions): Promise<SimulationResult> {
  return new Simulation(options).run();
}

class Simulation {
  private readonly activities: HttpClient;
  private readonly knowledge: HttpClient;
  private readonly reporting: HttpClient;
  private readonly log: (line: string) => void;
  private readonly runTag = `sim-${Date.now().toString(36)}-${randomUUID().slice(0, 4)}`;
  private readonly concurrency: number;
  private readonly programmeCode: string;
  private readonly secondProgrammeCode: string;
  private readonly period: string;
  /** The advices with the programme each names (none for last year's advice: no programme holds its day). */
  private readonly advices: Array<AdvicePlan & { programmeCode?: string }>;
  private readonly now = new Date();
  private readonly plan: YearPlan;
  private readonly models: ActivityModel[];
  /** Partners are new organisations each run, so their references never meet an earlier run's. */
  private readonly prodemos = randomUUID();
  private readonly schools: string[];
  private readonly references = new ReferenceBook();
  private readonly registrationIds = new Map<number, string>();
  private readonly problems: string[] = [];
  private readonly counts: Record<string, number> = {};
  private readonly tokens = new Map<string, string>();
  private readonly published: PublishedItem[] = [];
  private readonly acknowledged: AcknowledgedRegistration[] = [];

  constructor(private readonly options: SimulationOptions) {
    this.activities = new HttpClient(options.urls.activities, 30_000, options.faultTolerantMs);
    this.knowledge = new HttpClient(options.urls.knowledge, 30_000, options.faultTolerantMs);
    this.reporting = new HttpClient(options.urls.reporting, 30_000, options.faultTolerantMs);
    this.log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
    this.concurrency = options.concurrency ?? 4;
    this.programmeCode = options.programmeCode ?? 'overijssel-2026';
    this.secondProgrammeCode = options.secondProgrammeCode ?? `${this.programmeCode}-herzien`;
    this.period = options.period ?? '2026';
    this.plan = planYear({
      seed: options.seed,
      scale: options.scale,
      now: this.now,
      year: Number(this.period.slice(0, 4)),
    });
    // A quarter of 7.2.3's activities and every third 7.2.3 advice go to the second programme.
    this.models = this.plan.activities.map(
      (activity) =>
        new ActivityModel(
          activity,
          activity.prestatieCode === '7.2.3' && activity.key % 4 === 1
            ? this.secondProgrammeCode
            : this.programmeCode,
        ),
    );
    const year = String(this.plan.year);
    this.advices = this.plan.advices.map((advice) => {
      const inYear = advice.issuedAt.getUTCFullYear() === this.plan.year && this.period.startsWith(year);
      const second = advice.prestatieCodes.every((code) => code === '7.2.3') && advice.key % 3 === 2;
      return {
        ...advice,
        ...(inYear ? { programmeCode: second ? this.secondProgrammeCode : this.programmeCode } : {}),
      };
    });
    this.schools = this.plan.schools.map(() => randomUUID());
  }

  async run(): Promise<SimulationResult> {
    const started = Date.now();
    const { plan } = this;
    this.log(
      `Simulating ${plan.year} (seed ${plan.seed}, scale ${plan.scale}, run ${this.runTag}): ${plan.activities.length} activities, ` +
        `${plan.registrations.length} registrations, ${plan.advices.length} advices`,
    );
    const programme = await this.programme();
    const second = await this.secondProgramme();
    const baseline = reportFigures(await this.report());
    const secondBaseline = reportFigures(await this.report(this.secondProgrammeCode));
    if (this.options.expectEmpty) {
      for (const [code, figures] of [
        [this.programmeCode, baseline],
        [this.secondProgrammeCode, secondBaseline],
      ] as const) {
        for (const [name, value] of figures) {
          if (value !== 0) {
            this.problem(`the fresh system's report of ${code} already shows ${name} = ${value}`);
          }
        }
      }
    }
    const phase = async (name: string, step: () => Promise<void>) => {
      await this.options.beforePhase?.(name);
      await step();
    };
    await phase('create activities', () => this.createActivities());
    await phase('bulk registrations', () => this.registerInBulk());
    await phase('single registrations', () => this.registerOneByOne());
    await phase('cancel registrations', () => this.cancelRegistrations());
    await phase('move activities', () => this.moveActivities());
    await phase('cancel activities', () => this.cancelActivities());
    await phase('late registrations', () => this.registerLate());
    await phase('hold and close', () => this.holdAndClose());
    await phase('issue advices', () => this.issueAdvices());
    await phase('publish knowledge', () => this.publishKnowledge());
    await phase('verify activities', () => this.verifyActivities());
    await this.options.beforePhase?.('await report');
    // As of now: knowledge items were published moments ago, and the report counts up to its request.
    const asOf = new Date();
    const expected = [
      ...expectedFigures(programme, this.models, this.advices, this.published, asOf, baseline),
      ...expectedActionFigures(programme, this.models, asOf, baseline),
    ];
    // The second programme's figures are named after it: "overijssel-2026-herzien 7.2.3 costs".
    const prefix = `${this.secondProgrammeCode} `;
    const secondExpected = [
      ...expectedFigures(second, this.models, this.advices, this.published, asOf, secondBaseline),
      ...expectedActionFigures(second, this.models, asOf, secondBaseline),
    ].map((figure) => ({ ...figure, name: prefix + figure.name }));
    const own = await this.awaitReport(expected);
    const other = await this.awaitReport(secondExpected, this.secondProgrammeCode, prefix);
    const figures = [...own.figures, ...other.figures];
    const mismatches = [...own.mismatches, ...other.mismatches];
    await phase('drill down', async () => {
      await this.drillDown(programme, own.figures, '');
      await this.drillDown(second, other.figures, prefix);
    });
    if (this.options.interimReport !== null && this.period === String(this.plan.year)) {
      await phase('interim report', () => this.interimReport(programme));
    }
    if (this.options.computeNetwork) {
      await phase('policy monitor', () => this.computeNetwork(programme));
    }
    const markdown = await this.markdown(own.figures);
    const result: SimulationResult = {
      ok: mismatches.length === 0 && this.problems.length === 0,
      runTag: this.runTag,
      plan: {
        seed: plan.seed,
        scale: plan.scale,
        activities: plan.activities.length,
        registrations: plan.registrations.length,
        advices: plan.advices.length,
      },
      counts: this.counts,
      figures,
      mismatches,
      problems: this.problems,
      groundTruth: groundTruthTable(this.models),
      figuresTable: figuresTable(figures),
      markdown,
      reportUrl: `${this.options.urls.reporting}/v1/programmes/${this.programmeCode}/reports/${this.period}`,
      durationMs: Date.now() - started,
      acknowledged: this.acknowledged,
      activityIds: this.models.flatMap((model) => (model.id ? [model.id] : [])),
    };
    return result;
  }

  // --- tokens -------------------------------------------------------------------------------

  private token(roles: StaffRole[], organisationId?: string): string {
    const key = `${roles.join(',')}|${organisationId ?? ''}`;
    let token = this.tokens.get(key);
    if (!token) {
      // One subject per run: idempotency keys are scoped to the caller, so runs never share one.
      token = this.options.sign(`simulator-${this.runTag}`, roles, organisationId);
      this.tokens.set(key, token);
    }
    return token;
  }

  private registrantToken(registration: RegistrationPlan): string {
    switch (registration.registrant.kind) {
      case 'prodemos':
        return this.token(['partner'], this.prodemos);
      case 'school':
        return this.token(['partner'], this.schools[registration.registrant.school]);
      case 'organiser':
        return this.token(['organiser']);
    }
  }

  private partnerOf(registration: RegistrationPlan): string | undefined {
    const { registrant } = registration;
    return registrant.kind === 'prodemos'
      ? this.prodemos
      : registrant.kind === 'school'
        ? this.schools[registrant.school]
        : undefined;
  }

  // --- steps --------------------------------------------------------------------------------

  /** The programme the report is of; the seed programme is imported when reporting has none. */
  private async programme(): Promise<ProgrammeDefinition> {
    const route = `/v1/programmes/${this.programmeCode}`;
    const existing = await this.reporting.send('GET', `${route}?format=json`, {
      token: this.token(['reporter']),
    });
    if (existing.status === 404) {
      if (!this.options.programmeYaml) {
        throw new Error(
          `reporting has no programme ${this.programmeCode}, and no programme YAML was given to import`,
        );
      }
      await this.reporting.expect([200, 201], 'PUT', route, {
        token: this.token(['admin']),
        raw: this.options.programmeYaml,
        headers: { 'content-type': 'application/yaml' },
      });
      this.log(`Imported programme ${this.programmeCode}.`);
    } else if (existing.status !== 200) {
      throw new Error(`GET ${route} answered ${existing.status}: ${existing.text.slice(0, 300)}`);
    }
    const answer = await this.reporting.send('GET', `${route}?format=json`, {
      token: this.token(['reporter']),
    });
    return typeof answer.body === 'string' ? JSON.parse(answer.body) : answer.body;
  }

  /**
   * The second programme: taken from the seed programme's own export, with another code, not the
   * default of the period, holding only 7.2.3 (with the same indicators and actions).
   */
  private async secondProgramme(): Promise<ProgrammeDefinition> {
    const route = `/v1/programmes/${this.secondProgrammeCode}`;
    const existing = await this.reporting.send('GET', `${route}?format=json`, {
      token: this.token(['reporter']),
    });
    if (existing.status === 404) {
      const exported = await this.reporting.send('GET', `/v1/programmes/${this.programmeCode}?format=yaml`, {
        token: this.token(['reporter']),
        headers: { accept: 'application/yaml' },
      });
      if (exported.status !== 200) {
        throw new Error(
          `exporting ${this.programmeCode} answered ${exported.status}: ${exported.text.slice(0, 300)}`,
        );
      }
      const definition = parseYaml(exported.text);
      definition.code = this.secondProgrammeCode;
      definition.title = { nl: `${definition.title?.nl ?? this.programmeCode} (herziene begroting)` };
      definition.isDefaultForPeriod = false;
      delete definition.reportingCalendar;
      definition.prestaties = definition.prestaties.filter(
        (prestatie: { code: string }) => prestatie.code === '7.2.3',
      );
      await this.reporting.expect([200, 201], 'PUT', route, {
        token: this.token(['admin']),
        raw: stringifyYaml(definition),
        headers: { 'content-type': 'application/yaml' },
      });
      this.log(`Imported programme ${this.secondProgrammeCode} (7.2.3 for the same period).`);
    } else if (existing.status !== 200) {
      throw new Error(`GET ${route} answered ${existing.status}: ${existing.text.slice(0, 300)}`);
    }
    const answer = await this.reporting.expect(200, 'GET', `${route}?format=json`, {
      token: this.token(['reporter']),
    });
    return typeof answer === 'string' ? JSON.parse(answer) : answer;
  }

  private async report(code = this.programmeCode, period = this.period): Promise<any> {
    return this.reporting.expect(200, 'GET', `/v1/programmes/${code}/reports/${period}?format=json`, {
      token: this.token(['reporter']),
    });
  }

  /**
   * Every activity is first scheduled in the near future, so that it can take registrations
   * (the service closes registration at the start); it is moved to its real date afterwards.
   */
  private async createActivities(): Promise<void> {
    const progress = this.progress('activities created', this.models.length);
    const firstStart = this.now.getTime() + 10 * DAY_MS;
    const create = async (model: ActivityModel) => {
      const { plan } = model;
      const startsAt = new Date(firstStart + plan.key * 15 * 60_000);
      const partners = [
        ...(plan.prodemos ? [this.prodemos] : []),
        ...(plan.school !== undefined ? [this.schools[plan.school]] : []),
      ];
      const created = await this.namingProgramme(this.activities, '/v1/activities', {
        token: this.token(['organiser']),
        body: {
          type: plan.type,
          title: { nl: plan.title },
          description: { nl: `Gesimuleerd jaar ${this.plan.year} (${this.runTag}).` },
          programmeCode: model.programmeCode,
          prestatieCode: plan.prestatieCode,
          actionNumber: plan.actionNumber,
          organiserEmail: 'organisator@overijssel.example',
          partnerOrganisationIds: partners,
          // School activities are for their own school (and ProDemos); the rest for every partner.
          openToAllPartners: plan.locationCategory !== 'school',
          venue: {
            name: plan.venue,
            address: `${plan.venue}, ${plan.municipality}`,
            municipality: plan.municipality,
          },
          locationCategory: plan.locationCategory,
          startsAt: amsterdamIso(startsAt),
          endsAt: amsterdamIso(new Date(startsAt.getTime() + plan.durationMinutes * 60_000)),
          ...(plan.capacity !== null ? { capacity: plan.capacity } : {}),
          capacityUnit: plan.capacityUnit,
          plannedCostCents: plan.plannedCostCents,
          publish: !plan.draftFirst,
        },
      });
      model.id = created.id;
      model.startsAt = startsAt;
      if (plan.draftFirst) {
        await this.activities.expect(200, 'POST', `/v1/activities/${model.id}/publication`, {
          token: this.token(['organiser']),
        });
      }
      model.status = 'published';
      this.count('activities created');
      progress.tick();
    };
    // One activity of each programme first: the first waits until activities has learnt the
    // programme from reporting's event; the rest then go in parallel.
    const first = [this.programmeCode, this.secondProgrammeCode].flatMap((code) => {
      const found = this.models.find((model) => model.programmeCode === code);
      return found ? [found] : [];
    });
    for (const model of first) {
      await create(model);
    }
    await inPool(
      this.models.filter((model) => !first.includes(model)),
      this.concurrency,
      create,
    );
    progress.done();
  }

  /**
   * A write that names a programme: reporting publishes a programme through its outbox, so the
   * activities and knowledge services learn it moments after the import. Until then the write
   * is refused with 422 naming programmeCode; it is sent again until the projection deadline.
   */
  private async namingProgramme(
    client: HttpClient,
    route: string,
    options: { token: string; body: Record<string, unknown> },
  ): Promise<any> {
    const deadline = Date.now() + (this.options.projectionTimeoutMs ?? 60_000);
    for (;;) {
      const answer = await client.send('POST', route, options);
      const unknownProgramme = answer.status === 422 && answer.text.includes('programmeCode');
      if (!unknownProgramme || Date.now() > deadline) {
        if (answer.status !== 201) {
          throw new Error(
            `POST ${route} answered ${answer.status} (expected 201): ${answer.text.slice(0, 600)}`,
          );
        }
        return answer.body;
      }
      this.count('writes waiting for a programme to arrive');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /**
   * ProDemos publishes its registrations in batches. One batch is first sent in strict mode
   * with a reference already used (refused whole, nothing written), some are sent twice with
   * one Idempotency-Key as if the first answer got lost, and some items are duplicates or broken.
   */
  private async registerInBulk(): Promise<void> {
    const items = this.plan.registrations.filter((registration) => registration.channel === 'bulk');
    const size = Math.max(20, Math.min(250, Math.ceil(items.length / 8)));
    const batches: RegistrationPlan[][] = [];
    for (let index = 0; index < items.length; index += size) {
      batches.push(items.slice(index, index + size));
    }
    const progress = this.progress('bulk registrations', items.length);
    for (const [index, batch] of batches.entries()) {
      if (index === 1) {
        await this.strictRefusal(batch, batches[0]);
      }
      await this.sendBatch(batch, `${this.runTag}-bulk-${index}`, index % 3 === 0);
      progress.tick(batch.length);
    }
    progress.done();
  }

  private async strictRefusal(batch: RegistrationPlan[], earlier: RegistrationPlan[]): Promise<void> {
    const used = earlier.find(
      (registration) =>
        registration.externalReference && !registration.invalid && this.registrationIds.has(registration.key),
    );
    if (!used) {
      return;
    }
    const answer = await this.activities.send('POST', '/v1/registrations/bulk', {
      token: this.token(['partner'], this.prodemos),
      body: { strict: true, items: [...batch, used].map((registration) => this.item(registration)) },
    });
    this.count('strict bulk requests refused');
    if (answer.status !== 409) {
      this.problem(
        `a strict bulk request with a duplicate answered ${answer.status}, not 409: ${answer.text.slice(0, 200)}`,
      );
    }
  }

  private async sendBatch(batch: RegistrationPlan[], key: string, resend: boolean): Promise<void> {
    const predicted = batch.map((registration) => this.predict(registration));
    const body = { items: batch.map((registration) => this.item(registration)) };
    const send = () =>
      this.activities.send('POST', '/v1/registrations/bulk', {
        token: this.token(['partner'], this.prodemos),
        body,
        headers: { 'idempotency-key': key },
      });
    const first = await send();
    if (first.status !== 200) {
      throw new Error(`bulk registration answered ${first.status}: ${first.text.slice(0, 500)}`);
    }
    if (resend) {
      const again = await send();
      this.count('bulk requests retried with the same Idempotency-Key');
      if (again.status !== 200 || !isDeepStrictEqual(again.body, first.body)) {
        this.problem(
          `a bulk retry with Idempotency-Key ${key} answered differently (${again.status}) from the first request`,
        );
      }
    }
    first.body.items.forEach(
      (answer: { outcome: Outcome; registrationId?: string; reason?: string }, index: number) => {
        const registration = batch[index];
        this.count(`bulk ${answer.outcome}`);
        if (answer.outcome !== predicted[index]) {
          this.problem(
            `bulk item ${registration.externalReference}: predicted ${predicted[index]}, answered ${answer.outcome} ${answer.reason ?? ''}`,
          );
        }
        if ((answer.outcome === 'accepted' || answer.outcome === 'waitlisted') && answer.registrationId) {
          this.registrationIds.set(registration.key, answer.registrationId);
          this.acknowledged.push({
            registrationId: answer.registrationId,
            activityId: this.models[registration.activityKey].id!,
            channel: 'bulk',
            at: Date.now(),
          });
        }
      },
    );
  }

  /**
   * Schools register their classes and organisers their individuals one by one, each
   * activity's registrations in order (the waiting list depends on it), activities in parallel.
   */
  private async registerOneByOne(): Promise<void> {
    const singles = this.plan.registrations.filter((registration) => registration.channel === 'single');
    const byActivity = groupBy(singles, (registration) => registration.activityKey);
    const progress = this.progress('single registrations', singles.length);
    await inPool([...byActivity.values()], this.concurrency, async (registrations) => {
      for (const registration of registrations) {
        await this.registerOne(registration);
        progress.tick();
      }
    });
    progress.done();
  }

  private async registerOne(registration: RegistrationPlan): Promise<void> {
    const model = this.models[registration.activityKey];
    const predicted = this.predict(registration);
    // The activity is in the path of a single registration, not in its body.
    const body = this.item(registration);
    delete body.activityId;
    const headers: Record<string, string> =
      registration.retried || this.options.faultTolerantMs !== undefined
        ? { 'idempotency-key': `${this.runTag}-single-${registration.key}` }
        : {};
    const send = () =>
      this.activities.send('POST', `/v1/activities/${model.id}/registrations`, {
        token: this.registrantToken(registration),
        body,
        headers,
      });
    const answer = await send();
    if (registration.retried) {
      const again = await send();
      this.count('single requests retried with the same Idempotency-Key');
      if (again.status !== answer.status || !isDeepStrictEqual(again.body, answer.body)) {
        this.problem(
          `a retry of registration ${registration.key} with its Idempotency-Key answered ${again.status}, the first ${answer.status}`,
        );
      }
    }
    const outcome: Outcome =
      answer.status === 201
        ? answer.body.status
        : answer.status === 409 && /already registered/.test(answer.text)
          ? 'duplicate'
          : 'rejected';
    this.count(`single ${outcome}`);
    if (outcome !== predicted) {
      this.problem(
        `registration ${registration.key} for activity ${model.id}: predicted ${predicted}, answered ${answer.status} ${answer.text.slice(0, 200)}`,
      );
    }
    if (answer.status === 201) {
      this.registrationIds.set(registration.key, answer.body.id);
      this.acknowledged.push({
        registrationId: answer.body.id,
        activityId: model.id!,
        channel: 'single',
        at: Date.now(),
      });
    } else if (answer.status >= 500) {
      throw new Error(`registration answered ${answer.status}: ${answer.text.slice(0, 500)}`);
    }
  }

  /** Partners cancel some registrations before the deadline; waiting classes move up. */
  private async cancelRegistrations(): Promise<void> {
    const cancelling = this.plan.registrations.filter(
      (registration) =>
        registration.cancelLater && this.registrationIds.has(registration.key) && !registration.duplicateOf,
    );
    const byActivity = groupBy(cancelling, (registration) => registration.activityKey);
    const progress = this.progress('registrations cancelled', cancelling.length);
    await inPool([...byActivity.values()], this.concurrency, async (registrations) => {
      for (const registration of registrations) {
        await this.activities.expect(
          200,
          'POST',
          `/v1/registrations/${this.registrationIds.get(registration.key)}/cancellation`,
          {
            token: this.registrantToken(registration),
          },
        );
        this.models[registration.activityKey].cancelRegistration(registration.key);
        this.count('registrations cancelled');
        progress.tick();
      }
    });
    progress.done();
  }

  /**
   * Each activity goes to the date it was planned for; those the organiser moved go there
   * first and then to their new date.
   */
  private async moveActivities(): Promise<void> {
    const progress = this.progress('activities moved to their dates', this.models.length);
    await inPool(this.models, this.concurrency, async (model) => {
      const { plan } = model;
      const dates =
        plan.finalStart.getTime() === plan.plannedStart.getTime()
          ? [plan.plannedStart]
          : [plan.plannedStart, plan.finalStart];
      for (const startsAt of dates) {
        await this.activities.expect(200, 'POST', `/v1/activities/${model.id}/reschedulings`, {
          token: this.token(['organiser']),
          body: {
            startsAt: amsterdamIso(startsAt),
            endsAt: amsterdamIso(new Date(startsAt.getTime() + plan.durationMinutes * 60_000)),
            // The simulated year lies in the past: a move there needs a reason (audited).
            reason: 'Jaarsimulatie: op de geplande datum gezet',
          },
        });
        model.startsAt = startsAt;
      }
      this.count(dates.length > 1 ? 'activities moved by the organiser' : 'activities put on their date');
      progress.tick();
    });
    progress.done();
  }

  private async cancelActivities(): Promise<void> {
    const cancelled = this.models.filter((model) => model.plan.fate === 'cancelled');
    const progress = this.progress('activities cancelled', cancelled.length);
    await inPool(cancelled, this.concurrency, async (model) => {
      await this.activities.expect(200, 'POST', `/v1/activities/${model.id}/cancellation`, {
        token: this.token(['organiser']),
        body: { reason: 'Te weinig aanmeldingen' },
      });
      model.cancel();
      this.count('activities cancelled');
      progress.tick();
    });
    progress.done();
  }

  /** Registrations that arrive too late: for cancelled activities and ones already past. */
  private async registerLate(): Promise<void> {
    const late = this.models
      .filter(
        (model) => model.plan.prodemos && (model.status === 'cancelled' || model.plan.finalStart < this.now),
      )
      .slice(0, 4)
      .map((model, index): RegistrationPlan => ({
        key: this.plan.registrations.length + index,
        activityKey: model.plan.key,
        registrant: { kind: 'prodemos' },
        channel: 'bulk',
        kind: 'individual',
        headcount: 1,
        contactName: 'Laat Aangemeld',
        contactEmail: 'laat@deelnemer.example',
        externalReference: `PD-late-${index}`,
        retried: false,
        cancelLater: false,
        checkIn: false,
      }));
    if (late.length > 0) {
      // The model predicts "rejected": the activity is cancelled, or has started.
      await this.sendBatch(late, `${this.runTag}-late`, false);
    }
  }

  /** Attendance, held, then the close-out with actual cost, participants and lessons learned. */
  private async holdAndClose(): Promise<void> {
    // Every other close-out with typed participants is entered after the fact, a paper list the
    // next day: one request with the outcomes of many activities (POST /v1/activities/outcomes).
    const afterTheFact = this.models.filter(
      (model) =>
        model.plan.fate === 'closed' && !model.plan.participantsFromCheckIns && model.plan.key % 2 === 0,
    );
    const taking = this.models.filter(
      (model) =>
        (model.plan.fate === 'closed' || model.plan.fate === 'held') && !afterTheFact.includes(model),
    );
    const progress = this.progress('activities held and closed', taking.length + afterTheFact.length);
    const organiser = this.token(['organiser']);
    await this.recordOutcomes(afterTheFact);
    progress.tick(afterTheFact.length);
    await inPool(taking, this.concurrency, async (model) => {
      const { plan } = model;
      if (plan.fate === 'closed' && plan.participantsFromCheckIns) {
        for (const held of model.accepted) {
          if (this.plan.registrations[held.key].checkIn) {
            await this.activities.expect(
              200,
              'POST',
              `/v1/activities/${model.id}/registrations/${this.registrationIds.get(held.key)}/attendance`,
              {
                token: organiser,
              },
            );
            held.checkedIn = true;
            this.count('check-ins');
          }
        }
      }
      await this.activities.expect(200, 'POST', `/v1/activities/${model.id}/held-confirmation`, { token: organiser });
      model.status = 'held';
      model.participants = model.checkedInHeadcount;
      this.count('activities held');
      if (plan.fate === 'closed') {
        const participants = plan.participantsFromCheckIns ? undefined : plan.typedParticipants;
        await this.activities.expect(200, 'POST', `/v1/activities/${model.id}/closure`, {
          token: organiser,
          body: {
            ...(participants !== undefined ? { participants } : {}),
            actualCostCents: plan.actualCostCents,
            ...(plan.lessons
              ? {
                  lessons: {
                    whatWorked: `${plan.title}: het rollenspel en de stemming aan het eind werkten goed.`,
                    whatToChange: 'Meer tijd voor vragen; de zaal eerder open.',
                    followUp: 'Vervolgles in het voorjaar met dezelfde school.',
                  },
                }
              : {}),
          },
        });
        model.status = 'closed';
        model.participants = participants ?? model.checkedInHeadcount;
        this.count('activities closed');
        if (plan.lessons) {
          this.count('lessons learned recorded');
        }
      }
      progress.tick();
    });
    progress.done();
  }

  private async recordOutcomes(models: ActivityModel[]): Promise<void> {
    if (models.length === 0) {
      return;
    }
    const answer = await this.activities.expect(200, 'POST', '/v1/activities/outcomes', {
      token: this.token(['organiser']),
      body: {
        items: models.map((model) => ({
          activityId: model.id,
          held: true,
          participants: model.plan.typedParticipants,
          actualCostCents: model.plan.actualCostCents,
          ...(model.plan.lessons
            ? {
                lessons: {
                  whatWorked: `${model.plan.title}: achteraf ingevoerd van de papieren lijst.`,
                  whatToChange: 'De presentielijst meteen digitaal bijhouden.',
                  followUp: 'Vervolgles in het voorjaar met dezelfde school.',
                },
              }
            : {}),
        })),
      },
    });
    for (const [index, model] of models.entries()) {
      const result = answer.items[index];
      if (result?.outcome !== 'closed' || result.activityId !== model.id) {
        this.problem(
          `outcome of activity ${model.id} recorded after the fact answered ${JSON.stringify(result)}`,
        );
        continue;
      }
      model.status = 'closed';
      model.participants = model.plan.typedParticipants;
      this.count('activities closed');
      this.count('activities recorded after the fact');
      if (model.plan.lessons) {
        this.count('lessons learned recorded');
      }
    }
  }

  private async issueAdvices(): Promise<void> {
    const progress = this.progress('advices issued', this.plan.advices.length);
    const editor = this.token(['editor']);
    for (const advice of this.advices) {
      const issued = await this.namingProgramme(this.knowledge, '/v1/advices', {
        token: editor,
        body: {
          ...(advice.programmeCode ? { programmeCode: advice.programmeCode } : {}),
          title: advice.title,
          summary: `Gesimuleerd advies (${this.runTag}).`,
          adviser: advice.adviser,
          solicited: advice.solicited,
          prestatieCodes: advice.prestatieCodes,
          ...(advice.actions ? { actions: advice.actions } : {}),
          issuedAt: amsterdamIso(advice.issuedAt),
        },
      });
      this.count('advices issued');
      if (advice.programmeCode === this.secondProgrammeCode) {
        this.count('advices issued in the second programme');
      }
      if (advice.answered) {
        const answeredAt = new Date(
          Math.min(advice.issuedAt.getTime() + 21 * DAY_MS, this.now.getTime() - 3_600_000),
        );
        await this.knowledge.expect(200, 'POST', `/v1/advices/${issued.adviceId}/answer`, {
          token: editor,
          body: {
            outcome: 'partly-adopted',
            response: 'De provincie neemt het advies deels over.',
            answeredAt: amsterdamIso(answeredAt),
          },
        });
        this.count('advices answered');
      }
      progress.tick();
    }
    progress.done();
  }

  /**
   * Editors publish knowledge products: the lessons learned of 9.1.6 sessions (which the
   * knowledge service made into internal drafts from the close-out events) and a few reports;
   * one 7.2.3 lesson and one unpublished draft must not count toward 9.1.6.
   */
  private async publishKnowledge(): Promise<void> {
    const editor = this.token(['editor']);
    const lessons = [
      ...this.models.filter(
        (model) => model.status === 'closed' && model.plan.lessons && model.plan.prestatieCode === '9.1.6',
      ),
      ...this.models
        .filter(
          (model) => model.status === 'closed' && model.plan.lessons && model.plan.prestatieCode === '7.2.3',
        )
        .slice(0, 1),
    ];
    const reports = Math.max(2, Math.round(5 * this.plan.scale));
    const progress = this.progress('knowledge items published', lessons.length + reports + 1);
    await inPool(lessons, this.concurrency, async (model) => {
      // The draft arrives through the ACTIVITIES stream; wait for it with a deadline.
      const deadline = Date.now() + (this.options.projectionTimeoutMs ?? 60_000);
      let draft: { itemId: string; version: number } | undefined;
      while (!draft) {
        const page = await this.knowledge.expect(
          200,
          'GET',
          `/v1/knowledge-items?activityId=${model.id}&kind=lesson-learned`,
          { token: editor },
        );
        draft = page.items[0];
        if (!draft) {
          if (Date.now() > deadline) {
            this.problem(`no lesson-learned draft appeared in knowledge for activity ${model.id}`);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
      await this.knowledge.expect(200, 'POST', `/v1/knowledge-items/${draft.itemId}/status-changes`, {
        token: editor,
        body: { status: 'published', expectedVersion: draft.version },
      });
      this.published.push({
        // The draft belongs to the programme of the activity it was made from.
        programmeCode: model.programmeCode,
        kind: 'lesson-learned',
        prestatieCodes: [model.plan.prestatieCode],
        publishedAt: new Date(),
      });
      this.count('lessons learned published');
      progress.tick();
    });
    const products = [
      ...Array.from({ length: reports }, (_, index) => ({
        prestatie: '9.1.6',
        kind: ['report', 'method', 'article'][index % 3],
        publish: true,
      })),
      { prestatie: '9.1.6', kind: 'report', publish: false },
    ];
    for (const [index, product] of products.entries()) {
      const item = await this.knowledge.expect(201, 'POST', '/v1/knowledge-items', {
        token: editor,
        body: {
          kind: product.kind,
          title: `${product.kind === 'method' ? 'Methode' : 'Opbrengsten'} sociale kwaliteit ${this.plan.year}, deel ${index + 1}`,
          summary: `Gesimuleerd kennisproduct (${this.runTag}).`,
          body: 'Wat we leerden van de **kennisateliers** en leerbijeenkomsten.',
          language: 'nl',
          visibility: 'public',
          programmeCode: this.programmeCode,
          prestatieCodes: [product.prestatie],
          actions: [{ prestatieCode: product.prestatie, number: 1 }],
        },
      });
      if (product.publish) {
        await this.knowledge.expect(200, 'POST', `/v1/knowledge-items/${item.itemId}/status-changes`, {
          token: editor,
          body: { status: 'published', expectedVersion: item.version },
        });
        this.published.push({
          programmeCode: this.programmeCode,
          kind: product.kind,
          prestatieCodes: [product.prestatie],
          publishedAt: new Date(),
        });
        this.count('knowledge products published');
      } else {
        this.count('knowledge products left as draft');
      }
      progress.tick();
    }
    progress.done();
  }

  /** The activities service stored what the simulator did: status, date, places, figures. */
  private async verifyActivities(): Promise<void> {
    const progress = this.progress('activities verified', this.models.length);
    await inPool(this.models, this.concurrency, async (model) => {
      const stored = await this.activities.expect(200, 'GET', `/v1/activities/${model.id}`, {
        token: this.token(['organiser']),
      });
      const expected = {
        status: model.status,
        startsAt: model.plan.finalStart.getTime(),
        placesTaken: model.placesTaken,
        participants: model.status === 'closed' ? model.participants : null,
        actualCostCents: model.status === 'closed' ? model.plan.actualCostCents : null,
      };
      const actual = {
        status: stored.status,
        startsAt: new Date(stored.startsAt).getTime(),
        placesTaken: stored.placesTaken,
        participants: stored.participants,
        actualCostCents: stored.actualCostCents,
      };
      if (!isDeepStrictEqual(actual, expected)) {
        this.problem(
          `activity ${model.id} (${model.plan.title}) is stored as ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
        );
      }
      progress.tick();
    });
    progress.done();
  }

  /** Polls the report until its figures equal the ground truth or the deadline passes. */
  private async awaitReport(
    expected: Figure[],
    code = this.programmeCode,
    prefix = '',
  ): Promise<{ figures: Figure[]; mismatches: Figure[] }> {
    const timeoutMs = this.options.projectionTimeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    let lastLog = 0;
    for (;;) {
      const result = compare(expected, prefixed(reportFigures(await this.report(code)), prefix));
      if (result.mismatches.length === 0 || Date.now() > deadline) {
        this.log(
          result.mismatches.length === 0
            ? `Report of ${code}: all ${expected.length} figures equal the ground truth.`
            : `Report of ${code}: ${result.mismatches.length} of ${expected.length} figures still differ after ${timeoutMs / 1000} s.`,
        );
        return result;
      }
      if (Date.now() - lastLog > 2_000) {
        lastLog = Date.now();
        this.log(
          `  waiting for reporting's projections: ${expected.length - result.mismatches.length} of ${expected.length} figures match`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /**
   * Every figure of the report can be listed: the drill-down of each indicator adds up to the
   * ground truth (its total, and for counted measures the number of entries), and each action's
   * list holds as many held activities as the truth says were held under it.
   */
  private async drillDown(programme: ProgrammeDefinition, figures: Figure[], prefix: string): Promise<void> {
    const token = this.token(['reporter']);
    const truth = new Map(figures.map((figure) => [figure.name.slice(prefix.length), figure.expected]));
    for (const prestatie of programme.prestaties) {
      const base = `/v1/programmes/${programme.code}/prestaties/${prestatie.code}`;
      for (const indicator of prestatie.indicators) {
        const name = `${prestatie.code} ${indicator.key}`;
        const list = await this.reporting.expect(
          200,
          'GET',
          `${base}/indicators/${indicator.key}/contributions?period=${this.period}`,
          { token },
        );
        const values = (list.items as Array<{ value: number }>).reduce((sum, item) => sum + item.value, 0);
        const counted = ['activities-held', 'advices-issued', 'knowledge-items-published'].includes(
          indicator.measure,
        );
        if (
          list.total !== truth.get(name) ||
          values !== truth.get(name) ||
          (counted && list.count !== truth.get(name))
        ) {
          this.problem(
            `${prefix}${name}: the drill-down lists ${list.count} entries adding up to ${values} (total ${list.total}), the ground truth is ${truth.get(name)}`,
          );
        }
        this.count('figures drilled down');
      }
      for (const action of prestatie.actions ?? []) {
        const name = `${prestatie.code} action ${action.number} held`;
        const list = await this.reporting.expect(
          200,
          'GET',
          `${base}/actions/${action.number}/contributions?period=${this.period}`,
          { token },
        );
        const activities = (list.items as Array<{ kind: string }>).filter(
          (item) => item.kind === 'activity',
        ).length;
        if (list.totals.held !== truth.get(name) || activities !== truth.get(name)) {
          this.problem(
            `${prefix}${name}: the drill-down lists ${activities} activities (total ${list.totals.held}), the ground truth is ${truth.get(name)}`,
          );
        }
        this.count('figures drilled down');
      }
    }
  }

  /**
   * An interim report during the year: the first calendar entry whose stand-per day has passed
   * is explained where judged a deviation, submitted, approved, and then locked.
   */
  private async interimReport(programme: ProgrammeDefinition): Promise<void> {
    const today = amsterdamIso(this.now).slice(0, 10);
    const entry =
      this.options.interimReport !== undefined
        ? programme.reportingCalendar?.find((candidate) => candidate.key === this.options.interimReport)
        : programme.reportingCalendar?.find((candidate) => candidate.standPer < today);
    if (!entry) {
      this.log('No interim report to submit: no calendar entry whose stand-per day has passed.');
      return;
    }
    const route = `/v1/programmes/${programme.code}/reports/${entry.key}`;
    const report = await this.report(programme.code, entry.key);
    if (report.workflow?.status === 'approved' || report.status === 'approved') {
      this.log(`Interim report ${entry.key} was approved before.`);
      return;
    }
    for (const prestatie of report.prestaties ?? []) {
      if (prestatie.status === 'deviation') {
        await this.reporting.expect(200, 'PUT', `${route}/explanations/${prestatie.code}`, {
          token: this.token(['reporter']),
          body: { nl: `Toelichting bij de ${entry.label.nl} (gesimuleerd).` },
        });
      }
    }
    await this.reporting.expect(200, 'POST', `${route}/submission`, { token: this.token(['reporter']) });
    await this.reporting.expect(200, 'POST', `${route}/approval`, { token: this.token(['approver']) });
    this.count('interim reports approved');
    const locked = await this.reporting.send('PUT', `${route}/explanations/${programme.prestaties[0].code}`, {
      token: this.token(['reporter']),
      body: { nl: 'Te laat.' },
    });
    if (locked.status !== 409) {
      this.problem(
        `the approved interim report ${entry.key} took an explanation (${locked.status}), expected 409`,
      );
    }
    this.log(`Interim report ${entry.key} (stand per ${entry.standPer}) submitted and approved.`);
  }

  /** The programme report in Markdown; its realisation tables must show the same numbers. */
  /** The knowledge service computes the period's network; its figures reach each policy-monitor prestatie's report. */
  private async computeNetwork(programme: ProgrammeDefinition): Promise<void> {
    const monitored = programme.prestaties
      .filter((prestatie) => prestatie.policyMonitor)
      .map((prestatie) => prestatie.code);
    await this.knowledge.expect(202, 'POST', '/v1/network/computations', {
      token: this.token(['reporter']),
      body: { period: this.period },
    });
    const deadline = Date.now() + (this.options.projectionTimeoutMs ?? 120_000);
    for (;;) {
      const report = await this.reporting.expect(
        200,
        'GET',
        `/v1/programmes/${this.programmeCode}/reports/${this.period}?format=json`,
        {
          token: this.token(['reporter']),
        },
      );
      const waiting = (
        report.prestaties as Array<{ code: string; policyMonitor?: { network?: unknown } }>
      ).filter((prestatie) => monitored.includes(prestatie.code) && !prestatie.policyMonitor?.network);
      if (waiting.length === 0) {
        this.log(`The policy monitor's network of ${this.period} is in the report.`);
        return;
      }
      if (Date.now() > deadline) {
        this.problem(
          `the network of ${this.period} did not reach the report of ${waiting.map((prestatie) => prestatie.code).join(', ')}`,
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  private async markdown(figures: Figure[]): Promise<string> {
    const answer = await this.reporting.send(
      'GET',
      `/v1/programmes/${this.programmeCode}/reports/${this.period}?format=md`,
      {
        token: this.token(['reporter']),
        headers: { accept: 'text/markdown' },
      },
    );
    if (answer.status !== 200) {
      this.problem(`the Markdown report answered ${answer.status}`);
      return answer.text;
    }
    for (const figure of figures) {
      // Counted indicators only: the Markdown formats euros in Dutch.
      if (
        / (budget|costs)/.test(figure.name) ||
        figure.name.endsWith(' planned') ||
        // An action's realisation is a sentence under the action, not a table row.
        / action \d+ held$/.test(figure.name) ||
        figure.reported !== figure.expected
      ) {
        continue;
      }
      const label = figure.label.replace(/ (gehouden|uitgebracht|gepubliceerd)$/, '');
      if (
        !answer.text.includes(`| ${label} |`) ||
        !new RegExp(`\\| ${escapeRegExp(label)} \\| [^|\\n]+ \\| ${figure.expected} \\|`).test(answer.text)
      ) {
        this.problem(`the Markdown report has no row "${label}" showing ${figure.expected}`);
      }
    }
    return answer.text;
  }

  // --- helpers ------------------------------------------------------------------------------

  /** The answer the service must give, from the simulator's own account; records it there. */
  private predict(registration: RegistrationPlan): Outcome {
    const partner = this.partnerOf(registration);
    const reference = registration.externalReference;
    if (partner && reference && !registration.invalid && this.references.has(partner, reference)) {
      return 'duplicate';
    }
    const outcome = this.models[registration.activityKey].place(registration, new Date());
    if (partner && reference && (outcome === 'accepted' || outcome === 'waitlisted')) {
      this.references.add(partner, reference);
    }
    return outcome;
  }

  private item(registration: RegistrationPlan): Record<string, unknown> {
    return {
      activityId: this.models[registration.activityKey].id,
      kind: registration.kind,
      headcount: registration.invalid === 'headcount' ? 0 : registration.headcount,
      contactName: registration.contactName,
      contactEmail: registration.contactEmail,
      ...(registration.schoolName && registration.invalid !== 'school'
        ? { schoolName: registration.schoolName }
        : {}),
      ...(registration.className ? { className: registration.className } : {}),
      ...(registration.externalReference ? { externalReference: `${registration.externalReference}` } : {}),
    };
  }

  private problem(text: string): void {
    this.problems.push(text);
    if (this.problems.length <= 20) {
      this.log(`  PROBLEM: ${text}`);
    }
  }

  private count(name: string, by = 1): void {
    this.counts[name] = (this.counts[name] ?? 0) + by;
  }

  /** Progress for long work: a line at most every two seconds, and one when done. */
  private progress(what: string, total: number) {
    const started = Date.now();
    let done = 0;
    let lastLog = started;
    return {
      tick: (by = 1) => {
        done += by;
        if (Date.now() - lastLog > 2_000) {
          lastLog = Date.now();
          this.log(`  ${what}: ${done} of ${total}`);
        }
      },
      done: () => this.log(`${what}: ${total} in ${((Date.now() - started) / 1000).toFixed(1)} s`),
    };
  }
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  }
  return groups;
}

function prefixed(figures: ReportFigures, prefix: string): ReportFigures {
  return new Map([...figures].map(([name, value]) => [prefix + name, value]));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
