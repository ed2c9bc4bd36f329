import { InProcessService, probeIdempotency } from '@deelwijs/testing';
import type { KnowledgeConfig } from '../config/knowledge.config';
import { knowledgeService } from '../knowledge.service-definition';

jest.setTimeout(60_000);

/** A knowledge item created with an Idempotency-Key, retried as a client would after a timeout. */
describe('Idempotency-Key on knowledge (real PostgreSQL, NATS, Redis)', () => {
  let k: InProcessService<KnowledgeConfig>;

  beforeAll(async () => {
    k = await InProcessService.start(knowledgeService, 'kidem');
  }, 60_000);

  afterAll(() => k?.close());

  const item = (title: string) => ({
    kind: 'report',
    title,
    summary: 'Wat scholen leerden van het democratiespel.',
    body: '# Verslag\n\nGespeeld op twaalf scholen.',
    language: 'nl',
    visibility: 'public',
    themes: ['democratie'],
    prestatieCodes: ['7.2.3'],
    authors: ['Redactie'],
  });

  it('creates one item for a request and its repeats; 409 while in flight; 422 for another body', async () => {
    const readBack = async () => ({
      items: await k.query(`SELECT item_id, version FROM knowledge_items WHERE title LIKE 'Herhaald %' ORDER BY title`),
      audited: await k.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'knowledge-item.created'`),
    });
    const result = await probeIdempotency(k, {
      method: 'POST',
      url: '/v1/knowledge-items',
      request: { roles: ['editor'], body: item('Herhaald verslag') },
      otherRequest: { roles: ['editor'], body: item('Herhaald ander verslag') },
      writes: 'knowledge_items',
      readBack,
    });

    expect(result.whileInFlight.status).toBe(409);
    expect(result.whileInFlight.body.detail).toContain('still being processed');
    expect(result.first.status).toBe(201);
    expect(result.afterFirst.items).toEqual([{ item_id: result.first.body.itemId, version: 1 }]);
    expect(result.afterFirst.audited).toEqual([{ n: 1 }]);
    expect(result.repeat.status).toBe(201);
    expect(result.repeat.headers['idempotent-replayed']).toBe('true');
    expect(result.repeat.body).toEqual(result.first.body);
    expect(result.afterRepeat).toEqual(result.afterFirst);
    expect(result.otherBody.status).toBe(422);
    expect(result.afterOtherBody).toEqual(result.afterFirst);
  });
});
