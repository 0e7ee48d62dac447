/**
 * API benchmark (`npm run bench -- --only api`): GET /v2/executions?limit=50 (first pages and
 * deep pages through a marker) over a store holding 1,000,000 executions, and the rate of
 * POST /v2/executions. The load comes from a separate process (http-load.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { NOAUTH_PROJECT } from '../api/auth/auth-context.js';
import { serveApi } from '../api/server.js';
import { createEngine } from '../index.js';
import { openStore } from '../store/open-store.js';
import type { Database } from '../store/schema.js';

const LOAD = join(dirname(fileURLToPath(import.meta.url)), 'http-load.ts');

export interface LoadResult {
  readonly name: string;
  readonly requests: number;
  readonly failures: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

async function load(name: string, spec: Record<string, unknown>): Promise<LoadResult> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', LOAD, JSON.stringify(spec)], { maxBuffer: 1 << 20 });
  return { name, ...(JSON.parse(stdout) as Omit<LoadResult, 'name'>) };
}

const WORKFLOW = `version: '2.0'
bench_api:
  input: [n]
  tasks:
    t:
      action: std.echo output=<% $.n %>
`;

/** Seeds `count` finished executions with one INSERT … SELECT over a recursive counter. */
export async function seed(db: Kysely<Database>, count: number): Promise<void> {
  const base = Date.UTC(2026, 0, 1);
  await sql`
    with recursive n(i) as (select 0 union all select i + 1 from n where i < ${count - 1})
    insert into workflow_executions (id, project_id, workflow_name, workflow_namespace, workflow_id, description, definition,
      spec_json, state, state_info, input_json, output_json, params_json, context_json, env_json, runtime_context_json,
      security_context_json, task_execution_id, root_execution_id, source_execution_id, tags_json, version,
      created_at, updated_at, started_at, finished_at)
    select printf('%08x-0000-7000-8000-%012x', i / 65536, i), ${NOAUTH_PROJECT}, 'bench_api', '', null, '', ${WORKFLOW},
      null, case i % 10 when 0 then 'ERROR' when 1 then 'RUNNING' else 'SUCCESS' end, null, '{"n": 1}', '{}', '{}', '{}', '{}', null,
      null, null, null, null, '[]', 1,
      ${base} + i * 1000, ${base} + i * 1000, ${base} + i * 1000, ${base} + i * 1000 + 500
    from n`.execute(db);
}

export async function runApiBench(executions: number): Promise<LoadResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'convection-api-bench-'));
  try {
    const store = await openStore(`sqlite:${join(dir, 'api.db')}`);
    await seed(store.db, executions);
    await sql`analyze`.execute(store.db);
    const engine = await createEngine(store, { pollMs: 50 });
    await engine.definitions.saveWorkflows(WORKFLOW, { projectId: NOAUTH_PROJECT });
    const api = await serveApi(engine, { port: 0, authMode: 'noauth', logger: false });
    try {
      const list = `${api.url}/v2/executions?limit=50`;
      const deep = Array.from({ length: 50 }, (_, k) => {
        const i = Math.floor(((k + 1) / 51) * executions);
        const marker = `${Math.floor(i / 65536).toString(16).padStart(8, '0')}-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
        return `${list}&marker=${marker}`;
      });
      return [
        await load('GET /v2/executions?limit=50 (first page)', { url: list, concurrency: 8, requests: 2000 }),
        await load('GET /v2/executions?limit=50&marker=… (deep pages)', { url: list, urls: deep, concurrency: 8, requests: 2000 }),
        await load('GET /v2/executions?limit=50&state=ERROR', { url: `${list}&state=ERROR`, concurrency: 8, requests: 1000 }),
        await load('POST /v2/executions (start)', {
          url: `${api.url}/v2/executions`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ workflow_name: 'bench_api', input: JSON.stringify({ n: 1 }) }),
          concurrency: 16,
          requests: 2000,
        }),
      ];
    } finally {
      await api.close();
      await engine.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
