/**
 * Template statements Mistral workflows use: `if`/`elif`/`else`, `for` (with `else`, a loop filter
 * and tuple targets), `set` (expression, block and `ns.attr` forms), `with`, `filter` and `print`.
 * Tags that need a template loader or define callables (extends, include, import, macro, call,
 * block) are refused: a workflow string cannot load other templates.
 */
import type { Expr, Stmt, Target } from './ast.js';
import { ExpressionParser } from './parser.js';
import { TokenStream } from './token-stream.js';
import type { Token } from './tokens.js';

const MAX_BLOCK_NESTING = 100;
const UNSUPPORTED_TAGS = new Set(['block', 'extends', 'macro', 'include', 'from', 'import', 'call', 'autoescape']);
const KEYWORD_CONSTANTS = new Set(['true', 'false', 'none', 'True', 'False', 'None']);

export function parseTemplate(source: string, tokens: readonly Token[]): Stmt[] {
  return new TemplateParser(new TokenStream(source, tokens)).parse();
}

class TemplateParser {
  private readonly expr: ExpressionParser;
  private readonly endTokenStack: (readonly string[])[] = [];
  private readonly tagStack: string[] = [];

  constructor(private readonly stream: TokenStream) {
    this.expr = new ExpressionParser(stream);
  }

  parse(): Stmt[] {
    return this.subparse(null);
  }

  private subparse(endTokens: readonly string[] | null): Stmt[] {
    const body: Stmt[] = [];
    if (endTokens) this.endTokenStack.push(endTokens);
    try {
      while (!this.stream.eof) {
        const t = this.stream.current;
        if (t.type === 'data') {
          body.push({ kind: 'text', text: t.value });
          this.stream.next();
        } else if (t.type === 'variable_begin') {
          this.stream.next();
          body.push({ kind: 'print', expr: this.expr.parseTuple({ withCondexpr: true }) });
          this.stream.expect('variable_end');
        } else if (t.type === 'block_begin') {
          this.stream.next();
          if (endTokens && this.stream.testName(...endTokens)) return body;
          body.push(...this.parseStatement());
          this.stream.expect('block_end');
        } else {
          this.stream.fail(`unexpected '${t.value}'`);
        }
      }
      return body;
    } finally {
      if (endTokens) this.endTokenStack.pop();
    }
  }

  private parseStatement(): Stmt[] {
    const t = this.stream.current;
    if (t.type !== 'name') this.stream.fail('tag name expected');
    if (this.tagStack.length >= MAX_BLOCK_NESTING) this.stream.fail(`blocks nested deeper than ${MAX_BLOCK_NESTING} levels`);
    if (UNSUPPORTED_TAGS.has(t.value)) this.stream.fail(`the '${t.value}' tag is not supported: Mistral expressions cannot load templates or define macros`);
    this.tagStack.push(t.value);
    try {
      switch (t.value) {
        case 'if':
          return [this.parseIf()];
        case 'for':
          return [this.parseFor()];
        case 'set':
          return [this.parseSet()];
        case 'with':
          return [this.parseWith()];
        case 'filter':
          return [this.parseFilterBlock()];
        case 'print':
          return this.parsePrint();
        default:
          break;
      }
    } finally {
      this.tagStack.pop();
    }
    return this.failUnknownTag(t);
  }

  private failUnknownTag(t: Token | null): never {
    const expected = new Set(this.endTokenStack.flat());
    const innermost = this.endTokenStack[this.endTokenStack.length - 1];
    const looking = innermost ? innermost.map((n) => `'${n}'`).join(' or ') : null;
    const message = [t ? `Encountered unknown tag '${t.value}'.` : 'Unexpected end of template.'];
    if (looking) {
      if (t && expected.has(t.value)) {
        message.push(`You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ${looking}.`);
      } else {
        message.push(`Jinja was looking for the following tags: ${looking}.`);
      }
    }
    const open = this.tagStack[this.tagStack.length - 1];
    if (open) message.push(`The innermost block that needs to be closed is '${open}'.`);
    this.stream.fail(message.join(' '), t ?? this.stream.current);
  }

