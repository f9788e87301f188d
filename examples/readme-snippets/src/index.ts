export * from "./check-snippets.js";
export * from "./extract-snippets.js";
export * from "./readme-files.js";
