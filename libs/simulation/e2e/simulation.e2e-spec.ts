import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signStaffToken, type Role } from '@deelwijs/identity';
import { simulateYear, type SimulationResult } from '@deelwijs/simulation';
import { seedProgrammeWithSharingTargets, TEST_JWT_SECRET, TestSystem } from '@deelwijs/testing';

/**
 * A small year against the three built services on fresh databases: the simulator drives only
 * their HTTP APIs, predicts every answer from its own account, and the progress report must
 * equal the ground truth it kept (which is computed from what it did, never written down here).
 */
describe('year simulation', () => {
  const system = new TestSystem('simulation_e2e');
  let attachments: string;
  let result: SimulationResult;
  const lines: string[] = [];

  beforeAll(async () => {
    attachments = await mkdtemp(path.join(tmpdir(), 'deelwijs-simulation-e2e-'));
    const [activities, knowledge, reporting] = await Promise.all([
      system.database('activities').then((url) => system.start('activities', url)),
      system
        .database('knowledge')
        .then((url) => system.start('knowledge', url, { ATTACHMENTS_DIR: attachments })),
      system.database('reporting').then((url) => system.start('reporting', url)),
    ]);
    result = await simulateYear({
      urls: { activities: activities.url, knowledge: knowledge.url, reporting: reporting.url },
      sign: (subject, roles, organisationId) =>
        signStaffToken(TEST_JWT_SECRET, { subject, roles: roles as Role[], organisationId }),
      seed: 7,
      scale: 0.2,
      programmeYaml: seedProgrammeWithSharingTargets(),
      expectEmpty: true,
      projectionTimeoutMs: 30_000,
      log: (line) => lines.push(line),
    });
  }, 90_000);

  afterAll(async () => {
    await system.cleanUp();
    await rm(attachments, { recursive: true, force: true });
  }, 60_000);

  it('ran a small year with every kind of registration mishap', () => {
    expect(result.plan.activities).toBeGreaterThanOrEqual(25);
    expect(result.plan.registrations).toBeGreaterThanOrEqual(200);
    // The mishaps the service must absorb did happen, and were answered as predicted.
    expect(result.counts['bulk duplicate']).toBeGreaterThan(0);
    expect(result.counts['bulk rejected']).toBeGreaterThan(0);
    expect(result.counts['bulk waitlisted'] ?? 0).toBeGreaterThanOrEqual(0);
    expect(result.counts['strict bulk requests refused']).toBe(1);
    expect(result.counts['bulk requests retried with the same Idempotency-Key']).toBeGreaterThan(0);
    expect(result.counts['single requests retried with the same Idempotency-Key']).toBeGreaterThan(0);
    expect(result.counts['activities cancelled']).toBeGreaterThan(0);
    expect(result.counts['activities moved by the organiser']).toBeGreaterThan(0);
    expect(result.counts['activities closed']).toBeGreaterThan(0);
    expect(result.counts['lessons learned published']).toBeGreaterThan(0);
    // Issue 11: a paper list entered after the fact, work named in a second programme, an
    // interim report approved before the year ends, every figure drilled down.
    expect(result.counts['activities recorded after the fact']).toBeGreaterThan(0);
    expect(result.counts['advices issued in the second programme']).toBeGreaterThan(0);
    expect(result.counts['interim reports approved']).toBe(1);
    expect(result.counts['figures drilled down']).toBe(
      result.figures.filter((figure) => !/ (planned|budget spent|budget committed)$/.test(figure.name)).length,
    );
  });

  it('finds every answer and stored activity as the ground truth predicts', () => {
    expect(result.problems).toEqual([]);
  });

  it('reports exactly the ground truth', () => {
    expect(result.mismatches).toEqual([]);
    const figure = (name: string) => result.figures.find((candidate) => candidate.name === name);
    // The figures the budget page names are among those checked, and the run moved them.
    expect(figure('7.2.3 democracy-games')?.expected).toBeGreaterThan(0);
    expect(figure('7.2.3 games-other-locations')?.expected).toBeGreaterThan(0);
    expect(figure('7.2.3 guest-lessons')?.expected).toBeGreaterThan(0);
    expect(figure('7.2.3 youth-council-advices')?.expected).toBeGreaterThanOrEqual(2);
    expect(figure('7.2.3 costs')?.expected).toBeGreaterThan(0);
    expect(figure('9.1.6 knowledge-items')?.expected).toBeGreaterThan(0);
    expect(figure('7.2.3 budget spent')?.expected).toBe(figure('7.2.3 costs')?.expected);
    // Both programmes hold 7.2.3 for 2026; each report counted only the work naming it.
    const second = (name: string) => figure(`overijssel-2026-herzien ${name}`);
    expect(second('7.2.3 costs')?.expected).toBeGreaterThan(0);
    expect(figure('9.1.6 action 1 held')).toBeDefined();
    expect(second('9.1.6 knowledge-items')).toBeUndefined();
    expect(result.markdown).toContain(
      `${figure('7.2.3 democracy-games')!.expected} van maximaal 50 democratiespelen gehouden`,
    );
    expect(result.ok).toBe(true);
  });
});
