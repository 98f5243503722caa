import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { loadOpenApi } from '../../src/http/openapi-document';

let ajv: Ajv2020 | null = null;
const cache = new Map<string, ValidateFunction>();

/** Validates a response body against a schema of openapi.yaml's components; returns ajv's errors or null. */
export function schemaErrors(schemaName: string, body: unknown): string | null {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const [name, schema] of Object.entries(loadOpenApi().doc.components.schemas)) {
      const clean = JSON.parse(JSON.stringify(schema), (k, v: unknown) => (k === 'mapping' || k === 'discriminator' ? undefined : v)) as object;
      ajv.addSchema(clean, `#/components/schemas/${name}`);
    }
  }
  let validate = cache.get(schemaName);
  if (!validate) {
    validate = ajv.compile({ $ref: `#/components/schemas/${schemaName}` });
    cache.set(schemaName, validate);
  }
  return validate(body) ? null : ajv.errorsText(validate.errors);
}
