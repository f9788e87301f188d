import { redactSecrets } from "@checkpointkit/core/internal";

const MASK = "***";

/**
 * Removes the credentials this run was given from any text before it is printed: the
 * passwords of `--from`/`--to` URLs (raw and percent-decoded) and the Cosmos DB key, then
 * whatever `redactSecrets` recognises. Errors from drivers are not trusted to leave them out.
 */
export class SecretScrubber {
  private readonly secrets = new Set<string>();

  /** Remembers a secret; values too short to be one (empty) are ignored. */
  add(secret: string | undefined): void {
    if (secret === undefined || secret === "") return;
    this.secrets.add(secret);
    try {
      this.secrets.add(decodeURIComponent(secret));
    } catch {
      // Not valid percent-encoding: the raw form is all there is.
    }
    this.secrets.add(encodeURIComponent(secret));
  }

  /** Remembers the password of a URL, if it has one. */
  addUrlPassword(url: string): void {
    try {
      this.add(new URL(url).password);
    } catch {
      // Unparsable URLs are refused elsewhere, without echoing them.
    }
  }

  scrub(text: string): string {
    let scrubbed = text;
    // Longest first, so a secret containing another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      scrubbed = scrubbed.split(secret).join(MASK);
    }
    return redactSecrets(scrubbed);
  }
}
