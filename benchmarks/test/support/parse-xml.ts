/** An element of a parsed XML document; text children are decoded strings. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * A strict well-formedness check for the SVG the benchmark writes (no DTD, no CDATA needed):
 * it throws on a mismatched or unclosed tag, a duplicate attribute, a raw `<` or a bare `&`,
 * an unknown entity or content after the root. The test suite has no XML library, and adding
 * one would change the workspace lockfile for a test helper.
 */
export function parseXml(text: string): XmlElement {
  let position = 0;
  const fail = (message: string): never => {
    throw new Error(
      `${message} at offset ${position}: ${JSON.stringify(text.slice(position, position + 40))}`,
    );
  };
  const decode = (raw: string): string => {
    if (raw.includes("<")) fail("raw < in text or attribute");
    return raw.replace(/&([^;]*);|&/g, (match, entity: string | undefined) => {
      if (entity === undefined) return fail("bare &");
      if (entity in ENTITIES) return ENTITIES[entity]!;
      const numeric = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(entity);
      if (numeric === null) return fail(`unknown entity ${match}`);
      const code =
        entity[1] === "x" ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      return String.fromCodePoint(code);
    });
  };
  const skipMisc = () => {
    for (;;) {
      const rest = text.slice(position);
      const space = /^\s+/.exec(rest);
      if (space !== null) position += space[0].length;
      else if (rest.startsWith("<?")) position = closingIndex("?>") + 2;
      else if (rest.startsWith("<!--")) position = closingIndex("-->") + 3;
      else return;
    }
  };
  const closingIndex = (marker: string): number => {
    const index = text.indexOf(marker, position);
    return index < 0 ? fail(`unterminated, ${marker} expected`) : index;
  };
  const readName = (): string => {
    const match = NAME.exec(text.slice(position));
    if (match === null) return fail("name expected");
    position += match[0].length;
    return match[0];
  };
  const readElement = (): XmlElement => {
    if (text[position] !== "<") fail("< expected");
    position += 1;
    const element: XmlElement = { name: readName(), attributes: {}, children: [] };
    for (;;) {
      const space = /^\s*/.exec(text.slice(position))![0];
      position += space.length;
      if (text.startsWith("/>", position)) {
        position += 2;
        return element;
      }
      if (text[position] === ">") {
        position += 1;
        break;
      }
      if (space === "") fail("whitespace expected before an attribute");
      const attribute = readName();
      if (attribute in element.attributes) fail(`duplicate attribute ${attribute}`);
      const value = /^\s*=\s*("([^"]*)"|'([^']*)')/.exec(text.slice(position));
      if (value === null) return fail(`value of ${attribute} expected`);
      position += value[0].length;
      element.attributes[attribute] = decode(value[2] ?? value[3] ?? "");
    }
    for (;;) {
      const textEnd = text.indexOf("<", position);
      if (textEnd < 0) return fail(`</${element.name}> expected`);
      if (textEnd > position) element.children.push(decode(text.slice(position, textEnd)));
      position = textEnd;
      if (text.startsWith("<!--", position)) {
        position = closingIndex("-->") + 3;
      } else if (text.startsWith("</", position)) {
        position += 2;
        const name = readName();
        if (name !== element.name) fail(`</${element.name}> expected, got </${name}>`);
        position += /^\s*/.exec(text.slice(position))![0].length;
        if (text[position] !== ">") fail("> expected");
        position += 1;
        return element;
      } else {
        element.children.push(readElement());
      }
    }
  };
  skipMisc();
  const root = readElement();
  skipMisc();
  if (position !== text.length) fail("content after the root element");
  return root;
}

/** Every element below `root` (itself included) for which `matches` holds, in document order. */
export function findAll(root: XmlElement, matches: (element: XmlElement) => boolean): XmlElement[] {
  const found = matches(root) ? [root] : [];
  for (const child of root.children)
    if (typeof child !== "string") found.push(...findAll(child, matches));
  return found;
}

/** The concatenated text inside an element. */
export function textOf(element: XmlElement): string {
  return element.children
    .map((child) => (typeof child === "string" ? child : textOf(child)))
    .join("");
}
