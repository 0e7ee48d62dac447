/**
 * `with-items` (language digest §7): `x in <% $.list %>`, `x in {{ _.list }}`, `x in [1, 2]`, or a
 * list of such strings, one binding per array.
 */
import { isScalar, isSeq, type Node } from 'yaml';
import { JsonSyntaxError, parseJson } from '../values/json.js';
import { isList } from '../values/value.js';
import type { WithItemsBinding } from '../spec/types.js';
import { checkString } from './expression-check.js';
import type { AttrContext } from './common-attributes.js';
import { posOf } from './common-attributes.js';
import { describeNode } from './yaml-source.js';

// Mistral's WITH_ITEMS_PTRN, which it only anchors at the start; Convection also refuses text after
// the collection instead of silently ignoring it.
const BINDING = /^\s*([-\p{L}\p{N}_]+)\s*in\s*(\[.+\]|<%.*?%>|\{\{.*?\}\}|\{%.*?%\})/u;
const FORMAT_HINT = 'use "x in <% $.list %>", "x in {{ _.list }}" or "x in [1, 2]"';

export function parseWithItems(node: Node | null, ctx: AttrContext): WithItemsBinding[] | null {
  const report = ctx.report('with-items');
  const items: Node[] = isSeq(node) ? (node.items as Node[]) : node ? [node] : [];
  if (items.length === 0) {
    report('invalid-with-items', `with-items must be "x in <collection>" or a list of them, not ${describeNode(node)}`, posOf(ctx, node));
    return null;
  }
  const out: WithItemsBinding[] = [];
  const seen = new Set<string>();
  let ok = true;
  for (const item of items) {
    const pos = posOf(ctx, item, posOf(ctx, node));
    if (!isScalar(item) || typeof item.value !== 'string') {
      report('invalid-with-items', `with-items entries must be text like "x in <% $.list %>", not ${describeNode(item)}`, pos);
      ok = false;
      continue;
    }
    const text = item.value;
    const m = BINDING.exec(text);
    const variable = m?.[1];
    const collectionText = m?.[2];
    if (!m || variable === undefined || collectionText === undefined) {
      report('invalid-with-items', `with-items "${text}" is not a binding; ${FORMAT_HINT}`, pos);
      ok = false;
      continue;
    }
    const at = (o: number) => ctx.source.inString(item, o, pos);
    const rest = text.slice(m[0].length);
    if (rest.trim() !== '') {
      report('invalid-with-items', `with-items "${text}" has unexpected text after the collection: "${rest.trim()}"`, at(m[0].length + rest.search(/\S/)));
      ok = false;
      continue;
    }
    if (seen.has(variable)) {
      report('invalid-with-items', `with-items binds "${variable}" twice`, pos);
      ok = false;
      continue;
    }
    seen.add(variable);
    const collectionOffset = m[0].length - collectionText.length;
    if (collectionText.startsWith('[')) {
      try {
        const list = parseJson(collectionText);
        if (!isList(list)) throw new JsonSyntaxError('not a list', 0);
        out.push({ variable, collection: list });
      } catch (e) {
        const why = e instanceof Error ? e.message : 'invalid JSON';
        report('invalid-with-items', `with-items "${text}": the collection is not a valid JSON list (${why})`, at(collectionOffset));
        ok = false;
      }
      continue;
    }
    checkString(collectionText, (o) => at(collectionOffset + o), report);
    out.push({ variable, collection: collectionText });
  }
  return ok ? out : null;
}
