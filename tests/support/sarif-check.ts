import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';

// SARIF validation that runs on every OS. The objects arch-audit emits are checked strictly against
// their SARIF 2.1.0 definitions (OASIS sarif-v2.1.0-os, section 3: sarifLog, run, toolComponent,
// reportingDescriptor, result, location, region, suppression, versionControlDetails), unknown keys
// refused so a renamed property cannot slip through; then the checks GitHub code scanning applies
// on upload (the Multitool's GH10xx rules and the documented upload limits). Microsoft's native
// Multitool runs too where its optional package installed (Linux only).

const Uri = z.string().refine((s) => { try { new URL(s); return true; } catch { return false; } }, 'an absolute URI');
// RFC 3986 URI reference: no raw spaces, controls, or characters outside the URI set; % only as an escape.
const UriReference = z.string().regex(/^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/, 'a URI reference (RFC 3986)');
const PropertyBag = z.looseObject({ tags: z.array(z.string()).refine((t) => new Set(t).size === t.length, 'unique tags').optional() });
const MultiformatMessage = z.strictObject({ text: z.string(), markdown: z.string().optional() });
const Message = z.strictObject({ text: z.string().optional(), markdown: z.string().optional(), id: z.string().optional(), arguments: z.array(z.string()).optional() })
  .refine((m) => m.text !== undefined || m.id !== undefined, 'a message needs text or id');
const Level = z.enum(['none', 'note', 'warning', 'error']);
const ArtifactLocation = z.strictObject({ uri: UriReference.optional(), uriBaseId: z.string().optional(), index: z.number().int().min(-1).optional(), description: Message.optional() });
const Region = z.strictObject({
  startLine: z.number().int().min(1).optional(), startColumn: z.number().int().min(1).optional(), endLine: z.number().int().min(1).optional(), endColumn: z.number().int().min(1).optional(),
  snippet: z.strictObject({ text: z.string().optional(), binary: z.string().optional() }).optional(), message: Message.optional(),
});
const Location = z.strictObject({
  id: z.number().int().min(-1).optional(),
  physicalLocation: z.strictObject({ artifactLocation: ArtifactLocation.optional(), region: Region.optional(), contextRegion: Region.optional() }).optional(),
  message: Message.optional(),
});
const Suppression = z.strictObject({ kind: z.enum(['inSource', 'external']), status: z.enum(['accepted', 'underReview', 'rejected']).optional(), justification: z.string().optional(), location: Location.optional() });
const Result = z.strictObject({
  ruleId: z.string().optional(), ruleIndex: z.number().int().min(-1).optional(), level: Level.optional(), message: Message,
  locations: z.array(Location).optional(), partialFingerprints: z.record(z.string(), z.string()).optional(), fingerprints: z.record(z.string(), z.string()).optional(),
  suppressions: z.array(Suppression).optional(), properties: PropertyBag.optional(),
});
const ReportingDescriptor = z.strictObject({
  id: z.string(), name: z.string().optional(), shortDescription: MultiformatMessage.optional(), fullDescription: MultiformatMessage.optional(),
  help: MultiformatMessage.optional(), helpUri: Uri.optional(),
  defaultConfiguration: z.strictObject({ enabled: z.boolean().optional(), level: Level.optional(), rank: z.number().min(-1).max(100).optional() }).optional(),
  properties: PropertyBag.optional(),
});
const Run = z.strictObject({
  tool: z.strictObject({
    driver: z.strictObject({
      name: z.string(), version: z.string().optional(), semanticVersion: z.string().optional(), informationUri: Uri.optional(),
      rules: z.array(ReportingDescriptor).refine((r) => new Set(r.map((x) => x.id)).size === r.length, 'unique rule ids').optional(),
    }),
  }),
  originalUriBaseIds: z.record(z.string(), z.strictObject({ uri: UriReference.optional(), description: Message.optional() })).optional(),
  versionControlProvenance: z.array(z.strictObject({ repositoryUri: Uri, revisionId: z.string().optional(), branch: z.string().optional() })).optional(),
  results: z.array(Result).nullable().optional(),
  columnKind: z.enum(['utf16CodeUnits', 'unicodeCodePoints']).optional(),
});
const SarifLog = z.strictObject({ $schema: Uri.optional(), version: z.literal('2.1.0'), runs: z.array(Run).nullable() });

