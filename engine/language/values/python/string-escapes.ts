/**
 * Python's one-character backslash escapes in string literals, shared by the Jinja and YAQL lexers
 * (both decode literals the way Python's `unicode-escape` codec does).
 */
export const SINGLE_CHAR_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  // A backslash before a line break joins the lines. YAQL's string rule never lets one reach here.
  '\n': '',
};
