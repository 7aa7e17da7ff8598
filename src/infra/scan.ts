import { INFERENCE_STACK, INFRA_HINT, isSchemaFile } from '../catalog/infra.ts';
import { TRACING_ENV_SWITCHES } from '../catalog/tools.ts';
import { get, parseYaml, text as textOf, texts, walk, yamlProblem, type YamlScalar, type YamlValue } from '../config/yaml.ts';
import { lineOf, lineStarts } from '../util/lines.ts';

/**
 * A piece of infrastructure declared outside code: a pgvector extension or vector column in a migration
 * or ORM schema, a serving image or launch command, a Terraform resource for a hosted model endpoint.
 */
export interface InfraFact {
  file: string;
  line: number;
  kind: 'vector-extension' | 'vector-column' | 'vector-query' | 'inference' | 'tracing-switch' | 'idle-container';
  /** the store (`pgvector`, `sqlite-vec`), inference tool (`vllm`, `litellm-proxy`), tracing variable (`LANGCHAIN_TRACING_V2`) or idle command (`bash`) */
  id: string;
  /** declared vector dimension, for vector columns */
  dimensions?: number;
  /** what matched: `vector(1536)`, `image vllm/vllm-openai:v0.6.3`, `resource aws_sagemaker_endpoint` */
  evidence: string;
}

// `LANGCHAIN_TRACING_V2=true`, `LANGSMITH_TRACING: "true"`, `ENV LANGCHAIN_TRACING_V2 true`, `- LANGSMITH_TRACING=1`.
const SWITCH_NAME = `^[ \\t]*(?:export\\s+|-\\s+|ENV\\s+)?["']?(${TRACING_ENV_SWITCHES.source.replace(/^\^|\$$/g, '')})["']?[ \\t]*[:= ][ \\t]*["']?`;
const TRACING_SWITCH = new RegExp(`${SWITCH_NAME}(?:true|1|yes|https?:\\/\\/)`, 'gim');
// ... or, in a template, left empty for the operator to fill in.
const TEMPLATE_TRACING_SWITCH = new RegExp(`${SWITCH_NAME}(?:true|1|yes|https?:\\/\\/|["']?[ \\t]*(?:#.*)?$)`, 'gim');

/**
 * Tracing turned on by the environment the product is deployed with: LangSmith traces every LangChain
 * call once its variable is set in the compose file, the Dockerfile or the environment template.
 */
export function findTracingSwitches(path: string, text: string): InfraFact[] {
  if (!/TRACING|OTEL_EXPORTER/.test(text)) return [];
  const starts = lineStarts(text);
  // An environment template lists the switch for the operator to fill in (`LANGSMITH_TRACING=`): the product is
  // built to be traced by setting it, which is what an environment switch means.
  const pattern = ENV_TEMPLATE.test(path) ? TEMPLATE_TRACING_SWITCH : TRACING_SWITCH;
  return [...text.matchAll(pattern)].map((m) => ({ file: path, line: lineOf(starts, m.index + m[0].indexOf(m[1] as string)), kind: 'tracing-switch' as const, id: m[1] as string, evidence: m[0].trim() }));
}

const ENV_TEMPLATE = /(^|\/)\.env(\.[\w-]+)*\.(example|sample|template|dist|defaults?)$|(^|\/)\.env\.(example|sample|template)(\.[\w-]+)*$/;

