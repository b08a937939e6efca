/** What an element may hold: nodes, text, or nothing (skipped). */
export type Child = Node | string | number | null | undefined | false;

/** Attributes of {@link h}: `on<event>` adds a listener, `class` sets the class, the rest are attributes. */
export type Attributes = Record<string, string | number | boolean | EventListener | undefined>;

/**
 * Makes an element with attributes and children. A `false` or `undefined` attribute is left out,
 * `true` is set empty, so `disabled: busy` reads as it should.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attributes: Attributes = {},
    ...children: Child[]
): HTMLElementTagNameMap[K] {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (typeof value === 'function') {
            element.addEventListener(name.slice(2).toLowerCase(), value);
        } else if (value === true) {
            element.setAttribute(name, '');
        } else if (value !== undefined && value !== false) {
            element.setAttribute(name, String(value));
        }
    }
    append(element, children);
    return element;
}

/** Appends children to an element, text as text nodes (never parsed as HTML). */
export function append(element: Element, children: readonly Child[]): void {
    for (const child of children) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
}

/** Replaces an element's children. */
export function replaceChildren(element: Element, ...children: Child[]): void {
    element.replaceChildren();
    append(element, children);
}

/** A status word as a coloured badge: its class is the word in lower case (`status-active`). */
export function badge(text: string, kind = text): HTMLSpanElement {
    return h('span', { class: `badge status-${kind.toLowerCase()}` }, text);
}

/** A one-line notice: `error` shows a refusal's code, `info` a result. */
export function notice(kind: 'error' | 'info', ...children: Child[]): HTMLParagraphElement {
    return h('p', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...children);
}
