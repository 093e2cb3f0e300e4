/*
 * What the contract test compares: the operations of the OpenAPI document,
 * the routes express registered under the plugin's base path, and JSON
 * bodies against the document's schemas. Test use only.
 */
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { resolve } from 'node:path';
import YAML from 'yaml';

type Json = Record<string, any>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** `src/schema/openapi.yaml`, parsed. */
export function loadSpec(): Json {
  return YAML.parse(
    readFileSync(resolve(__dirname, '../openapi.yaml'), 'utf8'),
  );
}

/** `GET /hud/pull-requests/{number}` for every operation of the document. */
export function specOperations(spec: Json): string[] {
  const operations: string[] = [];
  for (const [path, item] of Object.entries<Json>(spec.paths)) {
    for (const method of HTTP_METHODS) {
      if (item[method]) operations.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return operations.sort();
}

type Layer = {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  regexp?: RegExp & { fast_slash?: boolean };
};

/** The literal prefix an express 4 `use(path, …)` layer matches, '' for `use(…)`. */
function mountPath(layer: Layer): string {
  if (!layer.regexp || layer.regexp.fast_slash) return '';
  const source = layer.regexp.source
    .replace(/^\^/, '')
    .replace(/\\\/\?\(\?=\\\/\|\$\)$/, '');
  if (/[()[\]*+?|]/.test(source.replace(/\\\//g, ''))) {
    throw new Error(`Cannot read the mount path of /${layer.regexp.source}/`);
  }
  return source.replace(/\\\//g, '/');
}

function collectRoutes(stack: Layer[], prefix: string, out: string[]) {
  for (const layer of stack) {
    if (layer.route) {
      const paths = ([] as string[]).concat(layer.route.path);
      for (const method of Object.keys(layer.route.methods)) {
        if (method === '_all') continue;
        for (const path of paths) {
          out.push(`${method.toUpperCase()} ${prefix}${path}`);
        }
      }
    } else if (layer.handle?.stack) {
      collectRoutes(layer.handle.stack, prefix + mountPath(layer), out);
    }
  }
}

/**
 * Every route express registered under `base` in the server's app, as
 * `METHOD /path` with `:param` written `{param}` as OpenAPI does; the
 * framework's own routes (`/.backstage/`, `/.well-known/backstage/`) left out.
 */
export function registeredRoutes(server: Server, base: string): string[] {
  const app = server.listeners('request')[0] as unknown as {
    _router?: { stack: Layer[] };
  };
  if (!app?._router) {
    throw new Error('The test server does not serve an express 4 app');
  }
  const all: string[] = [];
  collectRoutes(app._router.stack, '', all);
  return [
    ...new Set(
      all
        .filter(route => route.split(' ')[1].startsWith(`${base}/`))
        .map(route => {
          const [method, path] = route.split(' ');
          return `${method} ${path
            .slice(base.length)
            .replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
        })
        .filter(
          route =>
            !/^\/\.(backstage|well-known\/backstage)\//.test(
              route.split(' ')[1],
            ),
        ),
    ),
  ].sort();
}

/**
 * The schema with every `$ref` resolved, `allOf` of objects merged into one
 * object and every object that lists its properties closed
 * (`additionalProperties: false` unless it says otherwise). The document
 * stays open for clients; closing it here makes a field the backend sends
 * but the document does not name fail the test.
 */
export function closedSchema(
  spec: Json,
  schema: Json,
  seen: string[] = [],
): Json {
  if (schema.$ref) {
    const ref: string = schema.$ref;
    if (seen.includes(ref)) throw new Error(`Recursive schema ${ref}`);
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((node: Json, key) => node[key.replace(/~1/g, '/')], spec);
    return closedSchema(spec, target, [...seen, ref]);
  }
  const out: Json = { ...schema };
  if (schema.allOf) {
    const parts = schema.allOf.map((part: Json) =>
      closedSchema(spec, part, seen),
    );
    if (
      parts.every((part: Json) => part.type === 'object' || part.properties)
    ) {
      delete out.allOf;
      out.type = 'object';
      out.properties = Object.assign(
        {},
        ...parts.map((part: Json) => part.properties ?? {}),
      );
      out.required = [
        ...new Set(parts.flatMap((part: Json) => part.required ?? [])),
      ];
      const extra = parts.find(
        (part: Json) => part.additionalProperties !== undefined,
      );
      if (extra) out.additionalProperties = extra.additionalProperties;
      return closeObject(spec, out, seen);
    }
    out.allOf = parts;
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (schema[key]) {
      out[key] = schema[key].map((part: Json) =>
        closedSchema(spec, part, seen),
      );
    }
  }
  if (schema.items) out.items = closedSchema(spec, schema.items, seen);
  return closeObject(spec, out, seen);
}

function closeObject(spec: Json, schema: Json, seen: string[]): Json {
  if (!schema.properties) return schema;
  const properties: Json = {};
  for (const [name, property] of Object.entries<Json>(schema.properties)) {
    properties[name] = closedSchema(spec, property, seen);
  }
  const additional = schema.additionalProperties;
  let closed: unknown = additional;
  if (additional === undefined) closed = false;
  else if (typeof additional === 'object') {
    closed = closedSchema(spec, additional, seen);
  }
  return { ...schema, properties, additionalProperties: closed };
}

/** Validates JSON values against schemas of the document, closed as above. */
export function createSchemaValidator(spec: Json) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const cache = new Map<Json, ValidateFunction>();
  return (schema: Json, value: unknown): string[] => {
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile(closedSchema(spec, schema));
      cache.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      error =>
        `${error.instancePath || '(body)'} ${error.message}${
          error.keyword === 'additionalProperties'
            ? `: ${
                (error.params as { additionalProperty: string })
                  .additionalProperty
              }`
            : ''
        }`,
    );
  };
}

/** `/supply-chain/artifacts/{artifactId}` for `/supply-chain/artifacts/abc`, among the document's paths. */
export function matchSpecPath(spec: Json, path: string): string | undefined {
  const bare = path.split('?')[0];
  return Object.keys(spec.paths).find(template =>
    new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(bare),
  );
}
