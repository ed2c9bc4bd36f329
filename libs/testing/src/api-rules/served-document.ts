import { type ServiceConfig, type ServiceDefinition } from '@deelwijs/platform';
import { InProcessService } from '../in-process-service';
import { checkDesignRules, formatFindings } from './api-rules';

export interface ServedDocumentCheck {
  /** Each finding of the NLGov lint as "rule  path\n    message"; empty when the document complies. */
  findings: string;
  /** The API-Version header the document's own answer carried (the rules document it on every answer). */
  apiVersionHeader: unknown;
  /** The CORS header the document's answer carried for a foreign origin (/core/transport/cors). */
  allowOrigin: unknown;
}

/**
 * Builds the service in this process (real PostgreSQL, NATS and Redis, as it starts), asks it for
 * /v1/openapi.json as a client does, and lints what it serves against the NLGov API Design Rules:
 * the lint step of `npm test`, one spec per service.
 */
export async function checkServedDocument<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  env: Record<string, string> = {},
): Promise<ServedDocumentCheck> {
  const service = await InProcessService.start(definition, `api_rules_${definition.name}`, env);
  try {
    const answer = await service.request('GET', '/v1/openapi.json', { headers: { origin: 'https://viewer.example.org' } });
    if (answer.status !== 200) {
      throw new Error(`GET /v1/openapi.json answered ${answer.status}: ${answer.text}`);
    }
    return {
      findings: formatFindings(await checkDesignRules(answer.body)),
      apiVersionHeader: answer.headers['api-version'],
      allowOrigin: answer.headers['access-control-allow-origin'],
    };
  } finally {
    await service.close();
  }
}
