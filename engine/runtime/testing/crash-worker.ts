/**
 * A child process of the crash test: starts the crash workflows (idempotently, by id) on the
 * store it is given and runs the engine until every execution is final. The test kills it with
 * SIGKILL at random moments and starts it again.
 *
 * argv: <store url> <http port> <executions> [postgres schema]
 */
import { createEngine } from '../../index.js';
import { fromJs } from '../../language/values/value.js';
import { openStore } from '../../store/open-store.js';
import { CRASH_WORKFLOWS } from './crash-workflows.js';

const [url = '', port = '0', count = '0', schema] = process.argv.slice(2);
const store = await openStore(url, schema ? { schema } : {});
const engine = await createEngine(store, { pollMs: 50, leaseMs: 1_000, actions: { http: { allowPrivateTargets: true } } });
if (!engine.catalog.workflow('mixed', { workbook: null, namespace: '', projectId: 'crash' })) {
  await engine.definitions.saveWorkflows(CRASH_WORKFLOWS(Number(port)), { projectId: 'crash' }, true);
}
for (let i = 0; i < Number(count); i++) {
  const id = `crash-${String(i).padStart(4, '0')}`;
  await engine.executions.start({ id, workflow: 'mixed', projectId: 'crash', input: fromJs({ n: i }) as never });
}
for (;;) {
  const open = await store.db.selectFrom('workflow_executions').select('id').where('state', 'not in', ['SUCCESS', 'ERROR', 'CANCELLED']).limit(1).execute();
  if (open.length === 0) break;
  await new Promise((r) => setTimeout(r, 100));
}
await engine.close();
process.stdout.write('settled\n');
