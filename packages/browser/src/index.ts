export { type BrowseCliStreams, runBrowseCli } from "./cli/run-browse-cli.js";
export type { ChannelChange } from "./reads/channel-diff.js";
export type { ChannelState, CheckpointDetail } from "./reads/checkpoint-detail.js";
export type { DisplayMessage, DisplayValue } from "./reads/display-value.js";
export type { TaskWrites } from "./reads/pending-writes.js";
export type { ThreadIndex, ThreadSummary } from "./reads/thread-index.js";
export type { TimelineEntry, TimelinePage } from "./reads/timeline.js";
export { type RunningBrowser, type StartBrowserOptions, startBrowser } from "./start-browser.js";
