import { z } from 'zod';

/** ISO 4217 code, upper case (RUB, USD, EUR, …). */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 currency code, e.g. RUB');

/**
 * Money on the wire: an exact decimal string (never a JSON number, so no float ever touches it) and its currency.
 * "1234.50" RUB is 1 234,50 ₽. Negative amounts carry a leading minus (clawbacks, recovered draws).
 */
export const MoneyDto = z.object({
  amount: z.string().regex(/^-?\d+(\.\d+)?$/, 'decimal string such as "1234.50"'),
  currency: CurrencyCode,
});
export type MoneyDto = z.infer<typeof MoneyDto>;

/** A ratio as an exact decimal string: "0.875" is 87.5 %. */
export const RatioDto = z.string().regex(/^-?\d+(\.\d+)?$/, 'decimal string such as "0.875"');
export type RatioDto = z.infer<typeof RatioDto>;

/** A period key: 2026-11 (month), 2026-Q4, 2026-H2, 2026 (year) — fiscal years are labelled by the year they start in. */
export const PeriodKey = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$/, 'period such as 2026-11, 2026-Q4, 2026-H2 or 2026');
export type PeriodKey = z.infer<typeof PeriodKey>;
