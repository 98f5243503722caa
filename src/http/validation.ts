import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DomainError, type ErrorCode } from '../domain/errors';
import { checkBodyShape } from './body-shape';
import { loadOpenApi, operationsById } from './openapi-document';

/**
 * Request validation generated from openapi.yaml: one compiled validator per operation for the
 * JSON body (no coercion: "0.5" is not a number) and one for path + query parameters (coerced
 * from strings; one not in openapi.yaml is an error). Errors become 400 problems whose `field` is
 * the offending input's path.
 */
export class RequestValidator {
  private readonly bodies = new Map<string, ValidateFunction>();
  private readonly params = new Map<string, ValidateFunction>();
  private readonly bodyRequired = new Map<string, boolean>();

  constructor() {
    const strictAjv = makeAjv(false);
    const coercingAjv = makeAjv(true);
    for (const [id, op] of operationsById()) {
      const body = op.requestBody?.content['application/json']?.schema;
      if (body) {
        this.bodies.set(id, strictAjv.compile(body));
        this.bodyRequired.set(id, op.requestBody?.required === true);
      }
      const properties: Record<string, object> = {};
      const required: string[] = [];
      for (const p of op.parameters ?? []) {
        properties[p.name] = p.schema;
        if (p.required) required.push(p.name);
      }
      // Unknown query parameters are refused (400 unknown_field naming them), never ignored.
      this.params.set(id, coercingAjv.compile({ type: 'object', properties, required, additionalProperties: false }));
    }
  }

  /** Express middleware validating the request of one operation. */
  middleware(operationId: string): RequestHandler {
    const body = this.bodies.get(operationId);
    const params = this.params.get(operationId);
    if (!params) throw new Error(`openapi.yaml has no operation ${operationId}`);
    return (req: Request, _res: Response, next: NextFunction) => {
      const merged: Record<string, unknown> = { ...(req.query as Record<string, unknown>), ...req.params };
      if (!params(merged)) return next(toDomainError(params.errors ?? [], ''));
      req.validated = merged;
      if (body) {
        if (req.body === undefined) {
          if (this.bodyRequired.get(operationId)) return next(new DomainError('invalid_request', 'this request needs a JSON body', 'body'));
          req.body = {};
        }
        try {
          checkBodyShape(req.body);
        } catch (error) {
          return next(error);
        }
        if (!body(req.body)) return next(toDomainError(body.errors ?? [], ''));
      }
      next();
    };
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Path and query parameters after validation and coercion. */
    validated?: Record<string, unknown>;
  }
}

function makeAjv(coerce: boolean): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: false, coerceTypes: coerce, discriminator: true, useDefaults: false });
  addFormats(ajv);
  const { doc } = loadOpenApi();
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    ajv.addSchema(withoutDiscriminatorMapping(schema), `#/components/schemas/${name}`);
  }
  return ajv;
}

/** NOTE: ajv's discriminator keyword rejects `mapping`; the `const` on each branch already says the same. */
function withoutDiscriminatorMapping(schema: object): object {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) => (key === 'mapping' ? undefined : value)) as object;
}

/** Turns the first ajv error into a DomainError with a dotted field path and a code by area. */
export function toDomainError(errors: ErrorObject[], prefix: string): DomainError {
  const e = pickError(errors);
  const base = pointerToPath(e.instancePath, prefix);
  const extra = e.params as { additionalProperty?: string; missingProperty?: string; tag?: string };
  if (e.keyword === 'additionalProperties' && extra.additionalProperty !== undefined) {
    const field = join(base, extra.additionalProperty);
    return new DomainError(codeFor(field, 'unknown_field'), `unknown field "${field}"`, field);
  }
  if (e.keyword === 'required' && extra.missingProperty !== undefined) {
    const field = join(base, extra.missingProperty);
    return new DomainError(codeFor(field, 'invalid_request'), `"${field}" is required`, field);
  }
  if (e.keyword === 'discriminator' && extra.tag !== undefined) {
    const field = join(base, extra.tag);
    return new DomainError(codeFor(field, 'invalid_request'), `"${field}" must be one of float, int, categorical`, field);
  }
  const field = base || 'body';
  return new DomainError(codeFor(field, 'invalid_request'), `"${field}" ${e.message ?? 'is invalid'}`, field);
}

/** Prefers the most specific error (deepest path) so oneOf noise does not hide the cause. */
function pickError(errors: ErrorObject[]): ErrorObject {
  const useful = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if');
  const pool = useful.length > 0 ? useful : errors;
  return pool.reduce((a, b) => (b.instancePath.length > a.instancePath.length ? b : a));
}

function pointerToPath(pointer: string, prefix: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return [prefix, ...parts].filter((p) => p.length > 0).join('.');
}

function join(base: string, name: string): string {
  return base ? `${base}.${name}` : name;
}

const AREA_CODES: [string, ErrorCode][] = [
  ['space', 'invalid_space'],
  ['sampler', 'invalid_sampler'],
  ['pruner', 'invalid_pruner'],
  ['params', 'invalid_params'],
  ['value', 'invalid_value'],
  ['values', 'invalid_value'],
  ['objectives', 'invalid_objectives'],
  ['constraints', 'invalid_objectives'],
];

function codeFor(field: string, fallback: ErrorCode): ErrorCode {
  if (fallback === 'unknown_field') return fallback;
  const area = field.split('.')[0];
  return AREA_CODES.find(([prefix]) => prefix === area)?.[1] ?? fallback;
}

export { loadOpenApi };
