/**
 * The evaluation's view of its {@link Budget}: steps per node and per item, depth per call, sizes of
 * what it builds — plus wall-clock checks for single operations that do a lot of work at once
 * (repeating a string, printing a large value), which step counting alone would not see.
 */
import { ExpressionError } from '../errors.js';
import type { Budget } from '../limits.js';

const BULK_CHECK_EVERY = 1 << 16;

export class Meter {
  private readonly startedAt = performance.now();
  private bulkSinceCheck = 0;

  constructor(
    private readonly budget: Budget,
    private readonly expression: string,
  ) {}

  get maxCollectionSize(): number {
    return this.budget.limits.maxCollectionSize;
  }

  step(): void {
    this.budget.step();
  }

  enter(): void {
    this.budget.enter();
  }

  leave(): void {
    this.budget.leave();
  }

  checkSize(size: number): void {
    this.budget.checkSize(size);
  }

  /** Records one step that processed `amount` characters or items in one go. */
  bulk(amount: number): void {
    this.budget.step();
    this.bulkSinceCheck += amount;
    if (this.bulkSinceCheck < BULK_CHECK_EVERY) return;
    this.bulkSinceCheck = 0;
    const max = this.budget.limits.maxMillis;
    if (performance.now() - this.startedAt > max) {
      throw new ExpressionError('limit', 'yaql', this.expression, `evaluation exceeded ${max} ms`);
    }
  }
}
