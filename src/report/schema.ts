import { z } from 'zod';
import { PROVIDER_IDS } from '../catalog/providers.ts';
import { CATEGORIES, ConfidenceSchema, SeveritySchema } from '../engine/meta.ts';
import { ROLES } from '../inventory/roles.ts';
import { METRIC_IDS } from './metrics.ts';
import { KNOWLEDGE_AREAS } from '../facts/knowledge.ts';

// The JSON report is the contract: every renderer reads it, CI pipelines parse it. Its JSON Schema is
// generated from this file (`npm run gen:schema`) and committed; a test fails when the two drift.

export const SCHEMA_VERSION = '1.5.0';

const RelPath = z.string().regex(/^(?!\/)(?![A-Za-z]:)[^\\]*$/, 'a repository-relative POSIX path');
const ProviderId = z.union([z.enum(PROVIDER_IDS), z.string().regex(/^other:[a-z0-9][a-z0-9.-]*$/)]);
const Counted = z.array(RelPath);
const Share = z.number().min(0).max(1);
const FileLine = z.strictObject({ file: RelPath, line: z.number().int().min(1) });

export const LocationSchema = z.strictObject({
  file: RelPath, line: z.number().int().min(1), column: z.number().int().min(1).optional(),
  /** the source line, trimmed, credentials masked; on the first locations of each finding */
  snippet: z.string().optional(),
});

export const FindingSchema = z.strictObject({
  ruleId: z.string(),
  title: z.string(),
  category: z.enum(CATEGORIES),
  severity: SeveritySchema,
  confidence: ConfidenceSchema,
  message: z.string(),
  locations: z.array(LocationSchema).min(1),
  evidence: z.string(),
  fingerprint: z.string(),
  effortHours: z.number().nonnegative(),
  effortLaterHours: z.number().nonnegative().nullable(),
  ddQuestion: z.string(),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])),
  /** with `--baseline`: whether the baseline report had this finding (matched by fingerprint), and whether it grew since (`updated`) */
  baseline: z.enum(['new', 'updated', 'unchanged']).optional(),
  /**
   * `--history`: how the metric behind the decision moved over the points read (from the oldest to now), and the effort
   * at that rate in six months (docs/scoring.md, projection); with it, `effortLaterHours` is the same projection over a year
   */
  growth: z.strictObject({
    metric: z.enum(METRIC_IDS), label: z.string(), from: z.number().int(), to: z.number().int(), since: z.string(),
    perMonth: z.number(), sixMonthsHours: z.number().nonnegative(),
  }).optional(),
});

export const ModelCallSchema = z.strictObject({
  file: RelPath,
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  provider: ProviderId.nullable(),
  alsoProviders: z.array(ProviderId),
  kind: z.enum(['direct', 'framework']),
  framework: z.string().nullable(),
  api: z.string(),
  sdk: z.string(),
  callee: z.string(),
  model: z.string().nullable(),
  /** `low`: found by its name or the shape of its arguments, its receiver not traced; `reason` says what stopped the trace */
  confidence: z.enum(['high', 'low']),
  reason: z.string().nullable(),
  policy: z.strictObject({
    timeout: z.enum(['call', 'client', 'decorator', 'caller', 'platform', 'unknown']).nullable(),
    retries: z.enum(['call', 'client', 'decorator', 'caller', 'unknown']).nullable(),
    tokenLimit: z.enum(['set', 'unset', 'unknown', 'not-applicable']),
    errorHandling: z.enum(['call', 'caller', 'runner', 'unknown']).nullable(),
  }).nullable(),
  endpoint: z.strictObject({ source: z.enum(['default', 'literal', 'env', 'config']), value: z.string().nullable(), target: z.string() }).nullable(),
  role: z.enum(ROLES),
  /** in a module nothing imports, names or runs, or an application's function nothing uses: listed, but its policy is not judged */
  unreferenced: z.boolean(),
});

const SeverityCounts = z.strictObject({ critical: z.number().int(), high: z.number().int(), medium: z.number().int(), low: z.number().int(), info: z.number().int() });

