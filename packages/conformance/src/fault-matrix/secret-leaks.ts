import { inspect } from "node:util";

/** Secrets shorter than this are too likely to occur by chance in an error text. */
const MIN_SECRET_LENGTH = 6;

/** Every form of `error` a logger or a caller might print or ship. */
function printedForms(error: unknown): Record<string, string> {
  const forms: Record<string, string> = {
    "util.inspect": inspect(error, { depth: 20, showHidden: true }),
    message: String((error as { message?: unknown } | null)?.message ?? ""),
    stack: String((error as { stack?: unknown } | null)?.stack ?? ""),
  };
  try {
    forms["JSON.stringify"] = JSON.stringify(error) ?? "";
  } catch {
    // A cyclic error cannot be serialized: nothing leaks that way.
  }
  let cause = (error as { cause?: unknown } | null)?.cause;
  for (let depth = 1; cause !== undefined && cause !== null && depth <= 10; depth += 1) {
    forms[`cause${depth > 1 ? ` #${depth}` : ""} message`] = String(
      (cause as { message?: unknown }).message ?? cause,
    );
    cause = (cause as { cause?: unknown }).cause;
  }
  return forms;
}

/**
 * Where `error` shows one of `secrets` (as is or URL-encoded), as `"<form> shows secret #<n>"`
 * (the secret itself is left out: the failure report must not leak it either).
 */
export function secretLeaks(error: unknown, secrets: readonly string[]): string[] {
  const leaks: string[] = [];
  const forms = Object.entries(printedForms(error));
  secrets.forEach((secret, index) => {
    if (secret.length < MIN_SECRET_LENGTH) return;
    const spellings = [secret, encodeURIComponent(secret)];
    for (const [form, text] of forms) {
      if (spellings.some((spelling) => text.includes(spelling))) {
        leaks.push(`${form} shows secret #${index + 1}`);
      }
    }
  });
  return leaks;
}
