/**
 * The front matter most articles carry, read without the YAML parser: one
 * `key: value` per line, values plain or quoted text, or a flow list of plain
 * words. The yaml package takes about 100 µs a document, which is most of a
 * cold listing of a large library; this takes a few. Anything outside that
 * narrow subset returns null and goes to the real parser, so the result is
 * always what `yaml` (core schema) would give; a property test holds it to that.
 */

import { trimChars } from '../../text.js';

// A key, then a colon that ends the line or is followed by a space.
const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?= |$)/;
// Characters that would make a line mean something else in YAML, or that the
// real parser reports on: controls, tabs, CR, BOM, and the escape of flow syntax.
const UNSAFE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;
// A plain scalar may not start with an indicator, nor hold `: ` or ` #`.
const PLAIN = /^(?![-?:,[\]{}#&*!|>'"%@`\s])(?!.*(?::(?:\s|$)|\s#))[^\n]*$/;
const PLAIN_IN_FLOW = /^(?![-?:,[\]{}#&*!|>'"%@`\s])[^,[\]{}:#'"\s](?:[^,[\]{}:#]*[^,[\]{}:#\s])?$/;
// Plain words the core schema reads as something other than text.
const NOT_TEXT =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

const BLANK = /^ *$/;

export function flatFields(yamlText: string): Record<string, unknown> | null {
  if (UNSAFE.test(yamlText)) return null;
  const data: Record<string, unknown> = {};
  for (const line of yamlText.split('\n')) {
    if (BLANK.test(line)) continue;
    const match = KEY.exec(line);
    if (!match) return null;
    const key = match[1]!;
    if (key === '__proto__' || NOT_TEXT.test(key) || Object.hasOwn(data, key)) return null;
    const value = flatValue(trimChars(line.slice(match[0].length), ' '));
    if (value === undefined) return null;
    data[key] = value;
  }
  return data;
}

function flatValue(text: string): unknown {
  if (text === '') return undefined;
  const first = text[0];
  if (first === '"') return /^"[^"\\]*"$/.test(text) ? text.slice(1, -1) : undefined;
  if (first === "'") return /^'[^']*'$/.test(text) ? text.slice(1, -1) : undefined;
  if (first === '[') {
    if (!text.endsWith(']')) return undefined;
    const inner = text.slice(1, -1);
    if (BLANK.test(inner)) return [];
    // Only spaces: String#trim would eat no-break spaces too, and a tab sends the text to the real parser (UNSAFE).
    const items = inner.split(',').map((item) => trimChars(item, ' '));
    return items.every((item) => PLAIN_IN_FLOW.test(item) && !NOT_TEXT.test(item)) ? items : undefined;
  }
  return PLAIN.test(text) && !NOT_TEXT.test(text) ? text : undefined;
}
