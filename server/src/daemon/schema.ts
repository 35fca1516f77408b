import type { DaemonKey, NestedField } from './keyTypes';
import {
  daemonKeys,
  LOG_DRIVERS,
  LOG_OPTS,
  ULIMIT_NAMES,
  KNOWN_FEATURES,
  PROXIES_FIELDS,
  NRI_OPTS_FIELDS,
  RUNTIME_FIELDS,
  ADDRESS_POOL_FIELDS,
  ULIMIT_FIELDS,
  BUILDER_FIELDS,
} from './keys';
import { keyCardMarkdown, nestedFieldMarkdown } from './hover';

/**
 * JSON schemas for daemon.json, generated from the key table (scripts/generate.mjs writes them; a test fails on drift).
 *
 * - `strict`: types, enums, nested shapes and `additionalProperties: false` — the union of Engine 27–29 on Linux and
 *   Windows, for CI validators and editors without Bulkhead's server.
 * - `editor`: what VS Code uses. Descriptions and completions only (values as `examples`, no `type`, `enum` or
 *   `additionalProperties`), comments and trailing commas allowed: Bulkhead's server reports every problem, per
 *   Engine version and platform, in dockerd's words and with fixes, so VS Code's schema validation must not report the
 *   same problem a second time.
 */
type Schema = Record<string, unknown>;

const LOG_LEVELS_NOTE = 'Case-insensitive.';

function jsonDefault(key: DaemonKey): unknown {
  try {
    return JSON.parse(key.default);
  } catch {
    return undefined;
  }
}

function nestedSchema(fields: readonly NestedField[], strict: boolean, parent: string): Schema {
  const properties: Schema = {};
  for (const f of fields) properties[f.key] = fieldSchema(f, strict, parent);
  return strict ? { type: 'object', properties, additionalProperties: false } : { properties };
}

function fieldSchema(f: NestedField, strict: boolean, parent: string): Schema {
  const s: Schema = { markdownDescription: nestedFieldMarkdown(parent, f) };
  if (f.deprecatedIn)
    s.deprecationMessage = `Deprecated in Engine ${f.deprecatedIn}${f.replacement ? `: use ${f.replacement}` : ''}.`;
  if (f.fields && f.type === 'object') Object.assign(s, nestedSchema(f.fields, strict, `${parent}.${f.key}`));
  if (f.fields && f.type === 'object-array') s.items = nestedSchema(f.fields, strict, `${parent}.${f.key}[]`);
  if (strict) {
    s.type = f.type === 'object-array' ? 'array' : f.type === 'string-array' ? 'array' : f.type;
    if (f.type === 'string-array') s.items = { type: 'string' };
    if (f.values) s.enum = [...f.values];
  } else {
    if (f.type === 'boolean') s.examples = [true, false];
    else if (f.values) s.examples = [...f.values];
  }
  return s;
}

/** Nested shapes of the object-valued keys. */
function shapeOf(key: DaemonKey, strict: boolean): Schema {
  const str = strict ? { type: 'string' } : {};
  switch (key.key) {
    case 'log-opts': {
      const known = [...new Set(Object.values(LOG_OPTS).flat())].sort();
      const properties = Object.fromEntries(
        known.map((o) => [
          o,
          {
            ...str,
            markdownDescription: `Option of the ${Object.keys(LOG_OPTS)
              .filter((d) => LOG_OPTS[d].includes(o))
              .join(', ')} log driver(s). The value is a string, even for numbers (\`"3"\`).`,
          },
        ]),
      );
      return strict ? { type: 'object', properties, additionalProperties: { type: 'string' } } : { properties };
    }
    case 'default-ulimits': {
      const ulimit = nestedSchema(ULIMIT_FIELDS, strict, 'default-ulimits.<name>');
      if (strict) (ulimit as Schema).required = ['Name', 'Hard', 'Soft'];
      const properties = Object.fromEntries(
        ULIMIT_NAMES.map((n) => [
          n,
          { ...ulimit, defaultSnippets: [{ label: n, body: { Name: n, Hard: 64000, Soft: 64000 } }] },
        ]),
      );
      return strict ? { type: 'object', properties, additionalProperties: false } : { properties };
    }
    case 'runtimes': {
      const runtime = nestedSchema(RUNTIME_FIELDS, strict, 'runtimes.<name>');
      return strict
        ? { type: 'object', additionalProperties: runtime, propertyNames: { not: { const: 'runc' } } }
        : { additionalProperties: runtime };
    }
    case 'default-address-pools':
      return strict
        ? {
            type: 'array',
            items: {
              ...nestedSchema(ADDRESS_POOL_FIELDS, true, 'default-address-pools[]'),
              required: ['base', 'size'],
            },
          }
        : { items: nestedSchema(ADDRESS_POOL_FIELDS, false, 'default-address-pools[]') };
    case 'builder':
      return nestedSchema(BUILDER_FIELDS, strict, 'builder');
    case 'proxies':
      return nestedSchema(PROXIES_FIELDS, strict, 'proxies');
    case 'nri-opts':
      return nestedSchema(NRI_OPTS_FIELDS, strict, 'nri-opts');
    case 'features': {
      const properties = Object.fromEntries(
        KNOWN_FEATURES.map((f) => [
          f.name,
          {
            ...(strict ? { type: 'boolean' } : { examples: [true, false] }),
            markdownDescription: `${f.description} (Engine ${f.since}+, ${f.platforms.join(', ')})${f.deprecated ? ` ${f.deprecated}` : ''}`,
          },
        ]),
      );
      return strict ? { type: 'object', properties, additionalProperties: { type: 'boolean' } } : { properties };
    }
    case 'default-network-opts':
      return strict
        ? { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'string' } } }
        : {};
    default:
      return strict ? { type: 'object' } : {};
  }
}

