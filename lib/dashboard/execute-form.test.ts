import { describe, expect, it } from 'vitest';
import { formToInput, initialValues, parseInputJson, workflowInputs } from './execute-form';

const DEFINITION = `
version: '2.0'
create_vm:
  input:
    - vm_name
    - flavor: m1.small
    - count: 2
    - dry_run: false
    - tags: [a, b]
    - meta: {owner: ops}
    - nothing: null
  tasks:
    t:
      action: std.noop
`;

describe('execute form from workflow inputs', () => {
  const fields = workflowInputs(DEFINITION, 'create_vm');

  it('reads names, required-ness, kinds and defaults from the definition', () => {
    expect(fields).toEqual([
      { name: 'vm_name', required: true, kind: 'json' },
      { name: 'flavor', required: false, kind: 'text', defaultValue: 'm1.small' },
      { name: 'count', required: false, kind: 'number', defaultValue: 2 },
      { name: 'dry_run', required: false, kind: 'boolean', defaultValue: false },
      { name: 'tags', required: false, kind: 'json', defaultValue: ['a', 'b'] },
      { name: 'meta', required: false, kind: 'json', defaultValue: { owner: 'ops' } },
      { name: 'nothing', required: false, kind: 'json', defaultValue: null },
    ]);
  });

  it('finds a workbook workflow by its short name and falls back to the names when the YAML is unreadable', () => {
    const workbook = `version: '2.0'\nname: wb\nworkflows:\n  deploy:\n    input: [host, {port: 22}]\n    tasks: {}\n`;
    expect(workflowInputs(workbook, 'wb.deploy').map((f) => [f.name, f.required])).toEqual([
      ['host', true],
      ['port', false],
    ]);
    expect(workflowInputs(': : :', 'x', ['a'])).toEqual([{ name: 'a', required: true, kind: 'json' }]);
  });

  it('prefills defaults, or a resubmitted execution input', () => {
    expect(initialValues(fields)).toMatchObject({ vm_name: '', flavor: 'm1.small', count: '2', dry_run: 'false', tags: '[\n  "a",\n  "b"\n]', nothing: 'null' });
    expect(initialValues(fields, { vm_name: 'web-1', count: 5 })).toMatchObject({ vm_name: '"web-1"', count: '5' });
  });

  it('builds the input with typed values and leaves empty optional fields to their defaults', () => {
    const values = { ...initialValues(fields), vm_name: 'web-1', count: '3', dry_run: 'true', tags: '', meta: '{"owner": "dev"}' };
    expect(formToInput(fields, values)).toEqual({
      ok: true,
      input: { vm_name: 'web-1', flavor: 'm1.small', count: 3, dry_run: true, meta: { owner: 'dev' }, nothing: null },
    });
  });

  it('reports one message per wrong field', () => {
    const values = { ...initialValues(fields), vm_name: '', count: 'three', meta: '{owner: dev' };
    const result = formToInput(fields, values);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['count', 'meta', 'vm_name']);
    expect(result.errors.vm_name).toMatch(/Required/);
    expect(result.errors.count).toMatch(/number/);
    expect(result.errors.meta).toMatch(/Not valid JSON/);
  });

  it('accepts a whole JSON object in raw mode and refuses anything else', () => {
    expect(parseInputJson('{"a": 1}')).toEqual({ ok: true, input: { a: 1 } });
    expect(parseInputJson('[1]')).toMatchObject({ ok: false, errors: { $json: expect.stringMatching(/JSON object/) } });
    expect(parseInputJson('{')).toMatchObject({ ok: false });
  });
});
