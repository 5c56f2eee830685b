import { badRequest } from './http-errors.js';

/**
 * Shape limits of every body, checked before anything is stored. Nothing a lead page
 * sends comes near them; past them, a body could be stored and then break whatever
 * reads it back (a reply, the inbox, its event stream).
 */
export const BODY_SHAPE_LIMITS = {
  /** Levels of nested objects and lists, the body itself being level 1. */
  depth: 16,
  /** Object fields plus list items, counted over the whole body. */
  entries: 1000,
  /** Characters of any string, field names included. */
  stringLength: 10_000,
} as const;

/**
 * Checks a parsed body against {@link BODY_SHAPE_LIMITS} without recursion (the value
 * may be nested thousands deep). `startDepth` is the level of `value` itself, for a part
 * of a body parsed on its own (a form's `assignees` JSON).
 *
 * @throws {HttpError} 400 naming the limit.
 */
export function checkBodyShape(value: unknown, startDepth = 1): void {
  const { depth: maxDepth, entries: maxEntries, stringLength } = BODY_SHAPE_LIMITS;
  const stack: [unknown, number][] = [[value, startDepth]];
  let entries = 0;
  const checkString = (text: string): void => {
    if (text.length > stringLength) throw badRequest(`A value in the body is longer than ${stringLength} characters`);
  };
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item === 'string') {
      checkString(item);
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    if (depth > maxDepth) throw badRequest(`The body is nested more than ${maxDepth} levels deep`);
    const children = Array.isArray(item) ? item : Object.values(item);
    if (!Array.isArray(item)) Object.keys(item).forEach(checkString);
    entries += children.length;
    if (entries > maxEntries) throw badRequest(`The body has more than ${maxEntries} fields and list items`);
    for (const child of children) stack.push([child, depth + 1]);
  }
}
