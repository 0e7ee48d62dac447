import type { Command } from 'commander';
import { clientAction } from '../client/client-command.js';
import type { ClientContext } from '../client/client-command.js';
import { EXIT } from '../client/exit-codes.js';
import { emit } from '../client/output.js';
import { TopFeed } from '../top/top-feed.js';
import { snapshotJson, snapshotText } from '../top/top-format.js';
import { TopModel } from '../top/top-model.js';

interface TopFlags {
  once?: boolean;
  json?: boolean;
  workflow?: string;
  state?: string;
}

// The alternate screen: top's frames do not scroll away the shell's history, which comes back on quit.
const ENTER_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_SCREEN = '\x1b[?1049l';

/**
 * `convection top`: a live full-screen view of running and recently finished executions, fed by
 * the API's event stream. Without a terminal, or with --once/--json, one snapshot is printed.
 */
export function registerTop(program: Command, ctx: ClientContext): void {
  program
    .command('top')
    .description('live view of running and recent executions (keys: ↑↓/jk, Enter, r, p, c, s, f, /, q)')
    .option('--once', 'print one snapshot table and exit (the default without a terminal)')
    .option('--json', 'print one snapshot as JSON and exit')
    .option('--workflow <name>', 'only executions of this workflow')
    .option('--state <state>', 'only executions in this state')
    .action(
      clientAction(ctx, async (command, client) => {
        const opts = command.opts<TopFlags>();
        const api = await client();
        const model = new TopModel();
        const filter = { ...(opts.workflow === undefined ? {} : { workflow: opts.workflow }), ...(opts.state === undefined ? {} : { state: opts.state.toUpperCase() }) };
        const feed = new TopFeed(api, model, filter);
        const interactive = ctx.interactive && opts.once !== true && opts.json !== true;
        if (!interactive) {
          await feed.loadSnapshot();
          const now = Date.now();
          const rows = model.view({ sort: 'newest', filter: { kind: 'all' }, search: '' }, now);
          emit(ctx.io, opts.json, snapshotJson(model, rows, now), () => snapshotText(model, rows, now));
          return EXIT.ok;
        }
        // Fail before taking over the screen when the API cannot be read at all.
        await feed.loadSnapshot();
        const stop = new AbortController();
        let streamError: unknown;
        // ink draws only its last frame when it believes it runs in CI (it reads CI when first
        // imported); this is a real terminal asking for a live view, so it must draw every frame.
        process.env['CI'] = 'false';
        process.env['CONTINUOUS_INTEGRATION'] = 'false';
        // Loaded only here: the other commands start faster without React and ink.
        const [{ render }, { createElement }, { TopApp }] = await Promise.all([import('ink'), import('react'), import('../top/top-app.js')]);
        process.stdout.write(ENTER_SCREEN);
        const app = render(createElement(TopApp, { client: api, model, feed }), { exitOnCtrlC: true, patchConsole: false, maxFps: 10 });
        feed.follow(stop.signal).catch((error: unknown) => {
          streamError = error;
          app.unmount();
        });
        try {
          await app.waitUntilExit();
        } finally {
          stop.abort();
          process.stdout.write(LEAVE_SCREEN);
        }
        if (streamError !== undefined) throw streamError;
        return EXIT.ok;
      }),
    );
}
