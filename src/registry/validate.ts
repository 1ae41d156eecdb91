/** Schema validation with Ajv against schema.json (the contract). Used by the build and by import. */
import { Ajv } from 'ajv';
import schema from './schema.json' with { type: 'json' };
import type { Entry, Registry } from './types.js';

let validators: { registry: (d: unknown) => boolean; entry: (d: unknown) => boolean; errors: () => string[] } | undefined;

function get() {
  if (validators) return validators;
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addSchema(schema);
  const registry = ajv.getSchema(schema.$id)!;
  const entry = ajv.compile({ $ref: `${schema.$id}#/definitions/entry` });
  let last: typeof registry.errors = null;
  validators = {
    registry: (d) => {
      const ok = registry(d) as boolean;
      last = registry.errors;
      return ok;
    },
    entry: (d) => {
      const ok = entry(d) as boolean;
      last = entry.errors;
      return ok;
    },
    errors: () => (last ?? []).slice(0, 20).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`),
  };
  return validators;
}

export function validateRegistry(data: unknown): string[] {
  const v = get();
  return v.registry(data) ? [] : v.errors();
}

export function validateEntry(data: unknown): string[] {
  const v = get();
  return v.entry(data) ? [] : v.errors();
}

export type { Entry, Registry };
