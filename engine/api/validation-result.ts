/** The `/validate` endpoints: `{"valid": true}` or `{"valid": false, "error": "<every problem>"}`. */
import type { ConvectionEngine } from '../index.js';
import { ApiErrors } from './errors.js';

export function validationResult(engine: ConvectionEngine, kind: 'workflows' | 'actions' | 'workbook', body: unknown): { valid: boolean; error?: string } {
  if (typeof body !== 'string') throw new ApiErrors.BadRequest('Send the definition as YAML text with Content-Type: text/plain');
  const problems = engine.definitions.validate(kind, body);
  if (problems.length === 0) return { valid: true };
  const count = problems.length;
  return {
    valid: false,
    error: `Invalid ${kind === 'workbook' ? 'workbook' : kind === 'actions' ? 'action definition' : 'workflow definition'} (${count} problem${count === 1 ? '' : 's'}):\n${problems.map((p) => `- ${p.message}`).join('\n')}`,
  };
}
