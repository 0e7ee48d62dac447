/**
 * Scalars for the fast YAML reader (see fast-yaml.ts): single-line quoted scalars without escapes and
 * plain scalars resolved as the `yaml` package's YAML 1.1 schema (adjusted to PyYAML) would.
 */
import { Scalar } from 'yaml';

/** Thrown to give a document back to the `yaml` package. */
export class Bail extends Error {}

export function bail(): never {
  throw new Bail();
}

// PyYAML (YAML 1.1) reads yes/no/on/off as booleans but not y/n.
export const PY_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
export const PY_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const INT = /^-?(?:0|[1-9][0-9]{0,14})$/;
const FLOAT = /^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{0,15}$/;
// Characters that give a plain scalar's first position another meaning.
const INDICATORS = new Set([...'-?:,[]{}#&*!|>\'"%@`']);

export function skipSpaces(t: string, p: number, end: number): number {
  while (p < end && t.charCodeAt(p) === 32) p++;
  return p;
}

/** Offset just past the closing quote of a single-line quoted scalar at `p`, or -1. */
export function quotedEnd(t: string, p: number, end: number): number {
  const quote = t[p];
  for (let k = p + 1; k < end; k++) {
    if (t[k] !== quote) continue;
    if (quote === "'" && t[k + 1] === "'") {
      k++;
      continue;
    }
    return k + 1;
  }
  return -1;
}

export function scalar(value: Scalar['value'], type: Scalar.Type, source: string, start: number, end: number): Scalar {
  const s = new Scalar(value);
  s.range = [start, end, end];
  s.type = type;
  s.source = source;
  return s;
}

/** Resolves a plain scalar as the YAML 1.1 schema of the `yaml` reader would, or gives up. */
export function plain(s: string, start: number): Scalar {
  const c = s[0] ?? '';
  if (s === '' || (INDICATORS.has(c) && !(c === '-' && /^-[0-9]/.test(s)))) bail();
  const end = start + s.length;
  if (s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return scalar(null, 'PLAIN', s, start, end);
  if (PY_TRUE.test(s)) return scalar(true, 'PLAIN', s, start, end);
  if (PY_FALSE.test(s)) return scalar(false, 'PLAIN', s, start, end);
  if (/^[-+.0-9]/.test(s)) {
    if (INT.test(s) && s !== '-0') return scalar(Number(s), 'PLAIN', s, start, end);
    if (!FLOAT.test(s)) bail();
    const node = scalar(parseFloat(s), 'PLAIN', s, start, end);
    const fraction = s.slice(s.indexOf('.') + 1);
    if (fraction.endsWith('0')) node.minFractionDigits = fraction.length;
    return node;
  }
  return scalar(s, 'PLAIN', s, start, end);
}

/** A single-line quoted scalar at `p` (no escapes); its range ends after the closing quote. */
export function quotedScalar(t: string, p: number, end: number): Scalar {
  const q = quotedEnd(t, p, end);
  if (q < 0) bail();
  const raw = t.slice(p + 1, q - 1);
  const double = t[p] === '"';
  if (double && raw.includes('\\')) bail();
  const value = double ? raw : raw.replace(/''/g, "'");
  return scalar(value, double ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', value, p, q);
}
