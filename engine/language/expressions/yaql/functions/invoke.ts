/**
 * Overload resolution, as yaql's runner does it: bind the arguments to each overload's parameters
 * (arity, keyword names, defaults), evaluate the eager arguments once, then take the first overload
 * whose parameter types accept them. Lazy parameters receive the unevaluated argument as a lambda.
 */
import type { Value } from '../../../values/value.js';
import type { Argument, Node } from '../ast.js';
import { fail, noMatchingFunction, noMatchingMethod } from '../errors.js';
import { Lambda, MappingRule, type CallContext, type NodeEvaluator } from '../runtime.js';
import type { Scope } from '../scope.js';
import type { Overload, Param } from './signature.js';

/** One argument as written: an expression, an omitted position, a `key => value` rule, or the receiver. */
type Slot =
  | { readonly kind: 'node'; readonly node: Node }
  | { readonly kind: 'skip' }
  | { readonly kind: 'rule'; readonly key: Node; readonly value: Node }
  | { readonly kind: 'receiver'; readonly value: Value };

/** Where a parameter's argument comes from. */
type Ref = { readonly positional: number } | { readonly named: string } | 'default';

interface Binding {
  readonly overload: Overload;
  readonly params: readonly Ref[];
  readonly rest: readonly number[];
  readonly kwargs: readonly string[];
}

export interface CallSite {
  readonly name: string;
  readonly overloads: readonly Overload[];
  /** Present for method calls: the evaluated receiver, which binds to the first parameter. */
  readonly receiver?: { readonly value: Value };
  readonly args: readonly Argument[];
  readonly scope: Scope;
  readonly evaluator: NodeEvaluator;
}

export function callBuiltin(site: CallSite): Value {
  const noKwargs = site.overloads[0]?.noKwargs ?? false;
  const slots: Slot[] = site.receiver ? [{ kind: 'receiver', value: site.receiver.value }] : [];
  const named = new Map<string, Node>();
  for (const arg of site.args) {
    if (arg.kind === 'positional') slots.push({ kind: 'node', node: arg.value });
    else if (arg.kind === 'skipped') slots.push({ kind: 'skip' });
    else if (noKwargs) slots.push({ kind: 'rule', key: arg.key, value: arg.value });
    else if (arg.key.type === 'keyword') named.set(arg.key.name, arg.value);
    else fail('Cannot convert mapping to keyword argument');
  }
  const bindings = site.overloads.map((o) => bind(o, slots, named)).filter((b): b is Binding => b !== undefined);
  const args = new ArgumentValues(site, slots, named);
  const first = bindings[0];
  if (first !== undefined) args.prefetch(first);
  for (const b of bindings) {
    if (!accepts(b, args)) continue;
    return invoke(b, args, site);
  }
  return site.receiver ? noMatchingMethod(site.name, site.receiver.value) : noMatchingFunction(site.name);
}

function keywordOf(p: Param<unknown>, named: ReadonlyMap<string, Node>): string | undefined {
  if (named.has(p.name)) return p.name;
  return p.aliases.find((a) => named.has(a));
}

function bind(o: Overload, slots: readonly Slot[], named: ReadonlyMap<string, Node>): Binding | undefined {
  const used = new Set<string>();
  const params: Ref[] = [];
  for (let i = 0; i < o.params.length; i++) {
    const p = o.params[i] as Param<unknown>;
    const keyword = keywordOf(p, named);
    const slot = slots[i];
    if (slot !== undefined && slot.kind !== 'skip') {
      if (keyword !== undefined) return undefined;
      params.push({ positional: i });
    } else if (keyword !== undefined) {
      used.add(keyword);
      params.push({ named: keyword });
    } else if (p.optional) params.push('default');
    else return undefined;
  }
  const rest: number[] = [];
  for (let i = o.params.length; i < slots.length; i++) {
    if (o.rest === undefined || slots[i]?.kind === 'skip') return undefined;
    rest.push(i);
  }
  const kwargs = [...named.keys()].filter((k) => !used.has(k));
  if (kwargs.length > 0 && !o.kwargs) return undefined;
  return { overload: o, params, rest, kwargs };
}

/** Evaluates each argument at most once, in the order it was written. */
class ArgumentValues {
  private readonly positional: (Value | undefined)[] = [];
  private readonly namedValues = new Map<string, Value>();

  constructor(
    private readonly site: CallSite,
    readonly slots: readonly Slot[],
    readonly named: ReadonlyMap<string, Node>,
  ) {}

