/** A working day, for turning effort estimates in hours into days. */
export const HOURS_PER_DAY = 8;

/** `about 2.5 days`-style wording: half days, and hours below one day. */
export function daysText(hours: number): string {
  const d = Math.round((hours / HOURS_PER_DAY) * 2) / 2;
  return d < 1 ? `${hours} h` : `${d} ${d === 1 ? 'day' : 'days'}`;
}
