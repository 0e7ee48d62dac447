/**
 * Dashboard benchmark (`npm run bench -- ui`): a real engine (SQLite, noauth, 1,000,000 seeded
 * executions) behind the built dashboard (`next start`), driven by Debian's Chromium through
 * Playwright, measured with the browser's Performance API. Not a test: figures are reported.
 *
 * - Graph of 200 / 1,000 / 5,000 tasks: navigation start → the first animation frame with a graph
 *   node inside the window while React Flow reports the graph interactive (view fitted, pan and
 *   zoom on), with a warm browser cache and from a new browser profile; main-thread long tasks
 *   (> 50 ms, PerformanceObserver `longtask`) while panning and zooming.
 * - Execution list: first page over 1,000,000 executions, the proxied API call (resource timing)
 *   and navigation start → first row on screen.
 * - Stream latency: engine commit (`execution_events.created_at`) → the graph node's `data-state`
 *   changing in the DOM (MutationObserver, same machine clock), over a chain of sleeping tasks.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { sql } from 'kysely';
import { ensureDashboardBuild, REPO_ROOT, startDashboard } from '../../cli/commands/dashboard-server.js';
import { NOAUTH_PROJECT } from '../api/auth/auth-context.js';
import { serveApi } from '../api/server.js';
import { createEngine, type ConvectionEngine } from '../index.js';
import { openStore } from '../store/open-store.js';
import { freePort } from '../testing/free-port.js';
import { seed } from './api-bench.js';

export interface GraphFigure {
  readonly tasks: number;
  /** Navigation start → a graph node on screen in an interactive graph, browser cache warm, ms (median of the runs). */
  readonly firstRenderMs: number;
  readonly runs: readonly number[];
  /** The same from a cold browser (a new profile: every script downloaded and compiled again). */
  readonly coldMs: number;
  readonly coldRuns: readonly number[];
  /** Main-thread tasks over 50 ms while dragging the view, and while zooming out and in. */
  readonly pan: LongTasks;
  readonly zoom: LongTasks;
  /** Long tasks between navigation and first render (for context; layout runs in a worker). */
  readonly loadLongTasks: number;
}

