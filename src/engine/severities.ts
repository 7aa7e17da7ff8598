// The severity scale, without the schema library: the command line reads it to parse `--fail-on` before a scan loads.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
