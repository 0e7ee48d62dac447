/**
 * `convection top` in a real terminal: tmux runs it at 80×24 against a real API. The screen shows
 * a running execution whose with-items progress moves, Enter drills into its tasks and Esc comes
 * back, `r` reruns the failed task of another execution (whose env was fixed through the API in
 * between) until its row says SUCCESS, and `q` quits with exit code 0.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../lib/engine-client/index.js';
import type { EngineClient } from '../../lib/engine-client/index.js';
import { eventually, startTestServer } from '../client/testing/test-server.js';
import type { TestServer } from '../client/testing/test-server.js';

const run = promisify(execFile);
const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'convection.mjs');
// A private tmux server, so the test neither sees nor disturbs anyone else's sessions.
const SOCKET = `convection-top-test-${process.pid}`;
/** Starting `convection top` through tsx on a busy machine takes a while: wait generously. */
const SCREEN_DEADLINE_MS = 180_000;

const WORKFLOWS = `version: '2.0'
top_slow:
  tasks:
    prepare:
      action: std.noop
      on-success: [loop]
    loop:
      with-items: i in <% range(0, 600) %>
      concurrency: 2
      action: std.sleep seconds=1
top_flaky:
  tasks:
    pick:
      action: <% env().which %>
`;

async function tmux(...args: string[]): Promise<string> {
  return (await run('tmux', ['-L', SOCKET, ...args])).stdout;
}

const screen = (): Promise<string> => tmux('capture-pane', '-p', '-t', 'top');

/** Polls the screen until `match` finds something in it; the last screen is in the error. */
async function waitForScreen<T>(what: string, match: (text: string) => T | undefined): Promise<T> {
  let last = '';
  try {
    return await eventually(async () => {
      last = await screen();
      return match(last);
    }, what, SCREEN_DEADLINE_MS);
  } catch (error) {
    throw new Error(`${(error as Error).message}; the screen was:\n${last}`);
  }
}

describe('convection top in tmux', () => {
  let server: TestServer;
  let client: EngineClient;
  let slowId: string;
  let flakyId: string;

  beforeAll(async () => {
    server = await startTestServer('convection-top-tmux-');
    client = await connect({ env: { CONVECTION_URL: server.api.url } });
    await client.createWorkflows(WORKFLOWS);
    flakyId = (await client.startExecution({ workflow_name: 'top_flaky', params: { env: { which: 'std.fail' } } })).id;
    await eventually(async () => ((await client.getExecution(flakyId)).state === 'ERROR' ? true : undefined), 'top_flaky to fail');
    slowId = (await client.startExecution({ workflow_name: 'top_slow' })).id;
    const command = `CONVECTION_URL=${server.api.url} node ${BIN} top; echo "top exited with $?"; sleep 600`;
    await tmux('new-session', '-d', '-s', 'top', '-x', '80', '-y', '24', command);
  }, 60_000);

  afterAll(async () => {
    await tmux('kill-server').catch(() => undefined);
    if (slowId !== undefined) await client.cancelExecution(slowId).catch(() => undefined);
    await server?.close();
  });

  it('shows, drills into, reruns and quits', async () => {
    const slowRow = /^> top_slow\s+RUNNING\s+1\/2 \S*\s+(\d+)\/600\s/m;
    const first = await waitForScreen('the running execution with its with-items progress, live', (s) => {
      const m = slowRow.exec(s);
      return m === null || !/^convection top .* live /.test(s) ? undefined : Number(m[1]);
    });
    const text = await screen();
    expect(text).toMatch(/^convection top {2}http:\/\/127\.0\.0\.1:\d+\/v2 {2}live/);
    expect(text).toMatch(/^RUNNING 1 {2}PAUSED 0 {2}IDLE 0 {2}ERROR 1 {2}CANCELLED 0 {2}SUCCESS 0$/m);
    expect(text).toMatch(/^ {2}top_flaky\s+ERROR\s+0\/1 /m);
    expect(text.split('\n').every((line) => [...line].length <= 80)).toBe(true);

    await waitForScreen('the progress to move', (s) => {
      const m = slowRow.exec(s);
      return m !== null && Number(m[1]) > first ? true : undefined;
    });

    await tmux('send-keys', '-t', 'top', 'Enter');
    const detail = await waitForScreen('the task list of top_slow', (s) => (/^ {2}TASK\s+STATE\s+DURATION\s+ITEMS\s+INFO$/m.test(s) ? s : undefined));
    expect(detail).toContain(slowId);
    expect(detail).toMatch(/^ {2}prepare\s+SUCCESS\s/m);
    expect(detail).toMatch(/^ {2}loop\s+RUNNING\s+\S+\s+\d+\/600/m);

    await tmux('send-keys', '-t', 'top', 'Escape');
    await waitForScreen('the list again', (s) => (/^ {2}WORKFLOW\s+STATE\s+TASKS/m.test(s) ? true : undefined));

    // Between attempts the failed execution's env is fixed through the API; `r` then reruns its task.
    await client.updateExecution(flakyId, { params: { env: { which: 'std.noop' } } });
    await tmux('send-keys', '-t', 'top', '/');
    await waitForScreen('the search prompt', (s) => (/^search: ▏/m.test(s) ? true : undefined));
    await tmux('send-keys', '-t', 'top', '-l', 'top_flaky');
    await waitForScreen('the search text', (s) => (/^search: top_flaky▏/m.test(s) ? true : undefined));
    await tmux('send-keys', '-t', 'top', 'Enter');
    await waitForScreen('the search to leave only top_flaky, selected', (s) => (/^> top_flaky\s+ERROR/m.test(s) && !/top_slow/.test(s) ? true : undefined));
    await tmux('send-keys', '-t', 'top', 'r');
    await waitForScreen('top_flaky to turn SUCCESS', (s) => (/^> top_flaky\s+SUCCESS\s+1\/1 /m.test(s) ? true : undefined));
    expect((await client.getExecution(flakyId)).state).toBe('SUCCESS');

    await tmux('send-keys', '-t', 'top', 'q');
    await waitForScreen('top to exit', (s) => (s.includes('top exited with 0') ? true : undefined));
  }, 600_000);
});
