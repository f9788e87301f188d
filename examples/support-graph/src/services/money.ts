import type { CurrencyCode } from "../state.js";

const CURRENCY_SYMBOLS: Record<CurrencyCode, string> = { USD: "$" };

/** `4999, "USD"` → `$49.99`. Cents stay integers everywhere else; only display divides. */
export function formatMoney(amountCents: number, currency: CurrencyCode): string {
  if (!Number.isSafeInteger(amountCents)) {
    throw new RangeError(`amountCents must be an integer, got ${amountCents}`);
  }
  const sign = amountCents < 0 ? "-" : "";
  const absolute = Math.abs(amountCents);
  const whole = Math.floor(absolute / 100);
  const cents = String(absolute % 100).padStart(2, "0");
  return `${sign}${CURRENCY_SYMBOLS[currency]}${whole}.${cents}`;
}
