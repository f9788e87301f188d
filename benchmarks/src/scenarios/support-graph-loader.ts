import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";

const EXAMPLE_SOURCE = fileURLToPath(
  new URL("../../../examples/support-graph/src/", import.meta.url),
);

/** The parts of examples/support-graph the scenario drives, typed only as far as it needs. */
export interface SupportGraphModule {
  compile(checkpointer: BaseCheckpointSaver): {
    invoke(input: unknown, config: { configurable: { thread_id: string } }): Promise<unknown>;
  };
  /** The input of case_8842 (auto-approved refund: the graph runs to the end, no interrupt). */
  caseInput(): unknown;
}

async function importSource(relativePath: string): Promise<Record<string, unknown>> {
  const path = `${EXAMPLE_SOURCE}${relativePath}`;
  if (!existsSync(path))
    throw new Error(`examples/support-graph/src/${relativePath} does not exist yet`);
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

function requireFunction(
  module: Record<string, unknown>,
  name: string,
  file: string,
): (...args: any[]) => any {
  const value = module[name] ?? (module.default as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== "function")
    throw new Error(`examples/support-graph/src/${file} does not export ${name} yet`);
  return value as (...args: any[]) => any;
}

/**
 * Loads the example from its TypeScript source (tsx runs it), so the benchmark needs no build
 * of the example and no dependency on a package that may not exist yet. Throws with a
 * one-line reason when a piece is missing; the scenario turns that into its skip line.
 */
export async function loadSupportGraph(): Promise<SupportGraphModule> {
  const graph = await importSource("graph.ts");
  const services = await importSource("services/support-services.ts");
  const cases = await importSource("support-cases.ts");
  const { HumanMessage } = await import("@langchain/core/messages");
  const compileSupportGraph = requireFunction(graph, "compileSupportGraph", "graph.ts");
  const createSupportServices = requireFunction(
    services,
    "createSupportServices",
    "services/support-services.ts",
  );
  const supportCase = (cases.CASE_8842 ??
    (cases.default as Record<string, unknown> | undefined)?.CASE_8842) as
    | { customerId: string; requestText: string }
    | undefined;
  if (supportCase === undefined)
    throw new Error("examples/support-graph/src/support-cases.ts does not export CASE_8842 yet");
  return {
    compile: (checkpointer) =>
      compileSupportGraph({ checkpointer, services: createSupportServices() }),
    caseInput: () => ({
      customerId: supportCase.customerId,
      requestText: supportCase.requestText,
      messages: [new HumanMessage(supportCase.requestText)],
    }),
  };
}
