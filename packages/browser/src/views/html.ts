/**
 * HTML built only through the `html` tag: every interpolated value is escaped unless it is
 * itself `SafeHtml` made by this module, so text from the store can never become markup.
 */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/**
 * Bidirectional overrides and isolates: shown as their code point, so an id cannot reverse
 * how the text after it reads (a stored `\u202e` would make `gpj.exe` look like `exe.jpg`).
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** How a bidi control character is shown: `⟦U+202E⟧`. */
export function visibleBidiControl(character: string): string {
  return `⟦U+${character.codePointAt(0)!.toString(16).toUpperCase()}⟧`;
}

/** Escapes text for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text
    .replace(/[&<>"'`]/g, (character) => ESCAPES[character] ?? character)
    .replace(BIDI_CONTROLS, visibleBidiControl);
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let text = strings[0] ?? "";
  for (let index = 0; index < values.length; index += 1) {
    text += render(values[index]) + (strings[index + 1] ?? "");
  }
  return new SafeHtml(text);
}

/** A same-origin link with query parameters; values are URL-encoded, then HTML-escaped by `html`. */
export function hrefTo(path: string, query: Record<string, string | number | undefined>): string {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) parameters.set(name, String(value));
  }
  const search = parameters.toString();
  return search === "" ? path : `${path}?${search}`;
}
