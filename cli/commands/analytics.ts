import type { Command } from 'commander';
import type { TaskAnalytics } from '../../lib/engine-client/index.js';
import { clientAction } from '../client/client-command.js';
import type { ClientContext } from '../client/client-command.js';
import { EXIT } from '../client/exit-codes.js';
import { bar, emit, formatDuration, formatRate, formatTable } from '../client/output.js';
import type { Column } from '../client/output.js';
import { ArgumentError } from '../read-json-arg.js';

const UNITS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `7d`, `12h`, `30m`, `2w` before now, or a date/time (`2026-11-01`, ISO) as epoch ms. */
export function parseSince(text: string, now: number): number {
  const relative = /^(\d+)\s*([mhdw])$/.exec(text.trim());
  if (relative !== null) return now - Number(relative[1]) * (UNITS[relative[2] as string] as number);
  const absolute = Date.parse(/^\d{4}-\d\d-\d\d$/.test(text.trim()) ? `${text.trim()}T00:00:00Z` : text.trim());
  if (Number.isNaN(absolute)) throw new ArgumentError(`--since: expected a duration such as 7d, 12h, 30m, 2w or a date such as 2026-11-01, got "${text}"`);
  return absolute;
}

type TaskRow = TaskAnalytics['tasks'][number];

function taskColumns(rows: readonly TaskRow[]): Column<TaskRow>[] {
  const slowest = Math.max(1, ...rows.map((t) => t.p95_duration_ms ?? t.avg_duration_ms ?? 0));
  return [
    { header: 'Task', value: (t) => t.name, max: 24 },
    { header: 'Runs', value: (t) => String(t.count), right: true },
    { header: 'Avg', value: (t) => formatDuration(t.avg_duration_ms), right: true },
    { header: 'P95', value: (t) => formatDuration(t.p95_duration_ms), right: true },
    { header: 'Duration (avg, p95 scale)', value: (t) => bar((t.avg_duration_ms ?? 0) / slowest, 16) },
    { header: 'Failed', value: (t) => formatRate(t.failure_rate), right: true },
    { header: '', value: (t) => bar(t.failure_rate ?? 0, 8) },
    { header: 'Critical', value: (t) => formatRate(t.critical_path_share), right: true },
  ];
}

/**
 * `convection analytics WORKFLOW [--since 7d]`: how the workflow did (count, success rate,
 * durations) and, per task, average and p95 duration and failure rate with small bar charts.
 */
export function registerAnalytics(program: Command, ctx: ClientContext): void {
  program
    .command('analytics')
    .description('per-task durations and failure rates of a workflow, with bar charts')
    .argument('<workflow>', 'workflow name')
    .option('--since <when>', 'start of the window: 7d, 12h, 30m, 2w or a date', '7d')
    .option('--json', 'print {workflow, tasks} as JSON (the API objects)')
    .action(
      clientAction(ctx, async (command, client) => {
        const name = command.processedArgs[0] as string;
        const opts = command.opts<{ since: string; json?: boolean }>();
        const window = { since: parseSince(opts.since, Date.now()) };
        const api = await client();
        const [overall, tasks] = await Promise.all([api.workflowAnalytics(window), api.taskAnalytics(name, window)]);
        const summary = overall.workflows.find((w) => w.workflow_name === name) ?? null;
        emit(ctx.io, opts.json, { workflow: summary, tasks }, () => {
          const head =
            summary === null
              ? `${name}: no finished executions since ${tasks.since} UTC\n`
              : `${name}: ${summary.count} execution${summary.count === 1 ? '' : 's'} since ${tasks.since} UTC · success ${formatRate(summary.success_rate)} · ` +
                `errors ${formatRate(summary.error_rate)} · avg ${formatDuration(summary.avg_duration_ms)} · p95 ${formatDuration(summary.p95_duration_ms)}\n`;
          return `${head}\n${formatTable(taskColumns(tasks.tasks), tasks.tasks)}${tasks.sampled === true || tasks.tasks.some((t) => t.percentiles_exact === false) ? '(p95 figures from a sample of the tasks)\n' : ''}`;
        });
        return EXIT.ok;
      }),
    );
}
