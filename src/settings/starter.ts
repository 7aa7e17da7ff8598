import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedRule } from '../engine/load.ts';
import { CONFIG_FILE } from './schema.ts';

// `arch-audit init`: a starter config for one repository, every option shown and explained in comments, the
// choices left to the team. Printed, never written into the repository: `arch-audit init > arch-audit.config.json`.

/** Top-level folders that often hold code the product does not run; suggested, commented out, where they exist. */
const OFTEN_EXCLUDED = ['examples', 'notebooks', 'playground', 'legacy', 'archive', 'third_party', 'vendor'];

export function starterConfig(root: string, rules: readonly Pick<LoadedRule, 'meta' | 'options'>[], schemaPath: string): string {
  const present = OFTEN_EXCLUDED.filter((d) => existsSync(join(root, d)) && statSync(join(root, d)).isDirectory());
  const ruleLines = [...rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1)).map(({ meta: r, options }) => {
    const line = `    // "${r.id}": "${r.severity}",${' '.repeat(Math.max(1, 34 - r.id.length - r.severity.length))}// ${r.title}`;
    // A rule with thresholds shows them with their defaults, in the object form that sets them.
    const defaults = options?.safeParse({});
    if (!defaults?.success) return line;
    const set = Object.entries(defaults.data).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ');
    return `${line}\n    // "${r.id}": { "severity": "${r.severity}", "options": { ${set} } },`;
  });
  return [
    `// ${CONFIG_FILE}: what this team decided about its arch-audit scans. Comments and trailing commas are allowed.`,
    '{',
    `  "$schema": ${JSON.stringify(schemaPath)},`,
    '',
    '  // A monorepo\'s product packages (folders with a manifest, gitignore patterns): their model calls are judged;',
    '  // other packages\' (SDK samples, internal tools) are listed apart. Left out, packages named like examples are apart.',
    '  "products": [',
    '    // "apps/*",',
    '  ],',
    '',
    '  // Source files to scan, when not all of them (gitignore patterns); manifests and CI are always read.',
    '  "include": [',
    '    // "src/**",',
    '  ],',
    '',
    '  // Files left out of the scan (gitignore patterns); they are listed as skipped in every report.',
    `  "exclude": [${present.length > 0 ? `\n${present.map((d) => `    // "${d}/**",`).join('\n')}\n  ` : ''}],`,
    '',
    '  // Per rule: another severity, or "off" (its area is then scored as partly measured), and a rule\'s thresholds. The defaults:',
    '  "rules": {',
    ...ruleLines,
    '  },',
    '',
    '  // Findings accepted on purpose: each with a reason, shown beside it in every report, and an optional expiry',
    '  // after which it comes back. Name a finding by its fingerprint (report.json), or a rule and a path.',
    '  "accept": [',
    '    // { "rule": "direct-model-call", "path": "scripts/**", "reason": "one-off backfills", "expires": "2027-06-30" },',
    '  ],',
    '',
    '  // A previous report.json to compare with (relative to this file), and the gate CI applies.',
    '  // "baseline": "arch-audit-baseline.json",',
    '  "gate": {',
    '    // "failOn": "high",',
    '    // "newOnly": true,',
    '  },',
    '',
    '  // Architecture metrics held where they are: "no-increase" against the baseline, or a "max" (a "min" for eval reach).',
    '  // A broken ratchet fails the gate and names the files that moved the metric.',
    '  "ratchets": {',
    '    // "files-outside-gateway": "no-increase",',
    '    // "untraced-model-calls": "no-increase",',
    '    // "distinct-model-ids": { "max": 12 },',
    '    // "eval-reach": "no-decrease",',
    '  },',
    '}',
    '',
  ].join('\n');
}
