// A few DOM helpers: the page builds its markup from elements and text nodes only (never
// innerHTML), so names, profiles and messages are always shown as text.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((ev: Event) => void)>;

/** Creates an element: attributes (`on…` keys become listeners, `false`/undefined are left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, ...children);
  return el;
}

/** Appends children (strings become text nodes). */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** The kinds of verdict badges (each has its colour pair in style.css). */
export type BadgeKind = "ok" | "bad" | "warn" | "info" | "muted";

/** A verdict badge: a symbol and a word, so it never relies on colour alone. */
export function badge(kind: BadgeKind, label: string): HTMLSpanElement {
  const symbol = { ok: "✓", bad: "✗", warn: "!", info: "•", muted: "–" }[kind];
  return h("span", { class: `badge badge-${kind}`, "data-verdict": kind }, h("span", { "aria-hidden": "true" }, symbol), ` ${label}`);
}

/** An address shortened for display, with the full value in a title and for copy/paste. */
export function address(value: string | null | undefined): HTMLElement {
  if (!value) return h("span", { class: "muted" }, "none");
  return h("code", { class: "addr", title: value }, `${value.slice(0, 8)}…${value.slice(-6)}`);
}

/** A short, readable message of any thrown value (the SDK's errors carry a stable code). */
export function errorText(e: unknown): string {
  const err = e as { code?: string; shortMessage?: string; message?: string };
  const message = err?.shortMessage ?? err?.message ?? String(e);
  return err?.code && !message.includes(err.code) ? `${message} (${err.code})` : message;
}

/** Formats milliseconds for display. */
export function ms(value: number): string {
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

/** A view's section, labelled by its heading. */
export function viewSection(id: string, title: string, ...children: Child[]): HTMLElement {
  return h("section", { id: `view-${id}`, "aria-labelledby": `${id}-title` }, h("h2", { id: `${id}-title` }, title), ...children);
}
