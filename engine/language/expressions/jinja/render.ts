/**
 * Runs template statements. Scoping follows Jinja: a `for` body gets a fresh scope per iteration (a
 * `set` inside a loop does not leak out), `if` does not open a scope, `with` does.
 */
import type { Value } from '../../values/value.js';
import type { Stmt, Target } from './ast.js';
import type { Evaluator, Scope } from './evaluate.js';
import { printable } from './py-str.js';
import { LoopContext, Namespace, PyError, jTruthy, strict, type JValue } from './runtime.js';
import { iterate } from './sequences.js';

export class Renderer {
  /** Characters produced so far, across nested captures, checked against the size limit. */
  private produced = 0;

  constructor(private readonly ev: Evaluator) {}

  render(body: readonly Stmt[], scope: Scope): string {
    const out: string[] = [];
    this.run(body, scope, out);
    return out.join('');
  }

  private write(out: string[], text: string): void {
    this.produced += text.length;
    this.ev.budget.checkSize(this.produced);
    out.push(text);
  }

  private run(body: readonly Stmt[], scope: Scope, out: string[]): void {
    for (const stmt of body) {
      this.ev.budget.step();
      this.ev.budget.enter();
      try {
        this.exec(stmt, scope, out);
      } finally {
        this.ev.budget.leave();
      }
    }
  }

  private exec(stmt: Stmt, scope: Scope, out: string[]): void {
    switch (stmt.kind) {
      case 'text':
        this.write(out, stmt.text);
        return;
      case 'print':
        this.write(out, printable(this.ev.eval(stmt.expr, scope)));
        return;
      case 'if': {
        const branch = stmt.branches.find((b) => jTruthy(this.ev.eval(b.test, scope)));
        this.run(branch ? branch.body : stmt.otherwise, scope, out);
        return;
      }
      case 'for':
        this.loop(stmt, scope, out);
        return;
      case 'set':
        assign(stmt.target, this.ev.eval(stmt.expr, scope), scope, this.ev);
        return;
      case 'setblock': {
        const text = this.render(stmt.body, scope.child());
        const value = stmt.filter ? this.ev.applyFilters(stmt.filter, text, scope) : text;
        assign(stmt.target, value, scope, this.ev);
        return;
      }
      case 'with': {
        const inner = scope.child();
        const values = stmt.assignments.map((a) => this.ev.eval(a.value, scope));
        stmt.assignments.forEach((a, i) => assign(a.target, values[i] as JValue, inner, this.ev));
        this.run(stmt.body, inner, out);
        return;
      }
      case 'filterblock': {
        const text = this.render(stmt.body, scope.child());
        this.write(out, printable(this.ev.applyFilters(stmt.filter, text, scope)));
        return;
      }
    }
  }

  private loop(stmt: Extract<Stmt, { kind: 'for' }>, scope: Scope, out: string[]): void {
    let items = iterate(strict(this.ev.eval(stmt.iter, scope)), this.ev.budget);
    const filter = stmt.filter;
    if (filter) {
      items = items.filter((item) => {
        this.ev.budget.step();
        const s = scope.child();
        assign(stmt.target, item, s, this.ev);
        return jTruthy(this.ev.eval(filter, s));
      });
    }
    if (items.length === 0) {
      this.run(stmt.otherwise, scope, out);
      return;
    }
    const loop = new LoopContext(items);
    items.forEach((item, i) => {
      this.ev.budget.step();
      loop.index0 = i;
      const s = scope.child();
      s.set('loop', loop);
      assign(stmt.target, item, s, this.ev);
      this.run(stmt.body, s, out);
    });
  }
}

function assign(target: Target, value: JValue, scope: Scope, ev: Evaluator): void {
  switch (target.kind) {
    case 'name':
      scope.set(target.name, value);
      return;
    case 'nsref': {
      const ns = scope.lookup(target.name);
      if (!(ns instanceof Namespace)) throw new PyError('cannot assign attribute on non-namespace object');
      ns.attrs.set(target.attr, strict(value));
      return;
    }
    case 'tuple': {
      const items = iterate(strict(value), ev.budget);
      const n = target.items.length;
      if (items.length < n) throw new PyError(`not enough values to unpack (expected ${n}, got ${items.length})`);
      if (items.length > n) throw new PyError(`too many values to unpack (expected ${n})`);
      target.items.forEach((t, i) => assign(t, items[i] as Value, scope, ev));
      return;
    }
  }
}
