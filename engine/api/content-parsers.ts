/**
 * Request bodies: definitions arrive as raw YAML text (`text/plain`, python-mistralclient's choice,
 * or a YAML media type), everything else as JSON.
 *
 * JSON is read twice: once with the engine's codec into `request.jsonBody` (keeps `1.0` a float and
 * integer-like keys in order, for JSON-typed fields; see serialize.ts) and once with JSON.parse into
 * `request.body` for schema checks. A malformed document answers 400 with the offset of the fault.
 * An empty JSON body is no body: python-mistralclient sends `Content-Type: application/json` on
 * every request, DELETE included.
 */
import type { FastifyInstance } from 'fastify';
import { JsonSyntaxError, parseJson } from '../language/values/json.js';
import type { Value } from '../language/values/value.js';
import { ApiErrors } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body as engine values (undefined for other bodies). */
    jsonBody: Value | undefined;
  }
}

export const TEXT_MEDIA_TYPES = ['text/plain', 'application/x-yaml', 'application/yaml', 'text/yaml', 'text/x-yaml'];

export function registerContentParsers(app: FastifyInstance): void {
  app.decorateRequest('jsonBody', undefined);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(TEXT_MEDIA_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      request.jsonBody = parseJson(text);
      done(null, JSON.parse(text) as unknown);
    } catch (e) {
      const detail = e instanceof JsonSyntaxError ? `${e.message} (${lineColumn(text, e.offset)})` : 'not valid JSON';
      done(new ApiErrors.BadRequest(`Malformed JSON in the request body: ${detail}`), undefined);
    }
  });
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}