  prefetch(b: Binding): void {
    const lazy = new Set<Ref>();
    b.params.forEach((ref, i) => {
      if (b.overload.params[i]?.kind !== 'value') lazy.add(ref);
    });
    b.params.forEach((ref) => {
      if (ref !== 'default' && 'positional' in ref && !lazy.has(ref)) this.slotValue(ref.positional);
    });
    if (b.overload.rest?.kind === 'value') for (const i of b.rest) this.slotValue(i);
    b.params.forEach((ref) => {
      if (ref !== 'default' && 'named' in ref && !lazy.has(ref)) this.namedValue(ref.named);
    });
    for (const k of b.kwargs) this.namedValue(k);
  }

  /** The evaluated argument, or undefined when the slot is not an expression (a rule or omitted). */
  slotValue(i: number): Value | undefined {
    const slot = this.slots[i];
    if (slot === undefined || slot.kind === 'skip' || slot.kind === 'rule') return undefined;
    if (slot.kind === 'receiver') return slot.value;
    let v = this.positional[i];
    if (v === undefined) {
      v = this.site.evaluator.evaluate(slot.node, this.site.scope);
      this.positional[i] = v;
    }
    return v;
  }

  namedValue(key: string): Value {
    let v = this.namedValues.get(key);
    if (v === undefined) {
      v = this.site.evaluator.evaluate(this.named.get(key) as Node, this.site.scope);
      this.namedValues.set(key, v);
    }
    return v;
  }

  /** The unevaluated argument behind a reference, for lazy parameters. */
  node(ref: Ref): Node | undefined {
    if (ref === 'default') return undefined;
    if ('named' in ref) return this.named.get(ref.named);
    const slot = this.slots[ref.positional];
    return slot?.kind === 'node' ? slot.node : undefined;
  }

  value(ref: Ref, p: Param<unknown>): Value | undefined {
    if (ref === 'default') return p.defaultValue;
    return 'named' in ref ? this.namedValue(ref.named) : this.slotValue(ref.positional);
  }
}

function accepts(b: Binding, args: ArgumentValues): boolean {
  const o = b.overload;
  for (let i = 0; i < o.params.length; i++) {
    const p = o.params[i] as Param<unknown>;
    const ref = b.params[i] as Ref;
    if (p.kind === 'lambda') {
      if (ref !== 'default' && args.node(ref) === undefined) return false;
      continue;
    }
    const v = args.value(ref, p);
    if (v === undefined || (ref !== 'default' && !p.check(v))) return false;
  }
  const rest = o.rest;
  if (rest !== undefined) {
    for (const i of b.rest) {
      const slot = args.slots[i];
      if (rest.kind === 'rule') {
        if (slot?.kind !== 'rule') return false;
      } else if (rest.kind === 'lambda') {
        if (slot?.kind !== 'node') return false;
      } else {
        const v = args.slotValue(i);
        if (v === undefined || !rest.check(v)) return false;
      }
    }
  }
  return true;
}

function lambdaFor(p: Param<unknown>, node: Node | undefined, site: CallSite): Lambda | null {
  // An explicit `null` means "no lambda": the default of an optional one, a call of None otherwise.
  if (node === undefined || (node.type === 'literal' && node.value === null)) {
    if (!p.optional) fail("'NoneType' object is not callable");
    return null;
  }
  return new Lambda(site.evaluator, node, site.scope);
}

function invoke(b: Binding, args: ArgumentValues, site: CallSite): Value {
  const o = b.overload;
  const params = o.params.map((p, i) => {
    const ref = b.params[i] as Ref;
    return p.kind === 'lambda' ? lambdaFor(p, args.node(ref), site) : args.value(ref, p);
  });
  const rest = b.rest.map((i) => {
    const slot = args.slots[i] as Slot;
    if (slot.kind === 'rule') return new MappingRule(site.evaluator, slot.key, slot.value, site.scope);
    if (o.rest?.kind === 'lambda' && slot.kind === 'node') return new Lambda(site.evaluator, slot.node, site.scope);
    return args.slotValue(i);
  });
  const kwargs = new Map<string, Value>();
  for (const k of b.kwargs) kwargs.set(k, args.namedValue(k));
  const ev = site.evaluator;
  const ctx: CallContext = { meter: ev.meter, host: ev.host, session: ev.session, scope: site.scope };
  ev.meter.enter();
  try {
    return o.invoke({ params, rest, kwargs }, ctx);
  } finally {
    ev.meter.leave();
  }
}