  /** Body up to one of `endTokens`; the stream is left on that end tag's name unless `dropNeedle`. */
  private parseStatements(endTokens: readonly string[], dropNeedle = false): Stmt[] {
    this.stream.skipIf('op', ':');
    this.stream.expect('block_end');
    const body = this.subparse(endTokens);
    if (this.stream.eof) {
      this.endTokenStack.push(endTokens);
      try {
        this.failUnknownTag(null);
      } finally {
        this.endTokenStack.pop();
      }
    }
    if (dropNeedle) this.stream.next();
    return body;
  }

  private parseIf(): Stmt {
    this.stream.expect('name', 'if');
    const branches: { test: Expr; body: Stmt[] }[] = [];
    let otherwise: Stmt[] = [];
    for (;;) {
      const test = this.expr.parseTuple({ withCondexpr: false });
      branches.push({ test, body: this.parseStatements(['elif', 'else', 'endif']) });
      const t = this.stream.next();
      if (t.value === 'elif') continue;
      if (t.value === 'else') otherwise = this.parseStatements(['endif'], true);
      break;
    }
    return { kind: 'if', branches, otherwise };
  }

  private parseFor(): Stmt {
    const offset = this.stream.expect('name', 'for').offset;
    const target = this.parseAssignTarget(['in']);
    this.stream.expect('name', 'in');
    const iter = this.expr.parseTuple({ withCondexpr: false, extraEndRules: ['recursive'] });
    const filter = this.stream.skipIf('name', 'if') ? this.expr.parseExpression() : null;
    if (this.stream.test('name', 'recursive')) this.stream.fail('recursive loops are not supported');
    const body = this.parseStatements(['endfor', 'else']);
    const otherwise = this.stream.next().value === 'endfor' ? [] : this.parseStatements(['endfor'], true);
    return { kind: 'for', target, iter, filter, body, otherwise, offset };
  }

  private parseSet(): Stmt {
    const offset = this.stream.expect('name', 'set').offset;
    let target: Target;
    if (this.stream.test('name') && this.stream.look().type === 'op' && this.stream.look().value === '.') {
      const name = this.stream.next().value;
      this.stream.next();
      target = { kind: 'nsref', name, attr: this.stream.expect('name').value };
    } else {
      target = this.parseAssignTarget();
    }
    if (this.stream.skipIf('op', '=')) return { kind: 'set', target, expr: this.expr.parseTuple(), offset };
    const filter = this.expr.parseFilter(null);
    const body = this.parseStatements(['endset'], true);
    return { kind: 'setblock', target, filter, body, offset };
  }

  private parseWith(): Stmt {
    const offset = this.stream.expect('name', 'with').offset;
    const assignments: { target: Target; value: Expr }[] = [];
    while (!this.stream.test('block_end')) {
      if (assignments.length > 0) this.stream.expect('op', ',');
      const target = this.parseAssignTarget();
      this.stream.expect('op', '=');
      assignments.push({ target, value: this.expr.parseExpression() });
    }
    return { kind: 'with', assignments, body: this.parseStatements(['endwith'], true), offset };
  }

  private parseFilterBlock(): Stmt {
    const offset = this.stream.expect('name', 'filter').offset;
    const filter = this.expr.parseFilter(null, true);
    if (filter === null) this.stream.fail('filter name expected');
    return { kind: 'filterblock', filter, body: this.parseStatements(['endfilter'], true), offset };
  }

  private parsePrint(): Stmt[] {
    this.stream.expect('name', 'print');
    const out: Stmt[] = [];
    while (!this.stream.test('block_end')) {
      if (out.length > 0) this.stream.expect('op', ',');
      out.push({ kind: 'print', expr: this.expr.parseExpression() });
    }
    return out;
  }

  private parseAssignTarget(extraEndRules?: readonly string[]): Target {
    const at = this.stream.current;
    const node = this.expr.parseTuple({ simplified: true, ...(extraEndRules ? { extraEndRules } : {}) });
    const target = toTarget(node);
    if (!target) this.stream.fail(`can't assign to '${node.kind === 'const' ? 'const' : node.kind}'`, at);
    return target;
  }
}

function toTarget(node: Expr): Target | null {
  if (node.kind === 'name') return KEYWORD_CONSTANTS.has(node.name) ? null : { kind: 'name', name: node.name };
  if (node.kind === 'tuple') {
    const items: Target[] = [];
    for (const item of node.items) {
      const t = toTarget(item);
      if (!t) return null;
      items.push(t);
    }
    return { kind: 'tuple', items };
  }
  return null;
}