const EXTENSION = /create\s+extension\s+(?:if\s+not\s+exists\s+)?(?:["'`]?\w+["'`]?\.)?["'`]?vector["'`]?/gi;
// `embedding vector(1536)`, `extensions.vector(1536)`, Prisma `Unsupported("vector(1536)")`; halfvec is pgvector's half precision.
const COLUMN = /\b(?:extensions\.)?(vector|halfvec)\s*\(\s*(\d{2,5})\s*\)/gi;
const SQLITE_VEC = /using\s+vec0\s*\([^)]*?\[\s*(\d{2,5})\s*\]/gi;
const IMAGE = /^\s*(?:FROM\s+(?:--platform=\S+\s+)?|-?\s*image:\s*["']?)([a-z0-9][\w./:@-]*)/gim;
const TERRAFORM_RESOURCE = /^\s*resource\s+"([a-z0-9_]+)"/gim;

// SQL written inside code (a raw `pg` driver, a migration runner): only files that create schema.
const SQL_IN_CODE = /\bcreate\s+(extension|table|index)\b/i;
// In code, `Vector(1536)` is an ORM class the parser already reads; SQL keeps the type lower- or upper-case.
const CODE_COLUMN = /\b(vector|halfvec|VECTOR|HALFVEC)\s*\(\s*(\d{2,5})\s*\)/g;

// pgvector's distance operators: no other SQL or code syntax uses them.
const DISTANCE_OPERATOR = /<=>|<->|<#>/g;
const SQL_WORDS = /\b(select|order\s+by)\b/i;

/** pgvector declared by SQL held in a code file's strings, and the similarity queries it runs. */
export function findSqlInCode(path: string, text: string): InfraFact[] {
  const queries = SQL_WORDS.test(text) && /vector|embedding/i.test(text);
  if (!(SQL_IN_CODE.test(text) && /vector/i.test(text)) && !queries) return [];
  const starts = lineStarts(text);
  const out: InfraFact[] = [];
  if (queries) {
    const m = DISTANCE_OPERATOR.exec(text);
    DISTANCE_OPERATOR.lastIndex = 0;
    if (m) out.push({ file: path, line: lineOf(starts, m.index), kind: 'vector-query', id: 'pgvector', evidence: `distance operator ${m[0]}` });
  }
  if (!SQL_IN_CODE.test(text)) return out;
  for (const m of text.matchAll(EXTENSION)) out.push({ file: path, line: lineOf(starts, m.index), kind: 'vector-extension', id: 'pgvector', evidence: m[0].replace(/\s+/g, ' ') });
  for (const m of text.matchAll(CODE_COLUMN)) out.push({ file: path, line: lineOf(starts, m.index), kind: 'vector-column', id: 'pgvector', dimensions: Number(m[2]), evidence: `${m[1]?.toLowerCase()}(${m[2]})` });
  return out.sort((a, b) => a.line - b.line);
}

const YAML_FILE = /\.ya?ml$/i;
/** A container's command line as compose (`entrypoint`, `command`) and Kubernetes (`command`, `args`) split it. */
const LAUNCH_KEYS = ['entrypoint', 'command', 'args'];
// Helm charts and Jinja-rendered manifests are templates that produce YAML, not YAML: read as text.
const TEMPLATE = /\{\{|\{%/;

/**
 * Infrastructure declared in a file that is not code. Compose files and Kubernetes manifests are read as YAML
 * (every document of a multi-document file, anchors and merge keys resolved, flow style as block style); a
 * YAML file that does not parse yields its problem instead. Dockerfiles, scripts, Terraform and templates are
 * read as text.
 */
export function findInfraFacts(path: string, text: string): { facts: InfraFact[]; problem?: string } {
  if (!YAML_FILE.test(path) || TEMPLATE.test(text)) return { facts: [...idleImage(path, text), ...(INFRA_HINT.test(text) ? findTextInfraFacts(path, text) : [])] };
  if (!INFRA_HINT.test(text) && !COMPOSE_FILE.test(path)) return { facts: [] };
  const parsed = parseYaml(text);
  if (!parsed.ok) return { facts: [], problem: yamlProblem(parsed, 'infrastructure') };
  return { facts: [...idleCompose(path, parsed.documents), ...(INFRA_HINT.test(text) ? findYamlInfraFacts(path, text, parsed.documents) : [])] };
}

const DOCKERFILE = /(^|\/)(Dockerfile[\w.-]*|[\w.-]+\.Dockerfile)$/;
const COMPOSE_FILE = /(^|\/)(docker-)?compose[\w.-]*\.ya?ml$/;
// What a container runs when it is a workbench, not a service: a shell to type into, or a process that only keeps it up.
const IDLE_COMMAND = /^\s*\[?\s*("?(\/(usr\/)?bin\/)?(ba|z)?sh"?|"?tail"?[\s,]+"?-f"?[\s,]+"?\/dev\/null"?|"?sleep"?[\s,]+"?infinity"?)\s*\]?\s*$/;

/** A development image: its command is a shell to type into (`CMD ["bash"]`), it deploys nothing. */
function idleImage(path: string, text: string): InfraFact[] {
  if (!DOCKERFILE.test(path) || /^\s*ENTRYPOINT\s/im.test(text)) return [];
  const cmd = [...text.matchAll(/^\s*CMD\s+(.*)$/gim)].at(-1);
  return cmd && IDLE_COMMAND.test(cmd[1] ?? '') ? [{ file: path, line: lineOf(lineStarts(text), cmd.index), kind: 'idle-container', id: 'shell', evidence: cmd[0].trim() }] : [];
}

/** A compose file whose every service only idles (`command: tail -f /dev/null`) for a developer to exec into. */
function idleCompose(path: string, documents: YamlValue[]): InfraFact[] {
  if (!COMPOSE_FILE.test(path)) return [];
  const services = documents.flatMap((d) => { const v = get(d, 'services'); return v?.kind === 'map' ? v.entries : []; });
  const commands = services.map((svc) => ({ words: texts(get(svc.value, 'command')).join(' '), line: get(svc.value, 'command')?.line ?? svc.line }));
  const first = commands[0];
  return first && commands.every((c) => IDLE_COMMAND.test(c.words)) ? [{ file: path, line: first.line, kind: 'idle-container', id: 'idle', evidence: `command: ${first.words}` }] : [];
}

/** Images (`image: vllm/vllm-openai`, a Helm `image: {repository: ...}`), launch commands and GPU requests in YAML. */
function findYamlInfraFacts(path: string, text: string, documents: YamlValue[]): InfraFact[] {
  const starts = lineStarts(text);
  const out = new Map<string, InfraFact>();
  const add = (line: number, fact: Omit<InfraFact, 'file' | 'line'>) => {
    const key = `${line}:${fact.id}`;
    if (!out.has(key)) out.set(key, { file: path, line, ...fact });
  };
  const commands = (value: string, line: number) => {
    for (const tool of INFERENCE_STACK) {
      const m = tool.commands?.exec(value);
      if (m) add(line, { kind: 'inference', id: tool.id, evidence: m[0] });
    }
  };
  for (const doc of documents) {
    walk(doc, {
      entry: (e, parent) => {
        // A key can be the evidence too: `nvidia.com/gpu: 1` under a container's resource limits.
        commands(e.key, e.line);
        if (e.key === 'image') {
          const image = imageOf(e.value);
          const tool = image ? INFERENCE_STACK.find((t) => t.images?.test(image.name)) : undefined;
          if (tool && image) add(image.line, { kind: 'inference', id: tool.id, evidence: `image ${image.name}` });
        }
        // A container's command line, in exec form or split between entrypoint, command and args.
        if (e.key === LAUNCH_KEYS.find((k) => get(parent, k) !== undefined)) {
          const words = LAUNCH_KEYS.flatMap((k) => texts(get(parent, k)));
          if (words.length > 1) commands(words.join(' '), e.value.line);
        }
      },
      // Scalars as written, so that a match in a multi-line script keeps its own line.
      scalar: (sc) => {
        if (typeof sc.value !== 'string') return;
        for (const tool of INFERENCE_STACK) {
          const m = tool.commands?.exec(sourceOf(text, sc));
          if (m) add(lineOf(starts, sc.start + m.index), { kind: 'inference', id: tool.id, evidence: m[0] });
        }
      },
    });
  }
  return [...out.values()].sort((a, b) => a.line - b.line);
}

/** An image reference: a string, a compose default (`${LLM_IMAGE:-vllm/vllm-openai}`), or Helm's `{registry, repository}`. */
function imageOf(value: YamlValue): { name: string; line: number } | undefined {
  const direct = textOf(value);
  if (direct !== undefined) return { name: direct.replace(/^\$\{\w+:?-([^}]*)\}$/, '$1'), line: value.line };
  const repository = get(value, 'repository');
  const name = textOf(repository);
  if (!repository || name === undefined) return undefined;
  const registry = textOf(get(value, 'registry'));
  return { name: registry ? `${registry}/${name}` : name, line: repository.line };
}

function sourceOf(text: string, sc: YamlScalar): string {
  return text.slice(sc.start, sc.end);
}

function findTextInfraFacts(path: string, text: string): InfraFact[] {
  const starts = lineStarts(text);
  const out: InfraFact[] = [];
  const add = (index: number, fact: Omit<InfraFact, 'file' | 'line'>) => out.push({ file: path, line: lineOf(starts, index), ...fact });
  if (isSchemaFile(path)) {
    for (const m of text.matchAll(EXTENSION)) add(m.index, { kind: 'vector-extension', id: 'pgvector', evidence: m[0].replace(/\s+/g, ' ') });
    for (const m of text.matchAll(COLUMN)) add(m.index, { kind: 'vector-column', id: 'pgvector', dimensions: Number(m[2]), evidence: `${m[1]?.toLowerCase()}(${m[2]})` });
    for (const m of text.matchAll(SQLITE_VEC)) add(m.index, { kind: 'vector-column', id: 'sqlite-vec', dimensions: Number(m[1]), evidence: `vec0 float[${m[1]}]` });
    return out;
  }
  for (const m of text.matchAll(IMAGE)) {
    const image = m[1] ?? '';
    const tool = INFERENCE_STACK.find((t) => t.images?.test(image));
    if (tool) add(m.index + m[0].indexOf(image), { kind: 'inference', id: tool.id, evidence: `image ${image}` });
  }
  for (const tool of INFERENCE_STACK) {
    if (!tool.commands) continue;
    const pattern = new RegExp(tool.commands.source, 'g');
    for (const m of text.matchAll(pattern)) add(m.index, { kind: 'inference', id: tool.id, evidence: m[0] });
  }
  for (const m of text.matchAll(TERRAFORM_RESOURCE)) {
    const type = m[1] ?? '';
    const tool = INFERENCE_STACK.find((t) => t.terraform?.test(type));
    if (tool) add(m.index + m[0].indexOf('resource'), { kind: 'inference', id: tool.id, evidence: `resource ${type}` });
  }
  return out.sort((a, b) => a.line - b.line);
}
