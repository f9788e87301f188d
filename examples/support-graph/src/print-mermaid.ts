/** Prints the graph as Mermaid (`pnpm mermaid`), the source of the drawing in README.md. */
import { buildSupportGraph } from "./graph.js";
import { createSupportServices } from "./services/support-services.js";

process.stdout.write(
  `${buildSupportGraph(createSupportServices()).compile().getGraph().drawMermaid()}\n`,
);
