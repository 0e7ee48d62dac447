/**
 * Helpers for the per-resource wire schemas: each resource describes its objects once with zod, and
 * Fastify gets the JSON Schema for fast serialization and to keep unlisted fields from leaking.
 * Every field is optional on the way out because `fields=` may ask for a subset.
 */
import { z } from 'zod';

/** `YYYY-MM-DD HH:MM:SS` (UTC) or null. */
export const wireTimeSchema = z.string().nullable();
/** A JSON-typed field, as JSON text. */
export const jsonTextSchema = z.string().nullable();
export const scopeSchema = z.enum(['private', 'public']);
export const tagsSchema = z.array(z.string());

/** The JSON Schema Fastify serializes a response with. */
export function responseSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { target: 'draft-7', io: 'output' }) as Record<string, unknown>;
  return json;
}

/** A resource object as sent: every field optional (see `fields=`), nothing else. */
export function itemSchema<S extends z.ZodRawShape>(shape: S) {
  return z.object(shape).partial().strict();
}

/** `{"<collection>": [item…], "next"?: url}`. */
export function listSchema(collection: string, item: z.ZodType) {
  return z.object({ [collection]: z.array(item), next: z.string().optional() }).strict();
}

/** The `{"valid": …, "error"?: …}` answer of every `/validate` endpoint. */
export const validationSchema = z.object({ valid: z.boolean(), error: z.string().optional() }).strict();