export interface UiBenchResult {
  readonly graphs: readonly GraphFigure[];
  /** Per page load, the first cold: the proxied list call (NaN when the page came with its rows), time to first byte, first row on screen. */
  readonly list: { readonly executions: number; readonly apiMs: number[]; readonly ttfbMs: number[]; readonly firstRowMs: number[] };
  readonly stream: { readonly samples: number; readonly p50: number; readonly p95: number; readonly max: number };
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/**
 * A layered workflow of `tasks` tasks: `start` (std.fail, so nothing after it runs and the graph
 * shows one red node and the rest faded) fans out into layers of `width` tasks, each task linked
 * to two of the next layer.
 */
export function graphWorkflow(name: string, tasks: number): string {
  const width = Math.max(5, Math.round(Math.sqrt(tasks) / 2));
  const rest = tasks - 1;
  const layers = Math.ceil(rest / width);
  const id = (layer: number, i: number): string => `l${layer}_${i}`;
  const inLayer = (layer: number): number => Math.min(width, rest - layer * width);
  const lines = [`version: '2.0'`, `${name}:`, '  tasks:', '    start:', '      action: std.fail', `      on-success: [${Array.from({ length: inLayer(0) }, (_, i) => id(0, i)).join(', ')}]`];
  for (let layer = 0; layer < layers; layer++) {
    for (let i = 0; i < inLayer(layer); i++) {
      lines.push(`    ${id(layer, i)}:`, '      action: std.noop');
      const next = layer + 1 < layers ? inLayer(layer + 1) : 0;
      if (next > 0) lines.push(`      on-success: [${[...new Set([i % next, (i + 1) % next])].map((j) => id(layer + 1, j)).join(', ')}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// Scripts run in the page, as text: this file is compiled for Node, without the DOM's types.
const LONG_TASK_RECORDER = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: true });`;

/**
 * Records, per animation frame, when a graph node is first inside the window while React Flow
 * reports the graph interactive (`data-interactive`, set by its onInit: view fitted, pan/zoom on).
 */
const GRAPH_SHOWN_RECORDER = `
  window.__graphShownAt = null;
  const check = () => {
    const graph = document.querySelector('[data-testid="execution-graph"][data-interactive="true"]');
    const shown = graph !== null && [...graph.querySelectorAll('.react-flow__node')].some((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
    });
    if (shown) window.__graphShownAt = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);`;

const FIRST_LIST_CALL_MS = `(() => {
  const first = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/engine/v2/executions'));
  return first === undefined ? NaN : first.responseEnd - first.startTime;
})()`;

const STATE_CHANGE_RECORDER = `(() => {
  window.__stateChanges = [];
  new MutationObserver((records) => {
    const at = Date.now();
    for (const r of records) {
      const task = (r.target.dataset.testid || '').replace(/^task-node-/, '');
      if (task !== '' && r.target.dataset.state !== undefined) window.__stateChanges.push({ task, state: r.target.dataset.state, at });
    }
  }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
})()`;

const CHAIN = 25;
const CHAIN_WORKFLOW = `version: '2.0'
ui_bench_chain:
  tasks:
${Array.from({ length: CHAIN }, (_, i) => `    c${i}:\n      action: std.sleep seconds=1${i + 1 < CHAIN ? `\n      on-success: [c${i + 1}]` : ''}`).join('\n')}
`;

async function waitFinal(engine: ConvectionEngine, id: string): Promise<void> {
  await engine.executions.waitForSettled(id);
}

async function measureGraph(browser: Browser, dashboard: string, engine: ConvectionEngine, tasks: number): Promise<GraphFigure> {
  const name = `ui_bench_graph_${tasks}`;
  await engine.definitions.saveWorkflows(graphWorkflow(name, tasks), { projectId: NOAUTH_PROJECT });
  const ex = await engine.executions.start({ workflow: name, projectId: NOAUTH_PROJECT });
  await waitFinal(engine, ex.id);
  const url = `${dashboard}/executions/${ex.id}?tab=graph`;
  const shownAt = async (page: Page): Promise<number> => {
    await page.waitForFunction('window.__graphShownAt !== null', undefined, { timeout: 120_000 });
    return page.evaluate<number>('window.__graphShownAt');
  };
  const coldRuns: number[] = [];
  const runs: number[] = [];
  let panZoom = { pan: { count: 0, longest: 0 }, zoom: { count: 0, longest: 0 } };
  let loadLongTasks = 0;
  for (let run = 0; run < 3; run++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript({ content: LONG_TASK_RECORDER + GRAPH_SHOWN_RECORDER });
    await page.goto(url);
    coldRuns.push(await shownAt(page));
    if (run === 0) {
      loadLongTasks = await page.evaluate<number>('window.__longTasks.length');
      panZoom = await panAndZoom(page);
      // Warm: the same browser opens the page again, as an operator with the dashboard open does.
      for (let again = 0; again < 3; again++) {
        await page.goto(url);
        runs.push(await shownAt(page));
      }
    }
    await context.close();
  }
  return { tasks, firstRenderMs: median(runs), runs, coldMs: median(coldRuns), coldRuns, ...panZoom, loadLongTasks };
}

interface LongTasks {
  readonly count: number;
  readonly longest: number;
}

async function longTasksSince(page: Page): Promise<LongTasks> {
  const tasks = await page.evaluate<number[]>('window.__longTasks.splice(0)');
  return { count: tasks.length, longest: tasks.reduce((m, d) => Math.max(m, d), 0) };
}

/** Drags the pane around, then zooms out and in with the wheel; the long tasks of each gesture. */
async function panAndZoom(page: Page): Promise<{ pan: LongTasks; zoom: LongTasks }> {
  await page.evaluate('window.__longTasks.splice(0)');
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (pane === null) throw new Error('no graph pane on the page');
  const cx = pane.x + pane.width / 2;
  const cy = pane.y + pane.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 40; i++) await page.mouse.move(cx - i * 15, cy - (i % 10) * 10, { steps: 2 });
  await page.mouse.up();
  await page.waitForTimeout(300);
  const pan = await longTasksSince(page);
  for (let i = 0; i < 10; i++) {
    await page.mouse.wheel(0, i < 5 ? 240 : -240);
    await page.waitForTimeout(60);
  }
  await page.waitForTimeout(300);
  return { pan, zoom: await longTasksSince(page) };
}

const LIST_ROW_RECORDER = `
  window.__firstRowAt = null;
  const check = () => {
    if (document.querySelector('table tbody tr td a') !== null) window.__firstRowAt = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);`;

const NAVIGATION_TTFB_MS = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return nav === undefined ? NaN : nav.responseStart;
})()`;

/** The first page of `/executions`: one cold page load, then four with the browser cache warm. */
async function measureList(browser: Browser, dashboard: string): Promise<Omit<UiBenchResult['list'], 'executions'>> {
  const apiMs: number[] = [];
  const firstRowMs: number[] = [];
  const ttfbMs: number[] = [];
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript({ content: LIST_ROW_RECORDER });
  for (let run = 0; run < 5; run++) {
    await page.goto(`${dashboard}/executions`);
    await page.waitForFunction('window.__firstRowAt !== null', undefined, { timeout: 60_000 });
    firstRowMs.push(await page.evaluate<number>('window.__firstRowAt'));
    ttfbMs.push(await page.evaluate<number>(NAVIGATION_TTFB_MS));
    apiMs.push(await page.evaluate<number>(FIRST_LIST_CALL_MS));
  }
  await context.close();
  return { apiMs, firstRowMs, ttfbMs };
}

async function measureStream(browser: Browser, dashboard: string, engine: ConvectionEngine): Promise<UiBenchResult['stream']> {
  await engine.definitions.saveWorkflows(CHAIN_WORKFLOW, { projectId: NOAUTH_PROJECT });
  // Started paused-free but observed from the first task: the page opens while c0 sleeps.
  const ex = await engine.executions.start({ workflow: 'ui_bench_chain', projectId: NOAUTH_PROJECT });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${dashboard}/executions/${ex.id}?tab=graph`);
  await page.waitForSelector('[data-testid="execution-graph"][data-ready="true"] .react-flow__node');
  const openedAt = Date.now();
  await page.evaluate(STATE_CHANGE_RECORDER);
  await waitFinal(engine, ex.id);
  await page.waitForTimeout(1_000);
  const changes = await page.evaluate<{ task: string; state: string; at: number }[]>('window.__stateChanges');
  await context.close();
  const events = await engine.store.db
    .selectFrom('execution_events')
    .select(['name', 'state', 'created_at'])
    .where('root_execution_id', '=', ex.id)
    .where('entity_type', '=', 'task')
    .where('created_at', '>', openedAt)
    .orderBy('id')
    .execute();
  const latencies: number[] = [];
  for (const e of events) {
    const shown = changes.find((c) => c.task === e.name && c.state === e.state && c.at >= Number(e.created_at));
    if (shown !== undefined) latencies.push(shown.at - Number(e.created_at));
  }
  return { samples: latencies.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies) };
}

