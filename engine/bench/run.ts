/**
 * `npm run bench [-- --json] [-- --only language|sqlite|postgres|api|observe|workers|ui [--executions N] [--graph-sizes 200,1000,5000]]`: the figures BENCHMARKS.md
 * records. Never part of the tests: timings are reported, not asserted.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { benchParse } from '../language/bench-parse.js';
import { staticHost } from '../language/expressions/host.js';
import { evaluateString } from '../language/expressions/template.js';
import { fromJs } from '../language/values/value.js';
import { openStore, type Store } from '../store/open-store.js';
import { runApiBench, type LoadResult } from './api-bench.js';
import { runEngineBench, type EngineBenchResult } from './engine-bench.js';
import { runObserveBench, type ObserveBenchResult } from './observe-bench.js';
import { runWorkersBench, type WorkersBenchResult } from './workers-bench.js';
import { printUiBench, runUiBench, type UiBenchResult } from './ui-bench.js';

function yaqlBench(): { items: number; microsPerEvaluation: number } {
  const items = Array.from({ length: 1000 }, (_, i) => ({ name: `item-${i}`, size: i % 5 }));
  const ctx = { data: fromJs({ items }), host: staticHost() };
  const expr = '<% $.items.where($.size > 2).select($.name) %>';
  for (let i = 0; i < 50; i++) evaluateString(expr, ctx);
  const n = 500;
  const t = performance.now();
  for (let i = 0; i < n; i++) evaluateString(expr, ctx);
  return { items: 1000, microsPerEvaluation: ((performance.now() - t) * 1000) / n };
}

async function sqliteStores(): Promise<{ open: () => Promise<Store>; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'convection-bench-'));
  let n = 0;
  return { open: () => openStore(`sqlite:${join(dir, `bench-${n++}.db`)}`), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresStores(url: string): Promise<{ open: () => Promise<Store>; cleanup: () => Promise<void> }> {
  const schemas: string[] = [];
  return {
    open: async () => {
      const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      schemas.push(schema);
      return openStore(url, { schema });
    },
    cleanup: async () => {
      const admin = await openStore(url, { migrate: false });
      for (const s of schemas) await sql`drop schema if exists ${sql.id(s)} cascade`.execute(admin.db);
      await admin.close();
    },
  };
}

function printObserve(r: ObserveBenchResult): void {
  const ms = (v: number): string => `${v.toFixed(1)} ms`.padStart(10);
  console.log('Event latency, GET /v2/events (arrival at a separate client process − event created_at)');
  console.log(`${'subscribers'.padEnd(12)} ${'executions'.padStart(10)} ${'events'.padStart(7)} ${'deliveries'.padStart(11)} ${'missing'.padStart(8)} ${'p50'.padStart(10)} ${'p95'.padStart(10)} ${'p99'.padStart(10)} ${'max'.padStart(10)}`);
  for (const e of r.eventLatency) {
    console.log(
      `${String(e.subscribers).padEnd(12)} ${String(e.executions).padStart(10)} ${String(e.events).padStart(7)} ${String(e.deliveries).padStart(11)} ${String(e.missing + e.failedToOpen).padStart(8)} ${ms(e.p50)} ${ms(e.p95)} ${ms(e.p99)} ${ms(e.max)}`,
    );
  }
  console.log(`Analytics over ${r.analytics.taskRows.toLocaleString('en')} task rows (${r.analytics.rootExecutions.toLocaleString('en')} root executions, seeded in ${r.analytics.seedSeconds.toFixed(1)} s, rolled up into hours in ${r.analytics.sealSeconds.toFixed(1)} s)`);
  for (const a of r.analytics.routes) {
    console.log(`${a.name.padEnd(48)} ${ms(a.p50)} p50 ${ms(a.p95)} p95 ${ms(a.p99)} p99  (${a.failures} failed of ${a.requests})`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  // `--only NAME`, or NAME alone as the first argument (`npm run bench -- workers`).
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : args[0]?.startsWith('-') === false ? args[0] : undefined;
  const report: { language?: unknown; engine: EngineBenchResult[]; api?: LoadResult[]; observe?: ObserveBenchResult; workers?: WorkersBenchResult[]; ui?: UiBenchResult } = { engine: [] };
  if (!only || only === 'language') {
    const parse = benchParse();
    const yaql = yaqlBench();
    report.language = { parseValidate1000TasksMs: parse.ms, yaqlWhereSelectOver1000ItemsMicros: yaql.microsPerEvaluation };
    if (!json) {
      console.log(`parse + validate a ${parse.tasks}-task workflow: ${parse.ms.toFixed(2)} ms`);
      console.log(`YAQL $.items.where($.size > 2).select($.name) over ${yaql.items} items: ${yaql.microsPerEvaluation.toFixed(1)} µs`);
    }
  }
  if (!only || only === 'sqlite') {
    const s = await sqliteStores();
    try {
      report.engine.push(...(await runEngineBench('sqlite', s.open)));
    } finally {
      s.cleanup();
    }
  }
  if (!only || only === 'postgres') {
    const url = process.env['CONVECTION_BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
    const p = await postgresStores(url);
    try {
      report.engine.push(...(await runEngineBench('postgres', p.open)));
    } finally {
      await p.cleanup();
    }
  }
  // The API benchmark seeds a million executions; it runs only when asked for.
  if (only === 'api') {
    const count = args.includes('--executions') ? Number(args[args.indexOf('--executions') + 1]) : 1_000_000;
    report.api = await runApiBench(count);
    if (!json) for (const r of report.api) console.log(`${r.name.padEnd(52)} ${Math.round(r.perSecond).toString().padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  (${r.failures} failed of ${r.requests}, ${count.toLocaleString('en')} executions stored)`);
  }
  // Live streams and analytics: seeds a million task rows and opens 1,000 streams; only when asked for.
  if (only === 'observe') {
    report.observe = await runObserveBench();
    if (!json) printObserve(report.observe);
  }
  // Worker queues: 10,000 items served by 4 worker processes over HTTP; only when asked for.
  if (only === 'workers') {
    const s = await sqliteStores();
    const pgUrl = process.env['CONVECTION_BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
    const p = await postgresStores(pgUrl);
    try {
      report.workers = [await runWorkersBench('sqlite', s.open), await runWorkersBench('postgres', p.open)];
    } finally {
      s.cleanup();
      await p.cleanup();
    }
    if (!json) {
      for (const w of report.workers) {
        console.log(`${w.store.padEnd(8)} ${w.items} items, ${w.workers} workers x ${w.concurrencyPerWorker}: ${w.seconds.toFixed(2)} s, ${Math.round(w.tasksPerSecond)} tasks/s, lease-to-completion p50 ${w.leaseToCompletionP50Ms} ms, p99 ${w.leaseToCompletionP99Ms} ms`);
      }
    }
  }
  // The dashboard in Chromium over a million seeded executions (see ui-bench.ts); only when asked for.
  if (only === 'ui') {
    const count = args.includes('--executions') ? Number(args[args.indexOf('--executions') + 1]) : 1_000_000;
    const graphSizes = args.includes('--graph-sizes') ? (args[args.indexOf('--graph-sizes') + 1] ?? '').split(',').map(Number) : undefined;
    report.ui = await runUiBench(count, (line) => console.error(`[ui] ${line}`), graphSizes);
    if (!json) printUiBench(report.ui);
  }
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  for (const r of report.engine) {
    console.log(
      `${r.store.padEnd(8)} ${r.scenario.padEnd(40)} ${r.seconds.toFixed(2).padStart(7)} s  ${Math.round(r.completionsPerSecond).toString().padStart(6)} completions/s  hand-off p50 ${r.handoffP50Ms} ms, p99 ${r.handoffP99Ms} ms`,
    );
  }
}

await main();
