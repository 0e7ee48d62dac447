/**
 * Single-line flow collections for the fast YAML reader (see fast-yaml.ts).
 */
import { Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { bail, plain, quotedScalar, skipSpaces } from './fast-yaml-scalars.js';

/** Reads single-line flow collections: `[a, "b", {k: v}]`. */
export class FlowReader {
  pos = 0;
  constructor(
    private readonly t: string,
    private readonly end: number,
  ) {}

  node(p: number): Node {
    this.pos = p;
    return this.item();
  }

  private item(): Node {
    const t = this.t;
    const c = t[this.pos];
    if (c === '[' || c === '{') return this.collection(c === '{');
    if (c === '"' || c === "'") {
      const node = quotedScalar(t, this.pos, this.end);
      this.pos = (node.range as [number, number, number])[1];
      return node;
    }
    const start = this.pos;
    let k = start;
    while (k < this.end && !',[]{}:#'.includes(t[k] as string)) k++;
    if (k >= this.end || t[k] === '#') bail();
    let stop = k;
    while (t[stop - 1] === ' ') stop--;
    if (stop === start) bail();
    this.pos = k;
    return plain(t.slice(start, stop), start);
  }

  private spaces(): void {
    this.pos = skipSpaces(this.t, this.pos, this.end);
    if (this.pos >= this.end) bail();
  }

  private collection(isMap: boolean): Node {
    const t = this.t;
    const open = this.pos;
    const close = isMap ? '}' : ']';
    const out = isMap ? new YAMLMap() : new YAMLSeq();
    const keys = new Set<unknown>();
    this.pos++;
    this.spaces();
    while (t[this.pos] !== close) {
      const item = this.item();
      this.spaces();
      if (isMap) {
        if (t[this.pos] !== ':' || t[this.pos + 1] !== ' ' || !(item instanceof Scalar) || keys.has(item.value)) bail();
        keys.add((item as Scalar).value);
        this.pos += 2;
        this.spaces();
        const value = this.item();
        (out as YAMLMap).items.push(new Pair(item, value));
        this.spaces();
      } else (out as YAMLSeq).items.push(item);
      if (t[this.pos] === ',') {
        this.pos++;
        this.spaces();
        if (t[this.pos] === close) bail();
      } else if (t[this.pos] !== close) bail();
    }
    this.pos++;
    out.flow = true;
    out.range = [open, this.pos, this.pos];
    return out;
  }
}

