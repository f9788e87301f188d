import {
  type DisplayMessage,
  type DisplayValue,
  isDisplayMessage,
} from "../reads/display-value.js";
import { html, type SafeHtml } from "./html.js";

/** Longer JSON is cut on the page (the JSON API has it whole). */
const MAX_SHOWN_CHARACTERS = 20_000;

export function jsonBlock(value: DisplayValue): SafeHtml {
  const text = JSON.stringify(value, null, 2) ?? "null";
  const shown =
    text.length > MAX_SHOWN_CHARACTERS
      ? `${text.slice(0, MAX_SHOWN_CHARACTERS)}\n… ${text.length - MAX_SHOWN_CHARACTERS} more characters (see the JSON API)`
      : text;
  return html`<pre>${shown}</pre>`;
}

function messageText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        part !== null &&
        typeof part === "object" &&
        typeof (part as { text?: unknown }).text === "string"
          ? (part as { text: string }).text
          : JSON.stringify(part),
      )
      .join("\n");
  }
  return JSON.stringify(content);
}

function messageBubble(message: DisplayMessage): SafeHtml {
  const role =
    message.name === undefined ? message.$message : `${message.$message} · ${message.name}`;
  const toolCalls =
    message.toolCalls === undefined ? "" : jsonBlock(message.toolCalls as DisplayValue);
  return html`<div class="message ${message.$message}"><span class="role">${role}</span>${messageText(message.content)}${toolCalls}</div>`;
}

/** A channel's value: a list of messages as a conversation, anything else as JSON. */
export function valueView(value: DisplayValue): SafeHtml {
  if (Array.isArray(value) && value.length > 0 && value.every(isDisplayMessage)) {
    return html`<div class="conversation">${value.map((message) => messageBubble(message as DisplayMessage))}</div>`;
  }
  if (isDisplayMessage(value)) return html`<div class="conversation">${messageBubble(value)}</div>`;
  return jsonBlock(value);
}
