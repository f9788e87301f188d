export * from "./report-collector.js";
export * from "./scenario-report.js";
export * from "./scenario-reporter.js";
export * from "./text-reporter.js";
