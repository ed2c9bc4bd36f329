import { Document, Spectral, type ISpectralDiagnostic } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { designRules } from './design-rules.ruleset';

export interface DesignRuleFinding {
  rule: string;
  /** Where in the document, as a JSON path (paths./activities.post.responses.400). */
  path: string;
  message: string;
}

/**
 * Checks an OpenAPI document against the project's NLGov API Design Rules (design-rules.ruleset.ts)
 * and returns what breaks them; an empty list when it complies.
 */
export async function checkDesignRules(document: object): Promise<DesignRuleFinding[]> {
  const spectral = new Spectral();
  spectral.setRuleset(designRules);
  const diagnostics: ISpectralDiagnostic[] = await spectral.run(new Document(JSON.stringify(document, null, 2), Json, 'openapi.json'));
  return diagnostics
    .map((diagnostic) => ({ rule: String(diagnostic.code), path: diagnostic.path.join('.'), message: diagnostic.message }))
    .sort((a, b) => a.path.localeCompare(b.path) || a.rule.localeCompare(b.rule));
}

/** The findings as lines for a failing test: rule, path and message each. */
export function formatFindings(findings: DesignRuleFinding[]): string {
  return findings.map((finding) => `${finding.rule}  ${finding.path}\n    ${finding.message}`).join('\n');
}
