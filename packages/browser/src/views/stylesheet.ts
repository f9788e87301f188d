/** The page's only stylesheet, served from /assets/ so the CSP can forbid inline styles. */
export const STYLESHEET = `
:root { color-scheme: light; --fg: #1d2433; --muted: #667085; --line: #d0d5dd; --accent: #2e5aac; --warn: #b54708; --bg-soft: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); }
header { display: flex; gap: 16px; align-items: baseline; padding: 10px 20px; border-bottom: 1px solid var(--line); background: var(--bg-soft); }
header .brand { font-weight: 700; }
header .badge { font-size: 12px; color: var(--muted); }
main { padding: 16px 20px 40px; max-width: 1280px; }
h1 { font-size: 20px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 16px; margin: 24px 0 8px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.id { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
table.threads td { white-space: nowrap; }
table.threads td:first-child { white-space: normal; }
a.thread-link { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
table.timeline td { padding-top: 0; padding-bottom: 0; height: 36px; white-space: nowrap; }
table.timeline td.channels { max-width: 360px; overflow: hidden; text-overflow: ellipsis; }
h1.id { font-size: 17px; }
table.timeline td.graph { padding: 0; width: 1%; }
svg.lanes { display: block; stroke-width: 2; }
svg.lanes line { stroke: #98a2b3; }
svg.lanes line.fork { stroke: #7a5af8; }
svg.lanes .dot { fill: var(--accent); }
svg.lane-1 .dot { fill: #7a5af8; } svg.lane-2 .dot { fill: #039855; } svg.lane-3 .dot { fill: #c11574; }
svg.lane-4 .dot { fill: #0e7090; } svg.lane-5 .dot { fill: #b54708; }
svg.lanes .dot.interrupt { fill: #fff; stroke: var(--warn); stroke-width: 3; }
.tag { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 12px; background: #eef2f6; margin-right: 4px; }
.tag.source-fork, .tag.source-update { background: #ebe9fe; color: #5925dc; }
.tag.source-input { background: #e0f2fe; color: #026aa2; }
.tag.interrupt { background: #fef0c7; color: var(--warn); font-weight: 600; }
.tag.resumed { background: #d1fadf; color: #05603a; }
.node { font-weight: 600; }
.tag.tier-redis { background: #fee4e2; color: #b42318; }
.tag.tier-postgres, .tag.tier-cosmos { background: #d1fadf; color: #05603a; }
.tier-metrics { padding: 6px 10px; border-radius: 6px; background: var(--bg-soft); }
form.search { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0 16px; }
form.search input { padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; min-width: 240px; font: inherit; }
form.search button { padding: 5px 12px; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 6px; font: inherit; }
pre { margin: 0; padding: 8px; background: var(--bg-soft); border-radius: 6px; overflow: auto; max-height: 420px; font-size: 12.5px; white-space: pre-wrap; overflow-wrap: anywhere; }
.channel { margin: 8px 0; border: 1px solid var(--line); border-radius: 8px; }
.channel > summary { padding: 6px 10px; cursor: pointer; }
.channel > div { padding: 0 10px 10px; }
.conversation { display: flex; flex-direction: column; gap: 6px; }
.message { max-width: 80%; padding: 6px 10px; border-radius: 10px; background: var(--bg-soft); white-space: pre-wrap; overflow-wrap: anywhere; }
.message.human { align-self: flex-end; background: #d1e9ff; }
.message.ai { align-self: flex-start; background: #f2f4f7; }
.message.tool, .message.system { align-self: center; background: #fef0c7; font-size: 12.5px; }
.message .role { display: block; font-size: 11px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.diff td pre { max-height: 200px; }
.change-added { color: #05603a; } .change-removed { color: #b42318; } .change-changed { color: #5925dc; }
.notice { padding: 8px 12px; border-radius: 6px; background: #fef0c7; margin: 8px 0; }
.pager { margin: 12px 0; }
table.checkpoint-size { width: auto; }
table.checkpoint-size tr.total td { border-top: 2px solid var(--line); }
.interrupted-node { font-size: 12px; color: var(--warn); }
h3.task .node { margin-right: 6px; }
`;
