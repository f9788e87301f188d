/**
 * Collects the values of one statement and hands out their `$n` placeholders, so SQL
 * assembled from fragments never splices a value into its text.
 */
export class SqlParameters {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder, with an explicit cast when given. */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    const placeholder = `$${this.values.length}`;
    return cast === undefined ? placeholder : `${placeholder}::${cast}`;
  }
}
