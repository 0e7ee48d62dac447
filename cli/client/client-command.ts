/**
 * The plumbing every client command shares: the OpenStack-style connection options (global, so
 * they work before or after the subcommand), connecting, and turning failures into one line on
 * stderr and an exit code. A command body only talks to the API and prints.
 */
import { Option } from 'commander';
import type { Command } from 'commander';
import { connect, isClientError } from '../../lib/engine-client/index.js';
import type { ConnectionFlags, EngineClient } from '../../lib/engine-client/index.js';
import type { CommandIo } from '../io.js';
import { ArgumentError } from '../read-json-arg.js';
import { EXIT } from './exit-codes.js';

export interface ClientContext {
  readonly io: CommandIo;
  readonly setExit: (code: number) => void;
  /** Where OS_* and CONVECTION_URL are read (tests pass their own). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** stderr is a terminal: progress lines are redrawn in place. */
  readonly tty: boolean;
  /** stdin and stdout are a terminal: `top` may take over the screen. */
  readonly interactive: boolean;
}

/** Adds `--url` and the `--os-*` flags to the root program. */
export function addConnectionOptions(program: Command): void {
  program
    .addOption(new Option('--url <url>', 'Convection API URL (default: $CONVECTION_URL, else the catalog, else http://127.0.0.1:8989/v2)'))
    .addOption(new Option('--os-auth-url <url>', 'Keystone URL (default: $OS_AUTH_URL)'))
    .addOption(new Option('--os-username <name>', 'user name (default: $OS_USERNAME)'))
    .addOption(new Option('--os-password <password>', 'password (default: $OS_PASSWORD)'))
    .addOption(new Option('--os-project-name <name>', 'project (default: $OS_PROJECT_NAME)'))
    .addOption(new Option('--os-project-id <id>', 'project id (default: $OS_PROJECT_ID)'))
    .addOption(new Option('--os-user-domain-name <name>', 'user domain (default: $OS_USER_DOMAIN_NAME or Default)'))
    .addOption(new Option('--os-project-domain-name <name>', 'project domain (default: $OS_PROJECT_DOMAIN_NAME or Default)'))
    .addOption(new Option('--os-token <token>', 'a Keystone token instead of a password (default: $OS_TOKEN)'))
    .addOption(new Option('--os-region-name <region>', 'catalog region (default: $OS_REGION_NAME)'))
    .addOption(new Option('--os-interface <interface>', 'catalog interface: public, internal or admin (default: $OS_INTERFACE or public)'));
}

function flagsOf(command: Command): ConnectionFlags {
  const o = command.optsWithGlobals<Record<string, string | undefined>>();
  const flags: Record<string, string> = {};
  for (const key of ['url', 'osAuthUrl', 'osUsername', 'osPassword', 'osProjectName', 'osProjectId', 'osUserDomainName', 'osProjectDomainName', 'osToken', 'osRegionName', 'osInterface']) {
    const value = o[key];
    if (typeof value === 'string') flags[key] = value;
  }
  return flags;
}

/** Connects as the command's flags and the environment say; failures become a ClientError. */
export function connectFor(ctx: ClientContext, command: Command): Promise<EngineClient> {
  return connect({ env: ctx.env, flags: flagsOf(command) });
}

/** Exit code and message of a failure; unexpected errors are rethrown. */
export function reportFailure(ctx: ClientContext, error: unknown): number {
  if (error instanceof ArgumentError) {
    ctx.io.err(`convection: ${error.message}\n`);
    return EXIT.usage;
  }
  if (isClientError(error)) {
    ctx.io.err(`convection: ${error.message}\n`);
    if (error.code === 'api') return error.status === 400 || error.status === 413 || error.status === 415 ? EXIT.usage : EXIT.failed;
    return error.code === 'protocol' ? EXIT.failed : EXIT.connection;
  }
  throw error;
}

/** Connects on first call and returns the same client after; lets a command check its input first. */
export type ClientGetter = () => Promise<EngineClient>;

/**
 * A commander action: `body` gets the command (its `processedArgs` and `opts()`) and a getter that
 * connects when first called, so bad input is reported before any connection is tried. The exit
 * code is what `body` returns, or the failure's.
 */
export function clientAction(ctx: ClientContext, body: (command: Command, client: ClientGetter) => Promise<number>): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const command = args[args.length - 1] as Command;
    let connected: Promise<EngineClient> | undefined;
    const client: ClientGetter = () => (connected ??= connectFor(ctx, command));
    try {
      ctx.setExit(await body(command, client));
    } catch (error) {
      ctx.setExit(reportFailure(ctx, error));
    }
  };
}
