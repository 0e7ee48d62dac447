import type { Command } from 'commander';
import type { Workflow } from '../../lib/engine-client/index.js';
import { clientAction } from '../client/client-command.js';
import type { ClientContext } from '../client/client-command.js';
import { EXIT } from '../client/exit-codes.js';
import { emit, formatRecord, formatTable } from '../client/output.js';
import type { Column } from '../client/output.js';
import { readDefinition } from '../client/read-definition.js';

const COLUMNS: readonly Column<Workflow>[] = [
  { header: 'ID', value: (w) => w.id },
  { header: 'Name', value: (w) => w.name },
  { header: 'Namespace', value: (w) => w.namespace ?? '' },
  { header: 'Input', value: (w) => w.input ?? '', max: 40 },
  { header: 'Scope', value: (w) => w.scope ?? '' },
  { header: 'Created', value: (w) => w.created_at ?? '' },
];

function record(w: Workflow): string {
  return formatRecord([
    ['ID', w.id],
    ['Name', w.name],
    ['Namespace', w.namespace ?? ''],
    ['Input', w.input ?? ''],
    ['Tags', (w.tags ?? []).join(', ')],
    ['Scope', w.scope ?? ''],
    ['Project', w.project_id ?? ''],
    ['Created', w.created_at ?? ''],
    ['Updated', w.updated_at ?? ''],
    ['Definition', (w.definition ?? '').trimEnd()],
  ]);
}

interface DefinitionFlags {
  json?: boolean;
  scope?: 'private' | 'public';
  namespace?: string;
}

/** `convection workflow create|update|list|show|delete|validate`: workflow definitions on the server. */
export function registerWorkflow(program: Command, ctx: ClientContext): void {
  const { io } = ctx;
  const group = program.command('workflow').description('manage workflow definitions on the server');

  group
    .command('list')
    .description('list the workflows you can see')
    .option('--json', 'print the API objects as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const rows = await (await client()).listWorkflows();
        emit(io, command.opts<{ json?: boolean }>().json, rows, () => formatTable(COLUMNS, rows));
        return EXIT.ok;
      }),
    );

  group
    .command('show')
    .description('show one workflow with its definition')
    .argument('<workflow>', 'name or id')
    .option('--json', 'print the API object as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const w = await (await client()).getWorkflow(command.processedArgs[0] as string);
        emit(io, command.opts<{ json?: boolean }>().json, w, () => record(w));
        return EXIT.ok;
      }),
    );

  for (const verb of ['create', 'update'] as const) {
    group
      .command(verb)
      .description(verb === 'create' ? 'upload the workflows of a YAML document' : 'replace workflows by the ones of a YAML document (matched by name)')
      .argument('<file>', 'workflow YAML (one or more workflows)')
      .option('--scope <scope>', 'private or public (public needs admin)')
      .option('--namespace <namespace>', 'namespace of the workflows')
      .option('--json', 'print the API objects as JSON')
      .action(
        clientAction(ctx, async (command, client) => {
          const text = readDefinition(command.processedArgs[0] as string);
          const opts = command.opts<DefinitionFlags>();
          const api = await client();
          const options = { ...(opts.scope === undefined ? {} : { scope: opts.scope }), ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }) };
          const rows = verb === 'create' ? await api.createWorkflows(text, options) : await api.updateWorkflows(text, options);
          emit(io, opts.json, rows, () => formatTable(COLUMNS, rows));
          return EXIT.ok;
        }),
      );
  }

  group
    .command('delete')
    .description('delete workflows')
    .argument('<workflow...>', 'names or ids')
    .option('--namespace <namespace>', 'namespace of the workflows')
    .action(
      clientAction(ctx, async (command, client) => {
        const api = await client();
        for (const name of command.processedArgs[0] as string[]) {
          await api.deleteWorkflow(name, command.opts<{ namespace?: string }>().namespace);
          io.out(`deleted workflow ${name}\n`);
        }
        return EXIT.ok;
      }),
    );

  group
    .command('validate')
    .description('have the server check a workflow document without storing it (`convection validate` checks locally)')
    .argument('<file>', 'workflow YAML')
    .option('--json', 'print the API answer as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const result = await (await client()).validateWorkflows(readDefinition(command.processedArgs[0] as string));
        emit(io, command.opts<{ json?: boolean }>().json, result, () => (result.valid ? 'OK\n' : `${result.error ?? 'invalid'}\n`));
        return result.valid ? EXIT.ok : EXIT.usage;
      }),
    );
}
