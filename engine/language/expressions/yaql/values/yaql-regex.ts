/** Compiled regular expressions made by `regex(pattern, ignoreCase => …)`, printed like Python's. */
import { reprString } from '../../../values/python-format.js';
import type { Value } from '../../../values/value.js';
import { compilePython, type RegexFlags } from '../python/regex.js';
import { HashableOpaque } from './hash.js';

export class YaqlRegex extends HashableOpaque {
  readonly typeName = 're.Pattern';
  readonly re: RegExp;

  constructor(
    readonly pattern: string,
    readonly flags: RegexFlags,
  ) {
    super();
    this.re = compilePython(pattern, flags);
  }

  repr(): string {
    const names = [
      this.flags.ignoreCase ? 're.IGNORECASE' : '',
      this.flags.multiLine ? 're.MULTILINE' : '',
      this.flags.dotAll ? 're.DOTALL' : '',
    ].filter((x) => x !== '');
    return `re.compile(${reprString(this.pattern)}${names.length > 0 ? `, ${names.join('|')}` : ''})`;
  }

  equals(other: Value): boolean {
    return other instanceof YaqlRegex && other.hashKey() === this.hashKey();
  }

  toJsonValue(): Value {
    return this.pattern;
  }

  hashKey(): string {
    const f = this.flags;
    return `R${Number(f.ignoreCase)}${Number(f.multiLine)}${Number(f.dotAll)}${this.pattern}`;
  }
}
