import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { openApiPath } from '../infra/paths';

/** The parts of an OpenAPI operation the validator reads. */
export interface OperationSpec {
  operationId: string;
  parameters?: { name: string; in: 'path' | 'query'; required?: boolean; schema: object }[];
  requestBody?: { required?: boolean; content: { 'application/json': { schema: object } } };
}

/** openapi.yaml parsed once: its text (served at /openapi.yaml) and its object form. */
export interface OpenApiDocument {
  text: string;
  doc: {
    paths: Record<string, Record<string, OperationSpec | { $ref: string }[] | undefined>>;
    components: { schemas: Record<string, object>; parameters: Record<string, object> };
  };
}

let cached: OpenApiDocument | null = null;

/** Reads and parses openapi.yaml (cached for the process). */
export function loadOpenApi(): OpenApiDocument {
  if (!cached) {
    const text = readFileSync(openApiPath(), 'utf8');
    cached = { text, doc: parse(text) as OpenApiDocument['doc'] };
  }
  return cached;
}

/** Every operation by operationId, with path-level parameters merged into its own. */
export function operationsById(): Map<string, OperationSpec> {
  const { doc } = loadOpenApi();
  const out = new Map<string, OperationSpec>();
  for (const item of Object.values(doc.paths)) {
    const shared = (item.parameters as { $ref: string }[] | undefined) ?? [];
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters' || !op || Array.isArray(op)) continue;
      const own = op.parameters ?? [];
      const params = [...shared.map((p) => resolveRef(p.$ref)), ...own.map((p) => ('$ref' in p ? resolveRef((p as { $ref: string }).$ref) : p))];
      out.set(op.operationId, { ...op, parameters: params as OperationSpec['parameters'] });
    }
  }
  return out;
}

function resolveRef(ref: string): object {
  const { doc } = loadOpenApi();
  const name = ref.split('/').pop() as string;
  const found = doc.components.parameters[name];
  if (!found) throw new Error(`openapi.yaml: unresolved parameter ${ref}`);
  return found;
}
