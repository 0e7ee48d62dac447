/**
 * Operator settings for the standard actions. Every field has a default, so an engine with no
 * configuration gets the safe behaviour (private HTTP targets refused, bounded sandboxes).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface HttpActionsConfig {
  /** Whole-request deadline when the action gives no `timeout`. @default 60 */
  readonly timeoutSeconds: number;
  /** Largest response body accepted, after decompression. @default 10 MiB */
  readonly maxResponseBytes: number;
  /** Redirects followed when `allow_redirects` is true. @default 30 (as python-requests) */
  readonly maxRedirects: number;
  /** Lets std.http reach loopback and link-local addresses (metadata services live there). @default false */
  readonly allowPrivateTargets: boolean;
  /** Exceptions to the private-target refusal: host names, IP addresses or CIDR blocks. @default [] */
  readonly allowedPrivateTargets: readonly string[];
  /** @default 'convection' */
  readonly userAgent: string;
}

export interface JavaScriptActionsConfig {
  /** Heap limit of the QuickJS runtime. @default 32 MiB */
  readonly memoryLimitBytes: number;
  /** Wall-clock budget for one script, checked by the interpreter's interrupt hook. @default 5000 */
  readonly timeoutMs: number;
  /**
   * Interpreter stack limit; deep recursion fails with "stack overflow". Above ~384 KiB the host's
   * own stack may run out first (still reported as a stack overflow). At most 4 MiB. @default 256 KiB
   */
  readonly maxStackBytes: number;
}

export interface EmailActionsConfig {
  /** Connection, greeting and socket-idle timeout. @default 60 */
  readonly timeoutSeconds: number;
  /** Verify the SMTP server certificate after STARTTLS. @default true */
  readonly tlsRejectUnauthorized: boolean;
}

export interface SshActionsConfig {
  /** Time to connect and authenticate. @default 30 */
  readonly connectTimeoutSeconds: number;
  /** Where relative `private_key_filename`s are looked up (Mistral: `~/.ssh/`). @default ~/.ssh */
  readonly keyDir: string;
  /** `proxy_command` runs a local process on the engine host, so it is off unless enabled. @default false */
  readonly allowProxyCommand: boolean;
  /** Largest stdout/stderr kept per command. @default 10 MiB */
  readonly maxOutputBytes: number;
}

export interface ActionsConfig {
  readonly http: HttpActionsConfig;
  readonly javascript: JavaScriptActionsConfig;
  readonly email: EmailActionsConfig;
  readonly ssh: SshActionsConfig;
}

/** Partial settings, as read from a configuration file; missing fields take the defaults. */
export interface ActionsConfigInput {
  readonly http?: Partial<HttpActionsConfig>;
  readonly javascript?: Partial<JavaScriptActionsConfig>;
  readonly email?: Partial<EmailActionsConfig>;
  readonly ssh?: Partial<SshActionsConfig>;
}

const MiB = 1024 * 1024;

export const DEFAULT_ACTIONS_CONFIG: ActionsConfig = Object.freeze({
  http: Object.freeze({
    timeoutSeconds: 60,
    maxResponseBytes: 10 * MiB,
    maxRedirects: 30,
    allowPrivateTargets: false,
    allowedPrivateTargets: Object.freeze([]) as readonly string[],
    userAgent: 'convection',
  }),
  javascript: Object.freeze({ memoryLimitBytes: 32 * MiB, timeoutMs: 5000, maxStackBytes: 256 * 1024 }),
  email: Object.freeze({ timeoutSeconds: 60, tlsRejectUnauthorized: true }),
  ssh: Object.freeze({
    connectTimeoutSeconds: 30,
    keyDir: join(homedir(), '.ssh'),
    allowProxyCommand: false,
    maxOutputBytes: 10 * MiB,
  }),
});

/** Fills defaults and rejects nonsensical numbers, naming the offending setting. */
export function resolveActionsConfig(input: ActionsConfigInput = {}): ActionsConfig {
  const config: ActionsConfig = {
    http: { ...DEFAULT_ACTIONS_CONFIG.http, ...input.http },
    javascript: { ...DEFAULT_ACTIONS_CONFIG.javascript, ...input.javascript },
    email: { ...DEFAULT_ACTIONS_CONFIG.email, ...input.email },
    ssh: { ...DEFAULT_ACTIONS_CONFIG.ssh, ...input.ssh },
  };
  const positive: [string, number][] = [
    ['http.timeoutSeconds', config.http.timeoutSeconds],
    ['http.maxResponseBytes', config.http.maxResponseBytes],
    ['javascript.memoryLimitBytes', config.javascript.memoryLimitBytes],
    ['javascript.timeoutMs', config.javascript.timeoutMs],
    ['javascript.maxStackBytes', config.javascript.maxStackBytes],
    ['email.timeoutSeconds', config.email.timeoutSeconds],
    ['ssh.connectTimeoutSeconds', config.ssh.connectTimeoutSeconds],
    ['ssh.maxOutputBytes', config.ssh.maxOutputBytes],
  ];
  for (const [name, value] of positive) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`actions config ${name} must be a positive number, got ${String(value)}`);
    }
  }
  // The QuickJS build has a 5 MiB C stack; a larger limit wraps its stack check and fails every script.
  if (config.javascript.maxStackBytes > 4 * MiB) {
    throw new RangeError(`actions config javascript.maxStackBytes must be at most 4 MiB`);
  }
  if (!Number.isInteger(config.http.maxRedirects) || config.http.maxRedirects < 0) {
    throw new RangeError(`actions config http.maxRedirects must be a non-negative integer`);
  }
  return config;
}