export const ReportSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.strictObject({ name: z.literal('arch-audit'), version: z.string() }),
  target: z.strictObject({
    kind: z.enum(['local', 'git', 'github']),
    source: z.string(),
    ref: z.string().nullable(),
    commit: z.string().regex(/^[0-9a-f]{40,64}$/).nullable(),
    subdir: RelPath.nullable().describe('the scanned folder of a monorepo; every path in the report is relative to the repository\'s top, and the repository\'s CI, lockfiles and CODEOWNERS were read with it'),
    shallow: z.boolean(),
    scannedAt: z.string(),
    github: z.strictObject({
      fullName: z.string(), htmlUrl: z.string(), defaultBranch: z.string(), private: z.boolean(), archived: z.boolean(),
      stars: z.number().int(), forks: z.number().int(), openIssues: z.number().int(), pushedAt: z.string().nullable(),
      language: z.string().nullable(), license: z.string().nullable(),
    }).nullable(),
    notes: z.array(z.string()),
  }),
  summary: z.strictObject({
    findings: SeverityCounts,
    totalFindings: z.number().int(),
    effortHours: z.number().nonnegative(),
    /** `newOnly`: only findings the baseline did not have, or that grew since, can fail the gate; a broken ratchet fails it too */
    gate: z.strictObject({ failOn: SeveritySchema.nullable(), newOnly: z.boolean(), passed: z.boolean(), ratchetsBroken: z.number().int() }),
    /** the comparison with `--baseline`: counts, and the baseline's findings that no longer occur */
    baseline: z.strictObject({
      file: z.string(), commit: z.string().nullable(), scannedAt: z.string().nullable(),
      new: z.number().int(), updated: z.number().int(), unchanged: z.number().int(),
      /** findings that grew since: a higher severity, or files they did not name */
      growth: z.array(z.strictObject({ fingerprint: z.string(), severityBefore: SeveritySchema, addedFiles: z.array(z.string()) })),
      fixed: z.array(z.strictObject({ ruleId: z.string(), title: z.string(), severity: SeveritySchema, message: z.string(), fingerprint: z.string(), file: z.string(), line: z.number().int() })),
    }).nullable(),
    files: z.strictObject({ listed: z.number().int(), scanned: z.number().int(), parsed: z.number().int(), skipped: z.number().int() }),
    /** the config's ratchets on architecture metrics; a broken one fails the gate */
    ratchets: z.array(z.strictObject({
      metric: z.enum(METRIC_IDS), label: z.string(), rule: z.string(), before: z.number().int().nullable(), after: z.number().int(),
      status: z.enum(['held', 'broken', 'not-checked']),
      /** the files or ids the metric counts now that the baseline did not */
      added: z.array(z.string()),
      message: z.string(),
    })),
  }),
  inventory: z.strictObject({
    listing: z.enum(['git', 'glob']),
    /** what the product is, which decides whether service checks (error tracking, LLM tracing, token bills) apply */
    product: z.strictObject({ kind: z.enum(['service', 'self-hosted', 'desktop', 'cli', 'library', 'unknown']), reason: z.string(), evidence: RelPath.nullable() }),
    languages: z.array(z.strictObject({ id: z.string(), files: z.number().int(), loc: z.number().int() })),
    roles: z.record(z.enum(ROLES), z.number().int()),
    manifests: z.array(z.strictObject({
      path: RelPath, kind: z.string(), ecosystem: z.enum(['npm', 'pypi']), name: z.string().nullable(),
      dependencies: z.array(z.strictObject({ name: z.string(), spec: z.string(), scope: z.enum(['prod', 'dev', 'optional', 'peer']), group: z.string().optional() })),
      workspaces: z.array(z.string()), error: z.string().optional(),
    })),
    /** calls in product code and scripts: what findings are about */
    modelCalls: z.array(ModelCallSchema),
    /** calls in tests, examples and docs: listed for context, left out of findings */
    outOfScopeModelCalls: z.array(ModelCallSchema),
    /** product files that import an AI SDK or framework, or name a provider host, with no model call traced: why */
    unresolved: z.array(z.strictObject({
      file: RelPath,
      signals: z.array(z.string()),
      reason: z.enum(['builds-clients-only', 'untraced-calls', 'no-call-found', 'not-parsed']),
      detail: z.string(),
    })),
    /** product files with traced model calls, with calls found by name only, and unresolved */
    modelCoverage: z.strictObject({ traced: z.number().int(), lowConfidence: z.number().int(), unresolved: z.number().int() }),
    providers: z.array(z.strictObject({ id: ProviderId, calls: z.number().int(), directCalls: z.number().int(), files: z.number().int(), importingFiles: z.number().int(), configuringFiles: z.number().int(), evidence: Counted })),
    evalHarness: z.strictObject({
      present: z.boolean().nullable(), tools: z.array(z.string()), evidence: Counted, runsInCi: z.boolean().nullable(),
      ciTrigger: z.enum(['gating', 'release', 'scheduled', 'manual']).nullable(),
      /** the CI jobs that run the evals, best trigger first: the step's file and line, the job, when it runs, the command */
      ciRuns: z.array(z.strictObject({ file: RelPath, line: z.number().int().min(1), job: z.string(), on: z.array(z.string()), command: z.string() })),
      /**
       * eval code that drives the product from outside: a request to its own API (a local server, or a base URL setting and a
       * path it serves) or a run of its own command, with the product files it enters by (route handlers, the command's entry)
       */
      drivesProduct: z.array(z.strictObject({ file: RelPath, line: z.number().int().min(1), via: z.enum(['http', 'cli']), target: z.string(), reaches: Counted })),
      reachedCallFiles: Counted, unreachedCallFiles: Counted,
    }),
    llmObservability: z.strictObject({
      present: z.boolean().nullable(), tools: z.array(z.string()), evidence: Counted,
      coverage: z.strictObject({
        coveredCalls: z.number().int(), totalCalls: z.number().int(), dark: z.array(LocationSchema),
        mode: z.enum(['always', 'env-flag']).nullable(), homeGrown: Counted,
      }),
    }),
    generalObservability: z.strictObject({
      errorTracking: z.array(z.string()), logging: z.array(z.string()), metrics: z.array(z.string()), healthRoutes: Counted, evidence: Counted,
    }),
    /** vector stores, how they are reached, from which modules, and the dimensions their schemas declare */
    vectorStores: z.array(z.strictObject({
      id: z.string(), files: z.number().int(), evidence: Counted, inMemory: z.boolean(), via: z.array(z.enum(['sdk', 'framework', 'sql'])),
      directCalls: z.array(FileLine), adapter: Counted.nullable(), throughAdapter: Counted, dimensions: z.array(FileLine.extend({ value: z.number().int() })),
    })),
    /** embedding models behind the stored vectors; lockedTo: hosted providers a switch would re-embed the corpus from */
    embeddings: z.strictObject({
      sources: z.array(z.strictObject({ model: z.string(), provider: z.string().nullable(), dimensions: z.number().int().nullable(), hosted: z.boolean().nullable(), via: z.enum(['model-id', 'class', 'call']), locations: z.array(FileLine), setting: z.literal(true).optional() })),
      persisted: z.boolean(), lockedTo: z.array(z.string()),
      declared: z.array(FileLine.extend({ value: z.number().int(), store: z.string() })),
      mismatches: z.array(z.strictObject({ declared: FileLine.extend({ value: z.number().int() }), models: z.array(z.string()) })),
    }),
    /** self-hosted serving, hosted platforms and gateways, from code, manifests, Dockerfiles and IaC */
    inferenceStack: z.array(z.strictObject({
      id: z.string(), kind: z.enum(['self-hosted', 'hosted-platform', 'gateway']), label: z.string(),
      sources: z.array(z.enum(['code', 'manifest', 'url', 'infra'])), evidence: Counted,
    })),
    /** per vendor: what leaving it would touch, and the estimate (docs/scoring.md, migration surface) */
    migrationSurface: z.array(z.strictObject({
      vendor: z.string(), kind: z.enum(['model-provider', 'framework', 'vector-store']), files: Counted, callSites: z.number().int(), callSitesInGateway: z.number().int(),
      features: z.array(z.string()), modelIdOccurrences: z.number().int(), prompts: z.number().int(), reembed: z.boolean(), schemaSites: z.number().int(),
      adapter: Counted.nullable(), effortHours: z.number().min(0), breakdown: z.array(z.strictObject({ item: z.string(), hours: z.number().min(0) })),
    })),
    /** model-id literals in product code, most used first */
    modelIds: z.array(z.strictObject({
      id: z.string(), provider: ProviderId.nullable(), count: z.number().int(),
      /** occurrences per file */
      files: z.array(z.strictObject({ file: RelPath, count: z.number().int() })),
      retired: z.string().nullable(), movingAlias: z.boolean(),
    })),
    /** model registries kept as configuration, with how many model ids and which providers they name */
    modelRegistries: z.array(z.strictObject({ file: RelPath, ids: z.number().int(), providers: z.array(ProviderId) })),
    /** provider-only features the code uses, each with where */
    providerFeatures: z.array(z.strictObject({ id: z.string(), provider: z.string(), label: z.string(), portCost: z.string(), locations: z.array(LocationSchema) })),
    prompts: z.strictObject({
      /** inline prompt literals per product file */
      inline: z.array(z.strictObject({ file: RelPath, count: z.number().int(), chars: z.number().int() })),
      promptFiles: Counted,
      registryFiles: Counted,
    }),
    gateway: z.strictObject({
      present: z.boolean().nullable(),
      /** the modules the product goes through: dispatcher, hub or client module first, then the interfaces its adapters implement */
      files: Counted,
      kinds: z.array(z.enum(['dispatcher', 'interface', 'hub', 'client-module', 'facade', 'single-file'])),
      /** model-calling modules behind the gateway */
      adapters: Counted,
      bypassFiles: Counted,
      /** model-calling files in sample and integration packages, listed and not judged */
      apartFiles: Counted,
      packages: z.array(z.strictObject({
        root: z.string(), kind: z.enum(['product', 'sample']), modelFiles: Counted, gateway: Counted, bypassFiles: Counted,
      })),
      callSites: z.array(z.strictObject({ file: RelPath, calls: z.number().int() })), coverage: z.number().min(0).max(1).nullable(),
    }),
  }),
  /** 0-10 per area with what it stands on, and an overall grade, each no better than what the scan saw (docs/scoring.md) */
  scores: z.strictObject({
    /** how much of the product's model code the scan followed; `none`: no AI code, the AI areas do not apply */
    modelCode: z.strictObject({ status: z.enum(['traced', 'partly-traced', 'untraced', 'none']), seen: Share.nullable(), note: z.string() }),
    areas: z.array(z.strictObject({
      id: z.enum(CATEGORIES),
      status: z.enum(['measured', 'partly-measured', 'not-measured', 'not-applicable']),
      /** null when not measured or not applicable, never a pass */
      score: z.number().min(0).max(10).nullable(),
      /** the most a partly measured area can score (what was not seen counts as middling); null when measured */
      ceiling: z.number().min(0).max(10).nullable(),
      /** the share of the area's checks that saw what they judge */
      seen: Share,
      /** what the area's checks looked at */
      covered: z.array(z.string()),
      /** what they did not: no check yet, a rule left out or crashed, code the scan could not see */
      notCovered: z.array(z.strictObject({ check: z.string(), kind: z.enum(['not-reviewed', 'not-run', 'not-seen']), why: z.string() })),
      reason: z.string(),
    })),
    overall: z.strictObject({
      score: z.number().min(0).max(10), grade: z.enum(['A', 'B', 'C', 'D', 'E']),
      /** `engineering-only`: no AI area was scored (no AI code, or none traced) */
      scope: z.enum(['ai-and-engineering', 'engineering-only']),
      /** the share of what the grade weighs that the scan saw */
      seen: Share,
      /** the cap that held the grade down, when it did */
      heldTo: z.number().min(0).max(10).nullable(),
      note: z.string(),
    }).nullable(),
  }),
  /**
   * `--history`: the architecture metrics at the scanned commit and at the last commit of the main line (first parent) on
   * or before each month boundary before it, oldest first. null when not asked for.
   */
  history: z.strictObject({
    status: z.enum(['measured', 'not-measured']),
    /** why not measured (a shallow clone), or which points could not be read */
    note: z.string().nullable(),
    points: z.array(z.strictObject({
      commit: z.string(), date: z.string(), asOf: z.string(),
      values: z.strictObject(Object.fromEntries(METRIC_IDS.map((id) => [id, z.number().int().min(0)])) as Record<(typeof METRIC_IDS)[number], z.ZodNumber>),
      /** files written for the point (changed since the one before) and parsed rather than reused */
      written: z.number().int().min(0), parsed: z.number().int().min(0),
    })),
    /** each metric's value a year before (the oldest point) and now, where it changed */
    growth: z.array(z.strictObject({ metric: z.enum(METRIC_IDS), label: z.string(), from: z.number().int(), to: z.number().int(), since: z.string() })),
  }).nullable(),
  /**
   * Who knows each area of the code, from its history: the authors' shares of the last year's commits and the truck
   * factor (Avelino et al. 2016, on degree of authorship; docs/scoring.md). null without history (a shallow clone).
   */
  knowledge: z.strictObject({
    from: z.string(), to: z.string(),
    areas: z.array(z.strictObject({
      id: z.enum(KNOWLEDGE_AREAS), files: z.number().int(), commits: z.number().int(),
      authors: z.array(z.strictObject({ name: z.string(), share: z.number().min(0).max(1) })),
      truckFactor: z.number().int().min(0).nullable(), keyPeople: z.array(z.string()),
    })),
    commitsPerMonth: z.number().min(0),
    /** model-calling files by change frequency (the year's commits) times lines, most first */
    hotspots: z.array(z.strictObject({ file: RelPath, commits: z.number().int(), lines: z.number().int() })),
    fullHistory: z.boolean(),
  }).nullable(),
  /**
   * Review discipline: what GitHub says of required reviews on the default branch and of the approvals the last merged
   * pull requests had (a GitHub target, with a token; each check `inconclusive` when it could not be read, never a
   * pass), and which model-calling files CODEOWNERS gives an owner.
   */
  reviews: z.strictObject({
    github: z.strictObject({
      protection: z.strictObject({ status: z.enum(['required', 'not-required', 'inconclusive']), approvals: z.number().int().nullable(), detail: z.string() }),
      approvals: z.strictObject({ status: z.enum(['measured', 'inconclusive']), merged: z.number().int(), approvedByOther: z.number().int(), share: z.number().min(0).max(1).nullable(), detail: z.string() }),
    }).nullable(),
    codeowners: z.strictObject({ file: RelPath, owned: z.number().int(), unowned: z.array(RelPath) }).nullable(),
  }),
  /** fingerprints of the findings to fix now, while each is at most a day's work (docs/scoring.md) */
  fixNow: z.array(z.string()),
  /** due-diligence questions answered from the evidence, with the findings that bear on each */
  questions: z.array(z.strictObject({ question: z.string(), status: z.enum(['ok', 'gap', 'not-measured']), answer: z.string(), rules: z.array(z.string()) })),
  /** what a repository scan cannot answer: questions to prepare for separately */
  beyondTheCode: z.array(z.string()),
  findings: z.array(FindingSchema),
  /** findings an inline `arch-audit-ignore <rule-id> -- <reason>` comment suppressed: listed, never hidden */
  suppressed: z.array(FindingSchema.extend({ reason: z.string() })),
  /** ignore comments that suppressed nothing, and why */
  unusedSuppressions: z.array(z.strictObject({ file: RelPath, line: z.number().int(), ruleId: z.string(), why: z.string() })),
  rules: z.array(z.strictObject({
    id: z.string(), title: z.string(), category: z.enum(CATEGORIES), severity: SeveritySchema, confidence: ConfidenceSchema, lifecycle: z.string(), origin: z.string(),
    rationale: z.string(), remediation: z.string(), ddQuestion: z.string(),
  })),
  skipped: z.array(z.strictObject({ path: RelPath, reason: z.string() })),
  /** what could not be read or run; the scan went on: a rule that threw, a file that did not parse, a manifest or config that is not valid, a file or folder that could not be read */
  errors: z.array(z.strictObject({ kind: z.enum(['rule-error', 'parse-error', 'manifest-error', 'config-error', 'read-error']), ruleId: z.string().optional(), file: RelPath.optional(), message: z.string() })),
});

export type Report = z.infer<typeof ReportSchema>;

export function reportJsonSchema(): unknown {
  return z.toJSONSchema(ReportSchema, { target: 'draft-2020-12' });
}