// GitHub's documented upload limits (code scanning, "SARIF support").
const MAX_RUNS = 20;
const MAX_RESULTS_PER_RUN = 25_000;
const MAX_RULES_PER_RUN = 25_000;
const MAX_LOCATIONS_PER_RESULT = 1_000;
const MAX_TAGS_PER_RULE = 20;

/** Problems in a SARIF text, as `path: message` lines; empty when it is valid for SARIF 2.1.0 and GitHub. */
export function sarifProblems(text: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return [`not JSON: ${String(err)}`];
  }
  const parsed = SarifLog.safeParse(json);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const problems: string[] = [];
  const runs = parsed.data.runs ?? [];
  if (runs.length > MAX_RUNS) problems.push(`runs: ${runs.length} > ${MAX_RUNS}`);
  runs.forEach((run, r) => {
    const rules = run.tool.driver.rules ?? [];
    const results = run.results ?? [];
    if (rules.length > MAX_RULES_PER_RUN) problems.push(`runs.${r}: ${rules.length} rules`);
    if (results.length > MAX_RESULTS_PER_RUN) problems.push(`runs.${r}: ${results.length} results`);
    rules.forEach((rule, i) => {
      const at = `runs.${r}.tool.driver.rules.${i}`;
      if ((rule.properties?.tags?.length ?? 0) > MAX_TAGS_PER_RULE) problems.push(`${at}: more than ${MAX_TAGS_PER_RULE} tags`);
      const score = rule.properties?.['security-severity'];
      if (score !== undefined && !(typeof score === 'string' && /^\d+(\.\d+)?$/.test(score) && Number(score) <= 10)) problems.push(`${at}: security-severity must be a number from 0.0 to 10.0 in a string`);
    });
    results.forEach((res, i) => {
      const at = `runs.${r}.results.${i}`;
      // GH1007: GitHub shows message.text; a message given only by id is not rendered.
      if (res.message.text === undefined) problems.push(`${at}: GH1007 message.text missing`);
      if (res.ruleId === undefined) problems.push(`${at}: ruleId missing`);
      if (res.ruleIndex !== undefined && rules[res.ruleIndex]?.id !== res.ruleId) problems.push(`${at}: ruleIndex does not point at ruleId`);
      const locations = res.locations ?? [];
      if (locations.length > MAX_LOCATIONS_PER_RESULT) problems.push(`${at}: ${locations.length} locations`);
      // GH1001: at least one location with a file.
      if (!locations.some((l) => l.physicalLocation?.artifactLocation?.uri !== undefined)) problems.push(`${at}: GH1001 no location with artifactLocation.uri`);
      locations.forEach((l, j) => {
        const uri = l.physicalLocation?.artifactLocation?.uri;
        // GH1005: relative URIs (or file:) only, resolved against the checkout.
        if (uri !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith('file:')) problems.push(`${at}.locations.${j}: GH1005 uri is not relative: ${uri}`);
        if (uri !== undefined && uri.startsWith('/')) problems.push(`${at}.locations.${j}: GH1005 uri is absolute: ${uri}`);
        // GH1003: a region needs its start line.
        const region = l.physicalLocation?.region;
        if (region && region.startLine === undefined) problems.push(`${at}.locations.${j}: GH1003 region.startLine missing`);
      });
    });
  });
  return problems;
}

/** Microsoft's Multitool (`--rule-kind Sarif;Gh`) when its optional native package is installed, else null. */
export function multitoolProblems(text: string, dir: string, name: string): { errors: string[]; warnings: string[] } | null {
  let tool: string;
  try {
    tool = join(dirname(createRequire(import.meta.url).resolve('@microsoft/sarif-multitool-linux/package.json')), 'Sarif.Multitool');
  } catch {
    return null;
  }
  if (!existsSync(tool)) return null;
  const file = join(dir, `${name}.sarif`);
  writeFileSync(file, text);
  // The native binary directly: the npm wrapper loses the quoting of `--rule-kind "Sarif;Gh"`.
  const run = spawnSync(tool, ['validate', '--rule-kind', 'Sarif;Gh', file], { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
  if (run.status !== 0) return { errors: [`multitool exited ${run.status}: ${run.stderr}`], warnings: [] };
  const lines = run.stdout.split('\n');
  return {
    errors: lines.filter((l) => /: error /.test(l)),
    warnings: lines.filter((l) => /: warning /.test(l)).map((l) => /warning (\w+)/.exec(l)?.[1] ?? l),
  };
}
