/**
 * Sandbox limits shared by the YAQL and Jinja evaluators. Mistral runs with these off by default and
 * added a process-wide memory cap only after expression DoS reports; ours are on by default.
 */
import { ExpressionError, type ExpressionLanguage } from './errors.js';

export interface EvaluationLimits {
  /** Evaluation steps (AST nodes visited, items iterated) before giving up. */
  readonly maxSteps: number;
  /** Nesting depth of evaluation (recursion through lambdas, nested calls). */
  readonly maxDepth: number;
  /** Largest collection or string (items / characters) an expression may build. */
  readonly maxCollectionSize: number;
  /** Wall-clock budget in milliseconds, checked every few thousand steps. */
  readonly maxMillis: number;
}

export const DEFAULT_LIMITS: EvaluationLimits = Object.freeze({
  maxSteps: 5_000_000,
  maxDepth: 200,
  maxCollectionSize: 1_000_000,
  maxMillis: 2_000,
});

/** Counts work done by one evaluation and throws a `limit` ExpressionError when a bound is passed. */
export class Budget {
  private steps = 0;
  private depth = 0;
  private readonly startedAt = performance.now();

  constructor(
    readonly limits: EvaluationLimits,
    private readonly language: ExpressionLanguage,
    private readonly expression: string,
  ) {}

  /** Records `n` steps of work. */
  step(n = 1): void {
    this.steps += n;
    if (this.steps > this.limits.maxSteps) this.fail(`evaluation exceeded ${this.limits.maxSteps} steps`);
    if ((this.steps & 0xfff) === 0 && performance.now() - this.startedAt > this.limits.maxMillis) {
      this.fail(`evaluation exceeded ${this.limits.maxMillis} ms`);
    }
  }

  enter(): void {
    if (++this.depth > this.limits.maxDepth) this.fail(`evaluation nested deeper than ${this.limits.maxDepth} levels`);
  }

  leave(): void {
    this.depth--;
  }

  /** Checks the size of a collection or string about to be built. */
  checkSize(size: number): void {
    if (size > this.limits.maxCollectionSize) {
      this.fail(`result of ${size} items exceeds the limit of ${this.limits.maxCollectionSize}`);
    }
  }

  private fail(reason: string): never {
    throw new ExpressionError('limit', this.language, this.expression, reason);
  }
}
