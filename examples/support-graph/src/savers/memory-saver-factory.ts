import { MemorySaver } from "@langchain/langgraph";
import { IpcCheckpointSaver } from "./ipc-checkpointer-client.js";
import { serveCheckpointerOverIpc } from "./ipc-checkpointer-host.js";
import { readAuditTrailFromList } from "./list-audit-trail.js";
import type { SaverEnvironment, SaverFactory } from "./saver-factory.js";

/**
 * LangGraph's `MemorySaver` in the demo's own process. Child processes (the crash scenario)
 * reach it over IPC, since its storage has to outlive the child that gets killed.
 */
export const memorySaverFactory: SaverFactory = {
  name: "memory",
  summary: "LangGraph's in-process MemorySaver (no server; child processes reach it over IPC)",
  needsRedis: false,
  async start(options): Promise<SaverEnvironment> {
    options.progress("using LangGraph's MemorySaver in this process (no server to start)");
    const saver = new MemorySaver();
    return {
      label: "MemorySaver (in-process)",
      async open() {
        return { checkpointer: saver, close: async () => {} };
      },
      childConnection: { transport: "ipc" },
      attachChildProcess: (child) => serveCheckpointerOverIpc(child, saver),
      readAuditTrail: (threadId) => readAuditTrailFromList(saver, threadId),
      auditTrailSource: "MemorySaver.list(thread): the task writes stored with each checkpoint",
      async stop() {},
    };
  },
  async openInChildProcess() {
    const checkpointer = new IpcCheckpointSaver();
    return {
      checkpointer,
      close: async () => checkpointer.close(),
    };
  },
};
