import { parseXml, textOf } from "./support/parse-xml.js";

// The chart tests lean on this parser to call the SVG valid, so it must refuse what is not.
describe("parseXml", () => {
  it("reads elements, attributes and decoded text", () => {
    const root = parseXml(`<?xml version="1.0"?><a x="1 &amp; 2"><b/>t &lt;3</a>`);
    expect(root.name).toBe("a");
    expect(root.attributes.x).toBe("1 & 2");
    expect(textOf(root)).toBe("t <3");
  });

  it.each([
    ["a mismatched closing tag", "<a><b></a></b>"],
    ["an unclosed element", "<a><b></b>"],
    ["a bare ampersand", "<a>R&D</a>"],
    ["a raw < in an attribute", `<a x="<"/>`],
    ["an unknown entity", "<a>&nbsp;</a>"],
    ["a duplicate attribute", `<a x="1" x="2"/>`],
    ["a second root", "<a/><b/>"],
  ])("refuses %s", (_label, text) => {
    expect(() => parseXml(text)).toThrow();
  });
});
