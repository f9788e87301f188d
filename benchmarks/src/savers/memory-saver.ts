import { MemorySaver } from "@langchain/langgraph-checkpoint";
import { RoundTripCounter } from "../measure/round-trip-counter.js";
import type { SaverPlugin } from "./saver-plugin.js";

/** LangGraph's in-process saver: no I/O at all, so it shows what serialization alone costs. */
export const memorySaverPlugin: SaverPlugin = {
  id: "langgraph-memory",
  label: "LangGraph MemorySaver",
  prepare: async () => ({
    create: async () => ({
      saver: new MemorySaver(),
      counter: new RoundTripCounter(),
      dispose: async () => {},
    }),
  }),
};
