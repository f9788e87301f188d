import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Which ioredis the suite runs on: 5 by default, 6 under jest.ioredis6.config.cjs. */
const expectedMajor = (globalThis as { expectedIoredisMajor?: number }).expectedIoredisMajor ?? 5;

describe("the ioredis major this run tests", () => {
  it(`is ${expectedMajor}`, () => {
    let directory = dirname(require.resolve("ioredis"));
    const isIoredisRoot = (path: string) =>
      existsSync(join(path, "package.json")) &&
      readFileSync(join(path, "package.json"), "utf8").includes('"name": "ioredis"');
    while (!isIoredisRoot(directory)) {
      directory = dirname(directory);
    }
    const { version } = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as {
      version: string;
    };
    expect(Number(version.split(".")[0])).toBe(expectedMajor);
  });
});
