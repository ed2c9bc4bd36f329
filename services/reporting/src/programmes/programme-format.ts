import { parse, stringify, YAMLParseError } from 'yaml';
import { inspectInput, InvalidInputException, zodInvalidParams } from '@deelwijs/platform';
import { ProgrammeSchema, type ProgrammeDefinition } from './programme.schema';

export type DefinitionFormat = 'json' | 'yaml';

/**
 * Reads a programme definition from YAML or JSON text (or an already parsed body) and checks
 * it, naming each offending field by its path: `prestaties.0.indicators.1.target.max`.
 */
export function readProgramme(body: unknown, format: DefinitionFormat): ProgrammeDefinition {
  let document: unknown = body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    const text = body.toString();
    try {
      document = format === 'yaml' ? parse(text, { prettyErrors: false }) : JSON.parse(text);
    } catch (error) {
      const reason = error instanceof YAMLParseError || error instanceof SyntaxError ? error.message : String(error);
      throw new InvalidInputException([{ name: 'body', reason: `not valid ${format.toUpperCase()}: ${reason.split('\n')[0]}` }]);
    }
  }
  // A YAML text is parsed here, after the input pipe: hold what it holds to the same rules,
  // and name every wrong field in one answer.
  const refused = inspectInput(document, 'body');
  const result = ProgrammeSchema.safeParse(document);
  if (refused.length > 0 || !result.success) {
    const named = new Set(refused.map((problem) => problem.name));
    const invalid = result.success ? [] : zodInvalidParams(result.error.issues).filter((problem) => !named.has(problem.name));
    throw new InvalidInputException([...refused, ...invalid]);
  }
  return result.data;
}

export function writeProgramme(definition: ProgrammeDefinition, format: DefinitionFormat): string {
  return format === 'yaml' ? stringify(definition, { lineWidth: 0 }) : `${JSON.stringify(definition, null, 2)}\n`;
}

