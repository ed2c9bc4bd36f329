import { API_VERSION } from '@deelwijs/platform';
import { checkServedDocument } from '@deelwijs/testing';
import { knowledgeService } from './knowledge.service-definition';

/**
 * The lint step for the NLGov API Design Rules (libs/platform/src/http/api-rules): the OpenAPI
 * document this service serves breaks none of them. A failure lists each rule, path and message.
 */
describe('the knowledge OpenAPI document (real PostgreSQL, NATS, Redis)', () => {
  it('complies with the NLGov API Design Rules, and is served with API-Version and CORS for any origin', async () => {
    const served = await checkServedDocument(knowledgeService);
    expect(served.findings).toBe('');
    expect(served.apiVersionHeader).toBe(API_VERSION);
    expect(served.allowOrigin).toBe('*');
  }, 60_000);
});