function keySchema(key: DaemonKey, strict: boolean): Schema {
  const s: Schema = { markdownDescription: keyCardMarkdown(key) };
  if (key.removedIn)
    s.deprecationMessage = `Removed in Engine ${key.removedIn}${key.replacement ? `: use ${key.replacement}` : ''}.`;
  else if (key.deprecatedIn)
    s.deprecationMessage = `Deprecated in Engine ${key.deprecatedIn}${key.replacement ? `: use ${key.replacement}` : ''}.`;
  const def = jsonDefault(key);
  if (def !== undefined) s.default = def;
  const values = key.key === 'log-driver' ? LOG_DRIVERS.map((d) => d.name) : key.values ? [...key.values] : undefined;
  if (key.type === 'object' || key.type === 'object-array') return { ...s, ...shapeOf(key, strict) };
  if (strict) {
    if (key.type === 'string-array') {
      s.type = 'array';
      s.items = values ? { type: 'string', enum: values } : { type: 'string' };
    } else {
      s.type = key.type;
      // log-driver also takes plugin names; log-level is case-insensitive: neither is an enum for a validator
      if (values && key.key !== 'log-driver' && !key.caseInsensitive) s.enum = values;
    }
    if (key.min !== undefined) s.minimum = key.min;
    if (key.max !== undefined) s.maximum = key.max;
  } else {
    if (key.type === 'boolean') s.examples = [true, false];
    else if (values) s.examples = values;
    if (key.type === 'string-array')
      s.defaultSnippets = [{ label: `[${values ? `"${values[0]}"` : '...'}]`, body: [values ? values[0] : '$1'] }];
  }
  if (key.caseInsensitive) s.markdownDescription += `\n\n${LOG_LEVELS_NOTE}`;
  return s;
}

export function daemonSchema(kind: 'strict' | 'editor'): Schema {
  const strict = kind === 'strict';
  const properties: Schema = {};
  for (const key of [...daemonKeys()].sort((a, b) => (a.key < b.key ? -1 : 1)))
    properties[key.key] = keySchema(key, strict);
  const schema: Schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: strict
      ? 'Docker daemon configuration (daemon.json), Engine 27–29'
      : 'Docker daemon configuration (daemon.json): descriptions and completions',
    description: strict
      ? 'Generated by Bulkhead from its daemon.json key table. Accepts the union of Engine 27, 28 and 29 on Linux and Windows; `bulkhead check` tells which keys a given version and platform accept.'
      : "Generated by Bulkhead. Problems are reported by the Bulkhead language server (per Engine version and platform, in dockerd's words, with fixes); this schema only describes keys and offers completions.",
    type: strict ? 'object' : undefined,
    properties,
  };
  if (strict) schema.additionalProperties = false;
  else {
    schema.allowComments = true;
    schema.allowTrailingCommas = true;
    delete schema.type;
  }
  return schema;
}
