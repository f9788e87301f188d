import { html, type SafeHtml } from "./html.js";

/** The HTML document around every page; no script is ever included. */
export function pageDocument(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · checkpointkit browser</title>
<link rel="stylesheet" href="/assets/browser.css">
</head>
<body>
<header><a class="brand" href="/">checkpointkit browser</a><span class="badge">read-only</span></header>
<main>${body}</main>
</body>
</html>
`.text;
}
