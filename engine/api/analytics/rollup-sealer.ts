/**
 * Keeps the hourly rollups current: seals finished hours in the background, first right away,
 * then every interval and whenever an analytics request nudges it, one sealing run at a time per
 * process. Answers never wait for it: what is not sealed yet is read from the raw rows.
 */
import type { Store } from '../../store/open-store.js';
import { sealHours } from './rollups.js';

export interface RollupSealerOptions {
  /** How often the background run looks for newly finished hours. @default 60_000 */
  readonly intervalMs?: number;
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
}

export class RollupSealer {
  private running: Promise<number> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    private readonly options: RollupSealerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Seals what is due; joins the run in progress if there is one. Resolves to the hours sealed. */
  seal(): Promise<number> {
    this.running ??= sealHours(this.store, this.now()).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Starts a sealing run unless one is going; does not wait for it. */
  nudge(): void {
    this.seal().catch((e: unknown) => this.options.onError?.(e));
  }

  start(): void {
    if (this.timer !== null) return;
    this.nudge();
    this.timer = setInterval(() => this.nudge(), this.intervalMs);
    this.timer.unref();
  }

  /** Resolves when no sealing run is going. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
  }
}

const sealers = new WeakMap<Store, RollupSealer>();

/** The one sealer of a store in this process, so apps sharing a store do not race each other. */
export function rollupSealerOf(store: Store, options: RollupSealerOptions = {}): RollupSealer {
  let sealer = sealers.get(store);
  if (sealer === undefined) {
    sealer = new RollupSealer(store, options);
    sealers.set(store, sealer);
  }
  return sealer;
}
