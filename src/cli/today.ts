import { IsoDate } from "../schema/primitives";

/**
 * The day guardrails run on: the option, else `IDAC_TODAY` (for reproducible runs), else today in UTC. A value
 * that is not a real YYYY-MM-DD date is an error: a malformed date would compare as text and could make an
 * expired suppression look current.
 */
export function runDate(option?: string): { today: string } | { error: string } {
  const given = option ?? process.env.IDAC_TODAY;
  if (given === undefined) return { today: new Date().toISOString().slice(0, 10) };
  if (IsoDate.safeParse(given).success) return { today: given };
  return {
    error: `${option !== undefined ? "The date" : "IDAC_TODAY"} is '${given}', not a real date as YYYY-MM-DD. Unset IDAC_TODAY to run on today's date.`,
  };
}
