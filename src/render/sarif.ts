import type { Report } from '../report/schema.ts';
import { uriPath } from './links.ts';

// SARIF 2.1.0 for GitHub code scanning and other SARIF consumers. Paths stay repository-relative
// (resolved against %SRCROOT%); fingerprints are line-independent so alerts survive edits above them.

type Finding = Report['findings'][number];
type Rule = Report['rules'][number];

const LEVEL = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' } as const;
// GitHub ranks security alerts by this CVSS-like score; only security rules carry it.
const SECURITY_SEVERITY = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' } as const;
/** GitHub keeps at most this many locations per result; the full list is in report.json. */
const MAX_LOCATIONS = 10;

export function renderSarif(report: Report): string {
  const rules = report.rules;
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'arch-audit',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: rules.map(sarifRule),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the scanned repository.' } } },
        ...versionControl(report),
        results: [
          ...report.findings.map((f) => sarifResult(f, index.get(f.ruleId) ?? -1)),
          // kept, marked suppressed: code scanning shows them as dismissed with the reason
          ...report.suppressed.map((f) => ({ ...sarifResult(f, index.get(f.ruleId) ?? -1), suppressions: [{ kind: 'inSource', justification: f.reason }] })),
        ],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function sarifRule(r: Rule): Record<string, unknown> {
  const help = [`**${r.title}**`, '', r.rationale, '', `**What to do.** ${r.remediation}`, '', `**Investor question.** ${r.ddQuestion}`].join('\n');
  return {
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: r.rationale },
    help: { text: `${r.title}. ${r.rationale} What to do: ${r.remediation} Investor question: ${r.ddQuestion}`, markdown: help },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      // GitHub reads the `security` tag (the category's own name) to list a rule under security alerts.
      tags: ['arch-audit', r.category],
      precision: r.confidence,
      ...(r.category === 'security' ? { 'security-severity': SECURITY_SEVERITY[r.severity] } : {}),
    },
  };
}

function sarifResult(f: Finding, ruleIndex: number): Record<string, unknown> {
  const more = f.locations.length > MAX_LOCATIONS ? ` (${f.locations.length - MAX_LOCATIONS} more locations in report.json)` : '';
  return {
    ruleId: f.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[f.severity],
    message: { text: `${f.message}${more}` },
    locations: f.locations.slice(0, MAX_LOCATIONS).map((l) => ({
      physicalLocation: {
        artifactLocation: { uri: uriPath(l.file), uriBaseId: '%SRCROOT%' },
        region: { startLine: l.line, ...(l.column ? { startColumn: l.column } : {}), ...(l.snippet ? { snippet: { text: l.snippet } } : {}) },
      },
    })),
    partialFingerprints: { 'archAudit/v1': f.fingerprint },
    ...(f.baseline ? { baselineState: f.baseline } : {}),
    properties: {
      severity: f.severity,
      confidence: f.confidence,
      category: f.category,
      effortHours: f.effortHours,
      ddQuestion: f.ddQuestion,
    },
  };
}

/** The scanned commit, when there is one and the repository has a URL (local folders have neither to share). */
function versionControl(report: Report): Record<string, unknown> {
  const uri = [report.target.github?.htmlUrl, report.target.source].find((u) => u !== undefined && /^https?:\/\/[^\s]+$/.test(u) && URL.canParse(u));
  if (!report.target.commit || !uri) return {};
  return { versionControlProvenance: [{ repositoryUri: uri, revisionId: report.target.commit, ...(report.target.ref ? { branch: report.target.ref } : {}) }] };
}

function pascal(id: string): string {
  return id.split('-').map((w) => (w[0]?.toUpperCase() ?? '') + w.slice(1)).join('');
}
