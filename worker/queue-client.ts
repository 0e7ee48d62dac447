/**
 * The HTTP side of a worker: poll, heartbeat, release and complete, against Convection's
 * `/v2/queues` routes and the standard `PUT /v2/action_executions/{id}`. A 401 renews the token
 * once and tries again; every other failure is thrown as {@link QueueHttpError} (a 409 means the
 * lease is gone) or as the network error itself, for the worker to back off and retry.
 */
import type { TokenSource } from './auth.js';

/** An item a poll leased to this worker. */
export interface LeasedItem {
  readonly id: string;
  /** The action name as the task called it (the ad-hoc action's name). */
  readonly name: string;
  readonly queue: string;
  readonly project_id: string;
  readonly input: unknown;
  readonly lease_id: string;
  readonly lease_expires_at: string;
  readonly lease_seconds: number;
  readonly attempt: number;
  readonly workflow_execution_id: string | null;
  readonly workflow_name: string | null;
  readonly task_execution_id: string | null;
  readonly task_name: string | null;
}

export class QueueHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'QueueHttpError';
  }

  /** The lease is no longer ours (expired, completed, released or cancelled). */
  get leaseLost(): boolean {
    return this.status === 409;
  }
}

export interface PollOptions {
  readonly batchSize: number;
  readonly waitSeconds: number;
  readonly leaseSeconds: number;
  readonly worker: string;
  readonly allProjects: boolean;
  readonly signal?: AbortSignal;
}

export class QueueClient {
  readonly #base: string;
  readonly #queue: string;
  readonly #tokens: TokenSource;

  /** `url`: the server (`http://host:8989`), with or without `/v2`. */
  constructor(url: string, queue: string, tokens: TokenSource) {
    this.#base = `${url.replace(/\/+$/, '').replace(/\/v2$/, '')}/v2`;
    this.#queue = encodeURIComponent(queue);
    this.#tokens = tokens;
  }

  async poll(options: PollOptions): Promise<LeasedItem[]> {
    const query = options.allProjects ? '?all_projects=true' : '';
    const body = { batch_size: options.batchSize, wait_seconds: options.waitSeconds, lease_seconds: options.leaseSeconds, worker: options.worker };
    const answer = (await this.#send('POST', `/queues/${this.#queue}/poll${query}`, body, {}, options.signal)) as { action_executions: LeasedItem[] };
    return answer.action_executions;
  }

  /** Extends the lease; true when the action execution was cancelled meanwhile. */
  async heartbeat(item: LeasedItem, leaseSeconds: number, progress?: unknown): Promise<boolean> {
    const body = { action_execution_id: item.id, lease_id: item.lease_id, lease_seconds: leaseSeconds, ...(progress === undefined ? {} : { progress }) };
    const answer = (await this.#send('POST', `/queues/${this.#queue}/heartbeat`, body)) as { cancelled: boolean };
    return answer.cancelled;
  }

  async release(item: LeasedItem): Promise<void> {
    await this.#send('POST', `/queues/${this.#queue}/release`, { action_execution_id: item.id, lease_id: item.lease_id });
  }

  /** Completes the action execution: `output` on SUCCESS, the error data on ERROR. */
  async complete(item: LeasedItem, state: 'SUCCESS' | 'ERROR', output: unknown): Promise<void> {
    // The API reads a string holding JSON as that JSON (what Mistral's CLI sends).
    const body = { state, output: JSON.stringify(output ?? null) };
    await this.#send('PUT', `/action_executions/${encodeURIComponent(item.id)}`, body, { 'x-convection-lease-id': item.lease_id });
  }

  async #send(method: string, path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.#tokens.token();
      const response = await fetch(`${this.#base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers, ...(token === null ? {} : { 'x-auth-token': token }) },
        body: JSON.stringify(body),
        ...(signal === undefined ? {} : { signal }),
      });
      if (response.status === 401 && attempt === 0) {
        await response.body?.cancel();
        this.#tokens.invalidate();
        continue;
      }
      const text = await response.text();
      if (!response.ok) throw new QueueHttpError(response.status, `${method} ${path}: ${response.status} ${faultOf(text)}`);
      return text === '' ? null : (JSON.parse(text) as unknown);
    }
  }
}

function faultOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { faultstring?: unknown };
    if (typeof parsed.faultstring === 'string') return parsed.faultstring;
  } catch {
    // Not JSON: the text itself says what went wrong.
  }
  return text.slice(0, 500);
}
