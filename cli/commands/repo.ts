import type { Command } from 'commander';
import { z } from 'zod';
import { clientAction } from '../client/client-command.js';
import type { ClientContext } from '../client/client-command.js';
import { EXIT } from '../client/exit-codes.js';
import { emit, formatTable } from '../client/output.js';
import type { Column } from '../client/output.js';

const inputSchema = z.looseObject({ name: z.string(), required: z.boolean(), default: z.unknown().optional() });
const flowSchema = z.looseObject({
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  inputs: z.array(inputSchema),
  workflows: z.array(z.string()),
  needs_cloud: z.boolean(),
});
const fullFlowSchema = flowSchema.extend({ documentation: z.string(), definition: z.string() });
const listSchema = z.looseObject({ flows: z.array(flowSchema) });
const installSchema = z.looseObject({
  name: z.string(),
  namespace: z.string(),
  project_id: z.string(),
  workflows: z.array(z.looseObject({ name: z.string(), status: z.string() })),
});

type Flow = z.infer<typeof flowSchema>;

const COLUMNS: readonly Column<Flow>[] = [
  { header: 'Name', value: (f) => f.name },
  { header: 'Needs', value: (f) => (f.needs_cloud ? 'OpenStack' : '-') },
  { header: 'Tags', value: (f) => f.tags.join(', '), max: 48 },
  { header: 'Description', value: (f) => f.description, max: 80 },
];

function inputLine(i: z.infer<typeof inputSchema>): string {
  return i.required ? `  ${i.name} (required)` : `  ${i.name} = ${JSON.stringify(i.default)}`;
}

function describeFlow(f: z.infer<typeof fullFlowSchema>): string {
  return [
    `${f.name}: ${f.description}`,
    `tags: ${f.tags.join(', ')}`,
    `workflows: ${f.workflows.join(', ')}`,
    'inputs:',
    ...f.inputs.map(inputLine),
    '',
    f.documentation,
    '',
  ].join('\n');
}

/** `convection repo list|show|install`: the workflow repository (`/v2/repository`). */
export function registerRepo(program: Command, ctx: ClientContext): void {
  const { io } = ctx;
  const group = program.command('repo').description('browse the workflow repository and install its flows into your project');

  group
    .command('list')
    .description('list the ready-made flows')
    .option('--tag <tag>', 'only flows with this tag')
    .option('--json', 'print the API objects as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const opts = command.opts<{ tag?: string; json?: boolean }>();
        const { flows } = await (await client()).transport.json('GET', '/repository', listSchema);
        const rows = opts.tag === undefined ? flows : flows.filter((f) => f.tags.includes(opts.tag as string));
        emit(io, opts.json, rows, () => formatTable(COLUMNS, rows));
        return EXIT.ok;
      }),
    );

  group
    .command('show')
    .description("show a flow: description, inputs, documentation (--definition: only its Mistral YAML)")
    .argument('<name>', 'flow name')
    .option('--definition', 'print only the workflow definition (YAML), e.g. to save and edit it')
    .option('--json', 'print the API object as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const opts = command.opts<{ definition?: boolean; json?: boolean }>();
        const name = command.processedArgs[0] as string;
        const flow = await (await client()).transport.json('GET', `/repository/${encodeURIComponent(name)}`, fullFlowSchema);
        if (opts.definition === true) io.out(flow.definition);
        else emit(io, opts.json, flow, () => describeFlow(flow));
        return EXIT.ok;
      }),
    );

  group
    .command('install')
    .description('install a flow into your project (installing the same flow again changes nothing)')
    .argument('<name>', 'flow name')
    .option('--namespace <namespace>', 'namespace to install into (default: the default namespace)')
    .option('--json', 'print the API answer as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const opts = command.opts<{ namespace?: string; json?: boolean }>();
        const name = command.processedArgs[0] as string;
        const body = opts.namespace === undefined ? {} : { namespace: opts.namespace };
        const answer = await (await client()).transport.json('POST', `/repository/${encodeURIComponent(name)}/install`, installSchema, { json: body });
        emit(io, opts.json, answer, () => `installed ${answer.name} into project ${answer.project_id}, namespace '${answer.namespace}': ${answer.workflows.map((w) => `${w.name} (${w.status})`).join(', ')}\n`);
        return EXIT.ok;
      }),
    );
}
