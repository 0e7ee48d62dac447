/**
 * The syntax tree of Jinja expressions and template statements. Every node keeps the offset of the
 * token it started at, so evaluation errors could point into the source.
 */
import type { Value } from '../../values/value.js';

export interface CallArgsNode {
  readonly args: readonly Expr[];
  readonly kwargs: readonly { readonly name: string; readonly value: Expr }[];
  readonly dynArgs: Expr | null;
  readonly dynKwargs: Expr | null;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '**';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'notin';

export type Expr =
  | { readonly kind: 'const'; readonly value: Value; readonly offset: number }
  | { readonly kind: 'name'; readonly name: string; readonly offset: number }
  | { readonly kind: 'getattr'; readonly obj: Expr; readonly attr: string; readonly offset: number }
  | { readonly kind: 'getitem'; readonly obj: Expr; readonly index: Expr; readonly offset: number }
  | {
      readonly kind: 'slice';
      readonly start: Expr | null;
      readonly stop: Expr | null;
      readonly step: Expr | null;
      readonly offset: number;
    }
  | { readonly kind: 'list'; readonly items: readonly Expr[]; readonly offset: number }
  | { readonly kind: 'tuple'; readonly items: readonly Expr[]; readonly offset: number }
  | {
      readonly kind: 'dict';
      readonly pairs: readonly { readonly key: Expr; readonly value: Expr }[];
      readonly offset: number;
    }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly offset: number }
  | { readonly kind: 'concat'; readonly parts: readonly Expr[]; readonly offset: number }
  | { readonly kind: 'unary'; readonly op: '-' | '+' | 'not'; readonly operand: Expr; readonly offset: number }
  | { readonly kind: 'logical'; readonly op: 'and' | 'or'; readonly left: Expr; readonly right: Expr; readonly offset: number }
  | {
      readonly kind: 'compare';
      readonly first: Expr;
      readonly ops: readonly { readonly op: CompareOp; readonly expr: Expr }[];
      readonly offset: number;
    }
  | { readonly kind: 'cond'; readonly test: Expr; readonly then: Expr; readonly otherwise: Expr | null; readonly offset: number }
  | { readonly kind: 'call'; readonly callee: Expr; readonly args: CallArgsNode; readonly offset: number }
  /** `node` is null inside `{% filter %}` and `{% set x | f %}`, where the block body is the input. */
  | { readonly kind: 'filter'; readonly node: Expr | null; readonly name: string; readonly args: CallArgsNode; readonly offset: number }
  | { readonly kind: 'test'; readonly node: Expr; readonly name: string; readonly args: CallArgsNode; readonly offset: number };

export type Target =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'tuple'; readonly items: readonly Target[] }
  | { readonly kind: 'nsref'; readonly name: string; readonly attr: string };

export type Stmt =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'print'; readonly expr: Expr }
  | {
      readonly kind: 'if';
      readonly branches: readonly { readonly test: Expr; readonly body: readonly Stmt[] }[];
      readonly otherwise: readonly Stmt[];
    }
  | {
      readonly kind: 'for';
      readonly target: Target;
      readonly iter: Expr;
      readonly filter: Expr | null;
      readonly body: readonly Stmt[];
      readonly otherwise: readonly Stmt[];
      readonly offset: number;
    }
  | { readonly kind: 'set'; readonly target: Target; readonly expr: Expr; readonly offset: number }
  | {
      readonly kind: 'setblock';
      readonly target: Target;
      readonly filter: Expr | null;
      readonly body: readonly Stmt[];
      readonly offset: number;
    }
  | {
      readonly kind: 'with';
      readonly assignments: readonly { readonly target: Target; readonly value: Expr }[];
      readonly body: readonly Stmt[];
      readonly offset: number;
    }
  | { readonly kind: 'filterblock'; readonly filter: Expr; readonly body: readonly Stmt[]; readonly offset: number };
