import { readFileSync, readdirSync } from 'node:fs';
import { test, vi } from 'vitest';
import { EXAMPLES } from './testing/examples.js';
import { parseAnyDocument } from './documents.js';

vi.mock('../expressions/index.js', async () => await import('./testing/expression-stub.js'));

test('smoke', () => {
  for (const [k, t] of Object.entries(EXAMPLES)) {
    const r = parseAnyDocument(t);
    console.log(k, r.ok ? r.value.kind : r.problems.map((p) => p.message));
  }
  const dir = '/work/shared/data/mistral-tempest-resources/';
  const files = ['action_v2.yaml','for_wf_namespace/lowest_level_wf.yaml','for_wf_namespace/middle_wf.yaml','for_wf_namespace/top_level_wf.yaml','openstack/action_collection_wb.yaml','single_wf.yaml','wb_v1.yaml','wb_v2.yaml','wb_with_nested_wf.yaml','wf_action_ex_concurrency.yaml','wf_task_ex_concurrency.yaml','wf_v2.yaml'];
  for (const f of files) {
    const r = parseAnyDocument(readFileSync(dir + f, 'utf8'));
    console.log(f, r.ok ? r.value.kind : r.problems.map((p) => p.message));
  }
  void readdirSync;
});
