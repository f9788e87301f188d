import type { CheckpointDetail } from "../reads/checkpoint-detail.js";
import { INTERRUPT_CHANNEL } from "../reads/pending-writes.js";
import { checkpointSizeView } from "./checkpoint-size-view.js";
import { hrefTo, html } from "./html.js";
import { pageDocument } from "./layout.js";
import { jsonBlock, valueView } from "./value-view.js";

export function checkpointPage(detail: CheckpointDetail): string {
  const thread = { thread: detail.threadId };
  const parentLink =
    detail.parentCheckpointId === null
      ? html`<span class="muted">none (first checkpoint)</span>`
      : html`<a class="id parent-link" href="${hrefTo("/checkpoint", { ...thread, ns: detail.checkpointNs, id: detail.parentCheckpointId })}">${detail.parentCheckpointId}</a>`;
  const channels = detail.channels.map(
    (channel) =>
      html`<details class="channel" data-channel="${channel.channel}" open><summary><b>${channel.channel}</b> <span class="muted">version ${channel.version ?? "—"}</span></summary><div>${valueView(channel.value)}</div></details>`,
  );
  const changes = detail.changes.map(
    (change) =>
      html`<tr><td><b>${change.channel}</b></td><td class="change-${change.change}">${change.change}</td><td>${valueView(change.before)}</td><td>${valueView(change.after)}</td></tr>`,
  );
  const tasks = detail.pendingWrites.map(
    (
      task,
    ) => html`<h3 class="task">${task.node === null ? "" : html`<span class="node task-node">${task.node}</span> `}<span class="id${task.node === null ? "" : " muted"}">task ${task.taskId}</span></h3>
<table class="writes"><tbody>${task.writes.map(
      (write) =>
        html`<tr><td>${write.channel === INTERRUPT_CHANNEL ? html`<span class="tag interrupt">interrupt</span>` : ""}<b>${write.channel}</b></td><td>${valueView(write.value)}</td></tr>`,
    )}</tbody></table>`,
  );
  const body = html`<p class="muted"><a href="/">threads</a> / <a class="id" href="${hrefTo("/thread", thread)}">${detail.threadId}</a> /</p>
<h1 class="id">checkpoint ${detail.checkpointId}</h1>
<table class="facts"><tbody>
<tr><th>namespace</th><td class="id">${detail.checkpointNs === "" ? "(root)" : detail.checkpointNs}</td></tr>
<tr><th>parent</th><td>${parentLink}</td></tr>
<tr><th>node(s)</th><td>${detail.writers.join(", ")}</td></tr>
<tr><th>time</th><td>${detail.createdAt ?? ""}</td></tr>
</tbody></table>
<h2>Changed since the parent</h2>
${changes.length === 0 ? html`<p class="muted">No channel changed.</p>` : html`<table class="diff"><thead><tr><th>channel</th><th></th><th>before</th><th>after</th></tr></thead><tbody>${changes}</tbody></table>`}
<h2>State, channel by channel</h2>
${channels}
${checkpointSizeView(detail.storedSize)}
<h2>Pending writes by task</h2>
${tasks.length === 0 ? html`<p class="muted">No pending writes.</p>` : tasks}
<h2>Metadata</h2>
${jsonBlock(detail.metadata)}`;
  return pageDocument(`Checkpoint ${detail.checkpointId}`, body);
}

export function notFoundPage(what: string): string {
  return pageDocument(
    "Not found",
    html`<h1>Not found</h1><p>${what}</p><p><a href="/">threads</a></p>`,
  );
}

export function errorPage(message: string): string {
  return pageDocument("Error", html`<h1>The saver could not answer</h1><pre>${message}</pre>`);
}
