import { invalid, isBlank, requirePlainObject } from './input.js';

/**
 * How a field's value is taken. Real pages send what their templates print, so every
 * kind accepts the string forms too:
 * - `text`: a string (numbers become strings), trimmed;
 * - `list`: a list of strings, or one comma-separated string;
 * - `number`: a number, or a string such as "1,250,000" or "$ 750000";
 * - `flag`: a boolean, or true/false, yes/no, on/off, 1/0;
 * - `object`: a plain object, kept as it is.
 */
export type FieldKind = 'text' | 'list' | 'number' | 'flag' | 'object';

/** The known fields of a payload and their kinds; unknown fields pass through, strings trimmed. */
export type FieldSchema = Record<string, FieldKind>;

const TRUE = /^(true|1|yes|on)$/i;
const FALSE = /^(false|0|no|off)$/i;

/**
 * A payload with blank values left out, aliases renamed (unless the real name is given
 * too) and known fields converted to their kinds. Throws `invalid_input` naming the field.
 */
export function normaliseFields(
  input: unknown,
  what: string,
  schema: FieldSchema,
  aliases: Record<string, string> = {},
): Record<string, unknown> {
  const source = requirePlainObject(input, what);
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(source)) {
    const field = aliases[key] ?? key;
    if (isBlank(raw) || (field !== key && !isBlank(source[field]))) continue;
    const value = convert(raw, `${what}.${field}`, schema[field]);
    if (value !== undefined) out[field] = value;
  }
  return out;
}

function convert(raw: unknown, what: string, kind: FieldKind | undefined): unknown {
  const string = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : undefined;
  switch (kind) {
    case 'text':
      return string ?? invalid(what, 'a string');
    case 'list': {
      const list = toList(raw, what);
      return list.length ? list : undefined;
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : Number(string?.replace(/[\s,$€£]/g, ''));
      return string !== undefined && Number.isFinite(n) ? n : invalid(what, 'a number');
    }
    case 'flag':
      if (typeof raw === 'boolean') return raw;
      return TRUE.test(string ?? '') || (FALSE.test(string ?? '') ? false : invalid(what, 'true or false'));
    case 'object':
      return requirePlainObject(raw, what);
    default:
      return string ?? raw;
  }
}

/** A string, a comma-separated string or a list of strings, as a list of non-blank strings. */
export function toList(value: unknown, what: string): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value];
  return items
    .map((item) => (typeof item === 'string' || typeof item === 'number' ? String(item).trim() : invalid(what, 'a list of strings')))
    .filter(Boolean);
}
