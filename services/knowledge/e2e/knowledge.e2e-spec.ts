import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ActivityScheduledV1, EventNamespace, KnowledgeItemPublishedV1, LessonsLearnedRecordedV1 } from '@deelwijs/contracts';
import { IdentityAdmin } from '@deelwijs/identity';
import { publishEvent, ServiceProcess, TEST_IDENTITY_SIGNING_KEY, TEST_NATS, TestSystem, waitFor } from '@deelwijs/testing';

/**
 * The knowledge service as `npm start` runs it: an activity's close-out arrives on JetStream,
 * becomes a draft, an editor completes and publishes it, the publication leaves on the KNOWLEDGE
 * stream, and anonymous and partner callers (with a real API key) find what they may see.
 */
describe('knowledge service process', () => {
  const system = new TestSystem('knowledge');
  const ns = new EventNamespace(system.namespace);
  let knowledge: ServiceProcess;
  let admin: IdentityAdmin;
  let nc: NatsConnection;
  let attachments: string;

  beforeAll(async () => {
    attachments = await mkdtemp(path.join(tmpdir(), 'deelwijs-e2e-attachments-'));
    knowledge = await system.start('knowledge', await system.database('knowledge'), { ATTACHMENTS_DIR: attachments });
    admin = await IdentityAdmin.connect({ natsUrl: TEST_NATS, namespace: system.namespace, signingKey: TEST_IDENTITY_SIGNING_KEY });
    nc = await connect({ servers: TEST_NATS });
  }, 60_000);

  afterAll(async () => {
    await nc?.close();
    await admin?.close();
    await system.cleanUp();
    await rm(attachments, { recursive: true, force: true });
  }, 60_000);

  it('publishes its OpenAPI document and answers with API-Version and problem+json', async () => {
    const openapi = await knowledge.request('GET', '/v1/openapi.json');
    expect(openapi.status).toBe(200);
    expect(openapi.headers.get('api-version')).toBe('1.0.0');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/knowledge-items', '/knowledge-search-results', '/advices', '/network/periods/{period}', '/evaluation-forms']),
    );
    expect(openapi.body.servers).toEqual([expect.objectContaining({ url: '/v1' })]);
    expect(Object.keys(openapi.body.paths).filter((path) => path.startsWith('/v1/'))).toEqual([]);
    const bad = await knowledge.request('POST', '/v1/knowledge-items', { roles: ['editor'], body: { title: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.invalidParams.map((param: { name: string }) => param.name)).toEqual(expect.arrayContaining(['kind', 'language', 'visibility']));
  });

  it('turns lessons learned into a draft that, once published, anonymous and partner callers find as they may', async () => {
    const activityId = randomUUID();
    await publishEvent(
      jetstream(nc),
      system.namespace,
      LessonsLearnedRecordedV1,
      {
        activityId,
        title: 'Gastles Kampen',
        type: 'guest-lesson',
        prestatieCode: '7.2.3',
        whatWorked: 'De stemwijzer voor jongeren sprak aan.',
        whatToChange: 'Kortere introductie.',
        followUp: 'Nog drie scholen benaderen.',
        recordedAt: new Date().toISOString(),
      },
      { producer: 'activities' },
    );
    const drafts = await waitFor(
      () => knowledge.request('GET', `/v1/knowledge-items?activityId=${activityId}`, { roles: ['editor'] }),
      (response) => response.body?.total === 1,
      { what: 'the lessons-learned draft' },
    );
    const { itemId } = drafts.body.items[0];

    expect((await knowledge.request('GET', '/v1/knowledge-search-results?q=stemwijzer')).body.total).toBe(0);
    const completed = await knowledge.request('PATCH', `/v1/knowledge-items/${itemId}`, {
      roles: ['editor'],
      body: { visibility: 'partners', summary: 'Wat een gastles in Kampen leerde.', expectedVersion: 1 },
    });
    expect(completed.status).toBe(200);
    const published = await knowledge.request('POST', `/v1/knowledge-items/${itemId}/status-changes`, { roles: ['editor'], body: { status: 'published' } });
    expect(published.body).toMatchObject({ status: 'published', version: 3 });

    const jsm = await jetstreamManager(nc);
    const message = await waitFor(
      () => jsm.streams.getMessage(ns.stream('KNOWLEDGE'), { last_by_subj: ns.subject(KnowledgeItemPublishedV1.subject) }),
      (found) => found !== null,
      { what: 'the published event on the KNOWLEDGE stream' },
    );
    expect(message!.json<{ payload: { itemId: string; version: number } }>().payload).toMatchObject({ itemId, version: 3 });

    const { organisationId } = await admin.registerOrganisation('ProDemos');
    const { key } = await admin.issueKey(organisationId, ['partner'], 'ProDemos kennisbank');
    const asPartner = await waitFor(
      () => knowledge.request('GET', '/v1/knowledge-search-results?q=stemwijzers', { headers: { 'x-api-key': key } }),
      (response) => response.status === 200 && response.body.total === 1,
      { what: 'the partner key to reach the knowledge service' },
    );
    expect(asPartner.body.items[0]).toMatchObject({ itemId, kind: 'lesson-learned', visibility: 'partners' });
    expect(asPartner.body.items[0].snippet).toContain('<mark>stemwijzer</mark>');
    expect((await knowledge.request('GET', '/v1/knowledge-search-results?q=stemwijzers')).body.total).toBe(0);
    expect((await knowledge.request('GET', `/v1/knowledge-items/${itemId}`)).status).toBe(404);
    expect((await knowledge.request('PATCH', `/v1/knowledge-items/${itemId}`, { headers: { 'x-api-key': key }, body: { title: 'x' } })).status).toBe(403);
    expect((await knowledge.request('GET', '/v1/knowledge-search-results?q=x', { headers: { 'x-api-key': 'dw_unknown' } })).status).toBe(401);
  });

  it('computes the policy monitor network in its job (metrics in a worker thread) from activity events', async () => {
    const [organiser, partner] = [randomUUID(), randomUUID()];
    await publishEvent(
      jetstream(nc),
      system.namespace,
      ActivityScheduledV1,
      {
        activityId: randomUUID(),
        type: 'debate',
        title: 'Jongerendebat Provinciehuis',
        prestatieCode: '7.2.3',
        organiserOrganisationId: organiser,
        partnerOrganisationIds: [partner],
        startsAt: '2027-02-10T19:00:00+01:00',
        endsAt: '2027-02-10T21:00:00+01:00',
      },
      { producer: 'activities' },
    );
    const network = await waitFor(
      async () => {
        await knowledge.request('POST', '/v1/network/computations', { roles: ['reporter'], body: { period: '2027-Q1' } });
        return knowledge.request('GET', '/v1/network/periods/2027-Q1', { roles: ['reporter'] });
      },
      (response) => response.status === 200 && response.body.summary.nodes === 4,
      { what: 'the 2027-Q1 network', intervalMs: 250 },
    );
    expect(network.body.summary).toMatchObject({ nodes: 4, edges: 4 });
    expect(network.body.nodes.find((node: { id: string }) => node.id === `organisation:${organiser}`)).toMatchObject({ degree: 2, clustering: 1 });
  });
});
