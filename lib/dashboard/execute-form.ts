/**
 * The Execute form, generated from a workflow's `input:` list. Mistral writes inputs as names
 * (required) or one-key maps (`- greeting: Hello`, a default). The defaults are read from the
 * workflow's YAML definition rather than the `input` text the API also returns, because that text
 * renders non-string defaults in Python syntax (`True`, `None`, `{'a': 1}`), which is not JSON.
 *
 * Each field's kind follows its default: text, number, boolean (a checkbox) or JSON (objects,
 * lists, null, and required inputs, which may be anything). An empty optional field is left out,
 * so the engine applies the default.
 */
import { parse } from 'yaml';

export type InputKind = 'text' | 'number' | 'boolean' | 'json';

export interface InputField {
  readonly name: string;
  readonly required: boolean;
  readonly kind: InputKind;
  /** The default (JSON value), when there is one. */
  readonly defaultValue?: unknown;
}

function kindOf(value: unknown): InputKind {
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'json';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The workflow's body in its definition: the key named like it (or its last dotted part), else the only one. */
function workflowBody(doc: unknown, name: string): Record<string, unknown> | undefined {
  if (!isRecord(doc)) return undefined;
  // A workbook: workflows sit under `workflows:`.
  if (isRecord(doc.workflows)) return workflowBody(doc.workflows, name.split('.').pop() ?? name);
  const entries = Object.entries(doc).filter(([key, value]) => key !== 'version' && isRecord(value));
  const short = name.split('.').pop() ?? name;
  const hit = entries.find(([key]) => key === name) ?? entries.find(([key]) => key === short) ?? (entries.length === 1 ? entries[0] : undefined);
  return hit?.[1] as Record<string, unknown> | undefined;
}

/** The input fields of workflow `name` from its YAML `definition`; `fallbackNames` when it cannot be read. */
export function workflowInputs(definition: string | null | undefined, name: string, fallbackNames: readonly string[] = []): InputField[] {
  let doc: unknown;
  try {
    doc = parse(definition ?? '');
  } catch {
    doc = undefined;
  }
  const body = workflowBody(doc, name);
  const list = body?.input;
  if (!Array.isArray(list)) return fallbackNames.map((n) => ({ name: n, required: true, kind: 'json' }));
  return list.flatMap((item): InputField[] => {
    if (typeof item === 'string') return [{ name: item, required: true, kind: 'json' }];
    if (isRecord(item)) {
      const [entry] = Object.entries(item);
      if (entry) return [{ name: entry[0], required: false, kind: kindOf(entry[1]), defaultValue: entry[1] }];
    }
    return [];
  });
}

/** Form text per field: the default (or `preset`, e.g. a resubmitted execution's input), as the editor shows it. */
export function initialValues(fields: readonly InputField[], preset: Readonly<Record<string, unknown>> = {}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    const has = Object.prototype.hasOwnProperty.call(preset, field.name);
    const value = has ? preset[field.name] : field.defaultValue;
    if (value === undefined) values[field.name] = '';
    else if (field.kind === 'text' && typeof value === 'string') values[field.name] = value;
    else if (field.kind === 'boolean') values[field.name] = value === true ? 'true' : 'false';
    else values[field.name] = JSON.stringify(value, null, field.kind === 'json' && typeof value === 'object' && value !== null ? 2 : undefined);
  }
  return values;
}

export type FormResult =
  | { readonly ok: true; readonly input: Record<string, unknown> }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/** Reads the form back into the execution input, with one message per field that is wrong. */
export function formToInput(fields: readonly InputField[], values: Readonly<Record<string, string>>): FormResult {
  const input: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const text = values[field.name] ?? '';
    if (field.kind === 'boolean') {
      input[field.name] = text === 'true';
      continue;
    }
    if (text.trim() === '') {
      if (field.required) errors[field.name] = 'Required: this input has no default.';
      continue;
    }
    if (field.kind === 'text') {
      input[field.name] = text;
    } else if (field.kind === 'number') {
      const n = Number(text.trim());
      if (Number.isFinite(n)) input[field.name] = n;
      else errors[field.name] = `Enter a number (the default is ${String(field.defaultValue)}).`;
    } else {
      try {
        input[field.name] = JSON.parse(text);
      } catch (error) {
        // A required input with no default may be anything; bare words are taken as a string.
        if (field.required && field.defaultValue === undefined && !/^[\s[{"]/.test(text)) input[field.name] = text;
        else errors[field.name] = `Not valid JSON: ${error instanceof Error ? error.message : 'parse error'}`;
      }
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
}

/** The raw-JSON mode: the whole input as one JSON object. */
export function parseInputJson(text: string): FormResult {
  if (text.trim() === '') return { ok: true, input: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value)) return { ok: false, errors: { $json: 'The input must be a JSON object, like {"name": "Ada"}.' } };
    return { ok: true, input: value };
  } catch (error) {
    return { ok: false, errors: { $json: `Not valid JSON: ${error instanceof Error ? error.message : 'parse error'}` } };
  }
}
