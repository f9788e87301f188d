import { InvalidConfigError } from "../src/index.js";
import { parseOptionUrl } from "../src/internal.js";

function refusal(run: () => unknown): InvalidConfigError {
  try {
    run();
  } catch (error) {
    if (InvalidConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("not refused");
}

describe("parseOptionUrl", () => {
  it("returns the parsed URL when its scheme is one of those allowed", () => {
    const parsed = parseOptionUrl("rediss://:pw@cache:6380/2", "redis", ["redis:", "rediss:"]);
    expect(parsed.host).toBe("cache:6380");
    expect(parsed.password).toBe("pw");
  });

  it("names the option, never the URL, when it is not a URL or has another scheme", () => {
    const garbled = refusal(() => parseOptionUrl("::s3cret::", "to", ["postgres:"]));
    expect(garbled.message).toBe("--to is not a valid URL");
    expect(garbled.field).toBe("to");
    const wrong = refusal(() =>
      parseOptionUrl("http://u:s3cret@h/db", "postgres", ["postgres:", "postgresql:"]),
    );
    expect(wrong.message).toBe("--postgres must start with postgres:// or postgresql://");
    const labelled = refusal(() =>
      parseOptionUrl("http://u:s3cret@h/", "redis", ["redis:"], "browse.json: redis.url"),
    );
    expect(labelled.message).toBe("browse.json: redis.url must start with redis://");
    for (const error of [garbled, wrong, labelled])
      expect(String(error.stack)).not.toContain("s3cret");
  });
});
