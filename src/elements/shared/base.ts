import { ReactiveElement, type PropertyDeclaration } from '@lit/reactive-element';
import type { RechatEventMap } from './events.js';
import { adoptDefaultStyles } from './styles.js';

/** `first_name` → `firstName`, `removed-favorite` → `removedFavorite`. */
export const camel = (name: string): string => name.replace(/[-_](.)/g, (_, c: string) => c.toUpperCase());

/** `first_name` → `firstName`, at the type level: the property a field's attribute is read into. */
export type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

/**
 * The string properties that {@link attributeProperties} makes from a list of fields,
 * as the compiler sees them: a class declares its list once and merges this in
 * (`interface X extends Attributes<typeof FIELDS> {}`), so that the names cannot drift.
 */
export type Attributes<Fields extends readonly string[]> = { [F in Fields[number] as Camel<F>]: string };

/** The string properties a `static properties` object declares, for the same merge. */
export type Properties<Declarations extends object> = { [P in keyof Declarations]: string };

/** A property declaration with the value the property has until it is set (default `''`). */
export type Declaration = PropertyDeclaration & { default?: string };

/** The host's non-empty values of `fields`, keyed by field name. */
export const readFields = (host: object, fields: readonly string[]): Record<string, string> =>
  Object.fromEntries(fields.map((f) => [f, (host as Record<string, string>)[camel(f)]]).filter(([, v]) => v));

/**
 * Properties that read and write their attribute, as `id` and `title` do: nothing is
 * observed or updated, and the value is read when it is needed. For elements that render
 * nothing, so that a thousand of them upgrade at little more than the cost of plain ones.
 * An enumerated one (`values`) reads as its first value when the attribute is not one of them.
 */
export function attributeProperties(element: { prototype: HTMLElement }, fields: readonly string[], values?: readonly string[]): void {
  for (const field of fields) {
    const attribute = field.replace(/_/g, '-');
    Object.defineProperty(element.prototype, camel(field), {
      get(this: Element) {
        const value = this.getAttribute(attribute) ?? '';
        return !values || values.includes(value) ? value : values[0];
      },
      set(this: Element, value: string) {
        this.setAttribute(attribute, value);
      },
    });
  }
}

/**
 * Creates an element. Attributes go through `setAttribute` and strings become text
 * nodes, so that no attribute or payload value can ever become markup. An attribute
 * whose value is `false` or `undefined` is left out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | false | undefined> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== false && value !== undefined) el.setAttribute(name, value);
  el.append(...children);
  return el;
}

/** Dispatches one of the Rechat events from `target`, bubbling and composed; false when a listener cancelled it. */
export function emit<K extends keyof RechatEventMap>(target: Element, type: K, detail: RechatEventMap[K]['detail'], cancelable = false): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
}

/**
 * What the Rechat elements share: light-DOM rendering (the page's theme, autofill and
 * screen readers reach everything), the default styles in the element's own root,
 * string properties that start as `''`, typed `rechat-*` events, and a registration
 * that is safe to repeat.
 */
export class RechatElement extends ReactiveElement {
  /** The element's default tag name, which `define()` registers it as. */
  static tagName = '';

  /**
   * Registers the element as `tag` in `registry`, and returns the class. Quiet when this
   * class already holds the tag (a page that loads the script twice must not break);
   * when another definition holds it — another copy or version of the SDK — that one
   * stays, and the console says so once.
   */
  static define<T extends CustomElementConstructor & { tagName: string }>(this: T, tag = this.tagName, registry: CustomElementRegistry = customElements): T {
    const holder = registry.get(tag);
    if (!holder) registry.define(tag, this);
    else if (holder !== this) console.warn(`[rechat-sdk] <${tag}> is already defined by another copy of the SDK, which stays in use.`);
    return this;
  }

  // A property that was never set, or whose attribute was removed, reads as its default —
  // never `undefined` or `null` where `''` works — at no cost when the element is made.
  protected static override getPropertyDescriptor(name: PropertyKey, key: string | symbol, options: Declaration): PropertyDescriptor {
    const descriptor = super.getPropertyDescriptor(name, key, options)!;
    const get = descriptor.get!;
    return { ...descriptor, get: function (this: RechatElement) { return get.call(this) ?? options.default ?? ''; } };
  }

  override connectedCallback(): void {
    adoptDefaultStyles(this.getRootNode());
    super.connectedCallback();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** Dispatches one of the Rechat events, bubbling and composed; false when a listener cancelled it. */
  protected emit<K extends keyof RechatEventMap>(type: K, detail: RechatEventMap[K]['detail'], cancelable = false): boolean {
    return emit(this, type, detail, cancelable);
  }
}