export async function runUiBench(executions: number, log: (line: string) => void = () => undefined, graphSizes: readonly number[] = [200, 1000, 5000]): Promise<UiBenchResult> {
  const root = process.env['CONVECTION_UI_BENCH_ROOT'] ?? REPO_ROOT;
  await ensureDashboardBuild(root, log);
  const dir = mkdtempSync(join(tmpdir(), 'convection-ui-bench-'));
  try {
    const store = await openStore(`sqlite:${join(dir, 'ui.db')}`);
    log(`seeding ${executions.toLocaleString('en')} executions…`);
    await seed(store.db, executions);
    await sql`analyze`.execute(store.db);
    const engine = await createEngine(store, { pollMs: 50 });
    const api = await serveApi(engine, { port: 0, host: '127.0.0.1', authMode: 'noauth', logger: false });
    const dashboard = await startDashboard({ host: '127.0.0.1', port: await freePort(), apiUrl: api.url, secret: randomBytes(32).toString('base64url'), root });
    const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const graphs: GraphFigure[] = [];
      for (const tasks of graphSizes) {
        log(`graph of ${tasks} tasks…`);
        graphs.push(await measureGraph(browser, dashboard.url, engine, tasks));
      }
      log('execution list…');
      const list = await measureList(browser, dashboard.url);
      log('stream latency…');
      const stream = await measureStream(browser, dashboard.url, engine);
      return { graphs, list: { executions, ...list }, stream };
    } finally {
      await browser.close();
      await dashboard.close();
      await api.close();
      await engine.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printUiBench(r: UiBenchResult): void {
  const ms = (v: number): string => `${Math.round(v)} ms`;
  console.log('Dashboard graph: navigation start → a node on screen in the interactive graph (median of 3 page loads with a warm browser cache; cold = new browser profile)');
  for (const g of r.graphs) {
    console.log(
      `  ${String(g.tasks).padStart(5)} tasks: ${ms(g.firstRenderMs).padStart(8)} (runs ${g.runs.map(ms).join(', ')}); cold ${ms(g.coldMs)} (${g.coldRuns.map(ms).join(', ')}); long tasks > 50 ms: pan ${g.pan.count} (longest ${ms(g.pan.longest)}), zoom ${g.zoom.count} (longest ${ms(g.zoom.longest)}), loading ${g.loadLongTasks}`,
    );
  }
  const warm = (xs: readonly number[]): number => median(xs.slice(1));
  const proxied = r.list.apiMs.filter((v) => !Number.isNaN(v));
  console.log(
    `Execution list over ${r.list.executions.toLocaleString('en')} executions (page loads ${r.list.firstRowMs.length}, the first cold): ` +
      `rows in the server's answer, time to first byte p50 ${ms(warm(r.list.ttfbMs))} (${r.list.ttfbMs.map(ms).join(', ')}); ` +
      `first row on screen p50 ${ms(warm(r.list.firstRowMs))} (${r.list.firstRowMs.map(ms).join(', ')})` +
      (proxied.length > 0 ? `; list fetched by the browser through the proxy: ${proxied.map(ms).join(', ')}` : ''),
  );
  console.log(`Stream latency, engine commit → graph node state in the DOM: ${r.stream.samples} changes, p50 ${ms(r.stream.p50)}, p95 ${ms(r.stream.p95)}, max ${ms(r.stream.max)}`);
}
