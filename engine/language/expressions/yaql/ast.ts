/**
 * The YAQL syntax tree. Nodes are immutable; every node records the offset of the token that produced
 * it so run-time errors can point into the expression.
 */
import type { Value } from '../../values/value.js';

/** Operators evaluated eagerly on both operands. */
export type BinaryOperator = '+' | '-' | '*' | '/' | 'mod' | '=' | '!=' | '<' | '>' | '<=' | '>=' | 'in' | '=~' | '!~';
export type UnaryOperator = '+' | '-' | 'not';

interface NodeBase {
  readonly offset: number;
}

/** Numbers, quoted strings, `true`, `false`, `null`. */
export interface LiteralNode extends NodeBase {
  readonly type: 'literal';
  readonly value: Value;
}

/** A bare identifier used as a value: evaluates to its own text (`ERROR` ≡ `'ERROR'`). */
export interface KeywordNode extends NodeBase {
  readonly type: 'keyword';
  readonly name: string;
}

/** `$`, `$1`, `$name`. `$` is stored as `1`: in yaql the two are the same variable. */
export interface VariableNode extends NodeBase {
  readonly type: 'variable';
  readonly name: string;
  /** 1-based lambda argument number for `$`, `$1`, `$2`…; 0 for named variables. */
  readonly position: number;
}

export interface ListNode extends NodeBase {
  readonly type: 'list';
  readonly args: readonly Argument[];
}

export interface MapNode extends NodeBase {
  readonly type: 'map';
  readonly args: readonly Argument[];
}

export interface CallNode extends NodeBase {
  readonly type: 'call';
  readonly name: string;
  readonly args: readonly Argument[];
}

/** `receiver.name` or `receiver?.name`. */
export interface MemberNode extends NodeBase {
  readonly type: 'member';
  readonly object: Node;
  readonly name: string;
  readonly nullSafe: boolean;
}

/** `receiver.name(args)` or `receiver?.name(args)`. */
export interface MethodNode extends NodeBase {
  readonly type: 'method';
  readonly receiver: Node;
  readonly name: string;
  readonly args: readonly Argument[];
  readonly nullSafe: boolean;
}

/**
 * `receiver.<something that is neither a name nor a call>` (`$.'a'`, `$.true`). yaql parses these and
 * fails when it evaluates them, so we do the same.
 */
export interface InvalidMemberNode extends NodeBase {
  readonly type: 'invalid-member';
  readonly object: Node;
  readonly nullSafe: boolean;
}

/** `value[args]`. */
export interface IndexNode extends NodeBase {
  readonly type: 'index';
  readonly object: Node;
  readonly args: readonly Argument[];
}

export interface UnaryNode extends NodeBase {
  readonly type: 'unary';
  readonly operator: UnaryOperator;
  readonly operand: Node;
}

export interface BinaryNode extends NodeBase {
  readonly type: 'binary';
  readonly operator: BinaryOperator;
  readonly left: Node;
  readonly right: Node;
}

/** `and` / `or`: the right side is evaluated only when needed, and an operand is returned. */
export interface LogicalNode extends NodeBase {
  readonly type: 'logical';
  readonly operator: 'and' | 'or';
  readonly left: Node;
  readonly right: Node;
}

/** `left -> right`: evaluates right in the scope that left (typically `let(...)`) prepared. */
export interface ChainNode extends NodeBase {
  readonly type: 'chain';
  readonly left: Node;
  readonly right: Node;
}

export type Node =
  | LiteralNode
  | KeywordNode
  | VariableNode
  | ListNode
  | MapNode
  | CallNode
  | MemberNode
  | MethodNode
  | InvalidMemberNode
  | IndexNode
  | UnaryNode
  | BinaryNode
  | LogicalNode
  | ChainNode;

/** One argument of a call, indexer, list or map literal. */
export type Argument =
  | { readonly kind: 'positional'; readonly value: Node }
  /** `f(1,,3)`: the middle argument is omitted and takes its default. */
  | { readonly kind: 'skipped'; readonly offset: number }
  /** `key => value`: a keyword argument, a map entry, or a mapping rule (`switch(cond => v)`). */
  | { readonly kind: 'named'; readonly key: Node; readonly value: Node };
