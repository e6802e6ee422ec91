/**
 * A few DOM helpers instead of a UI library: the explorer is five small forms and tables, and
 * plain DOM keeps the bundle small and the page free of inline script or style (CSP).
 * Text always goes in as text nodes (never innerHTML), so nothing the server sends can inject
 * markup.
 */

/** A child of `h`: a node, text, or nothing (skipped). */
export type Child = Node | string | number | null | undefined | false;

/** Attributes of `h`: strings and booleans become attributes, functions `on<event>` listeners. */
export type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** Creates an element with attributes, listeners and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children, skipping empty ones. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces every child of `parent`. */
export function replace(parent: Node, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

let nextId = 0;

/** A labelled form control: a `<label for>` and the control with a fresh id, in one `<p>`. */
export function field<T extends HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
  label: string,
  control: T,
  hint?: string,
): { row: HTMLElement; control: T } {
  const id = `f${++nextId}`;
  control.id = id;
  let hintEl: HTMLElement | undefined;
  if (hint !== undefined) {
    hintEl = h('small', { id: `${id}-hint` }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
  }
  const row = h('p', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
  return { row, control };
}

/** A definition list from [term, value] pairs (values may be nodes). */
export function facts(pairs: readonly [string, Child][]): HTMLDListElement {
  const dl = h('dl');
  for (const [term, value] of pairs) append(dl, [h('dt', {}, term), h('dd', {}, value)]);
  return dl;
}

/** A page heading that takes focus after navigation, so keyboard users start on the new page. */
export function heading(text: string): HTMLHeadingElement {
  return h('h1', { tabindex: '-1' }, text);
}
