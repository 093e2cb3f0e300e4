/*
 * What a promotion changes, shown before it is confirmed: the values
 * overlay's text and leaf values, and the chart rendered by the real Helm
 * before and after, compared per Kubernetes object (apiVersion, kind,
 * namespace, name). Objects are compared by content, so key order and the
 * `# Source:` comments Helm adds do not count as changes. Secret values are
 * never shown: `data` and `stringData` entries appear as a hash, which still
 * tells whether a value changed.
 */
import { InputError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { isMap, isScalar, parse, parseAllDocuments, stringify } from 'yaml';
import { locateHelm, renderHelmChart } from '../policy/helm';
import { canonicalJson } from './canonicalJson';

/** @public */
export type RenderChartOptions = {
  chartDir: string;
  /**
   * Values files applied in order on top of the chart defaults, like
   * repeated `helm template -f`; absolute or relative to `chartDir`.
   */
  valuesFiles?: string[];
  releaseName?: string;
  namespace?: string;
  /** Helm binary; found with `locateHelm` when absent. */
  helmPath?: string;
};

/** @public */
export type ManifestObjectKey = {
  apiVersion: string;
  kind: string;
  /** Empty when the manifest leaves it to the release namespace. */
  namespace: string;
  name: string;
};

/** @public */
export type ManifestObjectDiff = ManifestObjectKey & {
  change: 'added' | 'removed' | 'changed';
  /** Unified diff of the object's YAML. */
  diff: string;
};

/** @public */
export type ValueChange = {
  /** Key path, e.g. `['image', 'digest']`. */
  path: string[];
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
};

/** @public */
export type ValuesDiff = {
  /** Unified diff of the overlay text; empty when the text is the same. */
  diff: string;
  /** Leaf values that differ, in key order. */
  changes: ValueChange[];
};

function readValues(file: string) {
  try {
    const value = parse(fs.readFileSync(file, 'utf8'));
    if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
      throw new Error('not a mapping');
    }
    return (value ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(
      `Values file ${file} is not a YAML mapping: ${(error as Error).message}`,
    );
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * How Helm combines several `-f` files before applying them to the chart
 * defaults (helm.sh/helm/v3/pkg/cli/values `mergeMaps`): mappings merge key
 * by key, anything else in a later file replaces the earlier value, and a
 * `null` stays, so it still deletes the chart default.
 */
function mergeValues(
  base: Record<string, unknown>,
  next: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(next)) {
    const current = out[key];
    out[key] =
      isPlainObject(current) && isPlainObject(value)
        ? mergeValues(current, value)
        : value;
  }
  return out;
}

/**
 * `helm template` of a chart with the given values files, through the
 * shared Helm helpers (real Helm, bounded time and output). Several values
 * files are merged as Helm merges repeated `-f` and rendered as one.
 *
 * @public
 */
export async function renderChart(
  options: RenderChartOptions,
): Promise<string> {
  const chartDir = path.resolve(options.chartDir);
  const helmPath = await locateHelm({ helmPath: options.helmPath });
  const files = (options.valuesFiles ?? []).map(f => path.resolve(chartDir, f));
  for (const file of files) {
    if (!fs.existsSync(file)) {
      throw new InputError(`Values file ${file} does not exist`);
    }
  }
  const render = (overlays?: string[]) =>
    renderHelmChart({
      helmPath,
      chartDir,
      overlays: overlays ?? ['values.yaml'],
      releaseName: options.releaseName,
      namespace: options.namespace,
    }).then(rendered => rendered[0].manifests);
  if (files.length <= 1) {
    return render(files.length ? files : undefined);
  }
  const merged = files.map(readValues).reduce(mergeValues, {});
  const dir = await fs.promises.mkdtemp(
    path.join(os.tmpdir(), 'maestro-values-'),
  );
  try {
    const file = path.join(dir, 'values-merged.yaml');
    await fs.promises.writeFile(file, JSON.stringify(merged), 'utf8');
    return await render([file]);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

function objectKey(o: ManifestObjectKey) {
  return `${o.apiVersion}/${o.kind}/${o.namespace}/${o.name}`;
}

function label(o: ManifestObjectKey) {
  return `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function redactSecret(object: Record<string, any>) {
  if (object.kind !== 'Secret') return object;
  const redacted = { ...object };
  for (const field of ['data', 'stringData']) {
    if (isPlainObject(object[field])) {
      redacted[field] = Object.fromEntries(
        Object.entries(object[field]).map(([k, v]) => [
          k,
          `(redacted, sha256 ${createHash('sha256')
            .update(String(v))
            .digest('hex')
            .slice(0, 12)})`,
        ]),
      );
    }
  }
  return redacted;
}

type ParsedObject = ManifestObjectKey & { yaml: string; canonical: string };

function parseObjects(
  manifests: string,
  side: string,
): Map<string, ParsedObject> {
  const objects = new Map<string, ParsedObject>();
  const docs = parseAllDocuments(manifests);
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new InputError(
        `The ${side} manifests are not valid YAML: ${doc.errors[0].message}`,
      );
    }
    const contents = doc.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) {
      continue; // an empty document between ---
    }
    if (!isMap(contents)) {
      throw new InputError(
        `The ${side} manifests hold a document that is not an object`,
      );
    }
    const object = redactSecret(doc.toJSON());
    const key: ManifestObjectKey = {
      apiVersion: String(object.apiVersion ?? ''),
      kind: String(object.kind ?? ''),
      namespace: String(object.metadata?.namespace ?? ''),
      name: String(object.metadata?.name ?? ''),
    };
    if (!key.kind || !key.name) {
      throw new InputError(
        `The ${side} manifests hold an object without kind or metadata.name`,
      );
    }
    const id = objectKey(key);
    if (objects.has(id)) {
      throw new InputError(`The ${side} manifests hold ${label(key)} twice`);
    }
    objects.set(id, {
      ...key,
      yaml: stringify(object, { lineWidth: 0 }),
      canonical: canonicalJson(object),
    });
  }
  return objects;
}

function patch(name: string, before: string, after: string) {
  return createTwoFilesPatch(
    `a/${name}`,
    `b/${name}`,
    before,
    after,
    undefined,
    undefined,
    {
      context: 3,
      headerOptions: FILE_HEADERS_ONLY,
    },
  );
}

/**
 * Per-object differences between two `helm template` outputs: objects only
 * in `after` are added, only in `before` removed, in both with different
 * content changed. Unchanged objects are left out. Order: as in `after`,
 * then the removed ones as in `before`.
 *
 * @public
 */
export function diffRenderedManifests(
  before: string,
  after: string,
): ManifestObjectDiff[] {
  const old = parseObjects(before, 'before');
  const next = parseObjects(after, 'after');
  const entries: ManifestObjectDiff[] = [];
  const entry = (
    o: ParsedObject,
    change: ManifestObjectDiff['change'],
    diff: string,
  ): ManifestObjectDiff => ({
    apiVersion: o.apiVersion,
    kind: o.kind,
    namespace: o.namespace,
    name: o.name,
    change,
    diff,
  });
  for (const [id, o] of next) {
    const previous = old.get(id);
    if (!previous) {
      entries.push(entry(o, 'added', patch(label(o), '', o.yaml)));
    } else if (previous.canonical !== o.canonical) {
      entries.push(entry(o, 'changed', patch(label(o), previous.yaml, o.yaml)));
    }
  }
  for (const [id, o] of old) {
    if (!next.has(id)) {
      entries.push(entry(o, 'removed', patch(label(o), o.yaml, '')));
    }
  }
  return entries;
}

function parseOverlayValues(text: string, side: string) {
  const docs = parseAllDocuments(text);
  if (docs.length > 1) {
    throw new InputError(
      `The ${side} values hold ${docs.length} YAML documents`,
    );
  }
  const doc = docs[0];
  if (doc && doc.errors.length > 0) {
    throw new InputError(
      `The ${side} values are not valid YAML: ${doc.errors[0].message}`,
    );
  }
  const value = doc ? doc.toJSON() : null;
  if (value !== null && !isPlainObject(value)) {
    throw new InputError(`The ${side} values are not a YAML mapping`);
  }
  return (value ?? {}) as Record<string, unknown>;
}

function leafChanges(
  before: unknown,
  after: unknown,
  at: string[],
  out: ValueChange[],
) {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...Object.keys(before)];
    for (const k of Object.keys(after)) if (!(k in before)) keys.push(k);
    for (const k of keys) leafChanges(before[k], after[k], [...at, k], out);
    return;
  }
  if (before === undefined && after === undefined) return;
  if (before === undefined) out.push({ path: at, change: 'added', after });
  else if (after === undefined)
    out.push({ path: at, change: 'removed', before });
  else if (canonicalJson(before) !== canonicalJson(after))
    out.push({ path: at, change: 'changed', before, after });
}

/**
 * The overlay's text diff and its changed leaf values (a mapping against a
 * non-mapping counts as one change at that key).
 *
 * @public
 */
export function diffValues(
  beforeText: string,
  afterText: string,
  options: { fileName?: string } = {},
): ValuesDiff {
  const before = parseOverlayValues(beforeText, 'before');
  const after = parseOverlayValues(afterText, 'after');
  const changes: ValueChange[] = [];
  leafChanges(before, after, [], changes);
  return {
    diff:
      beforeText === afterText
        ? ''
        : patch(options.fileName ?? 'values.yaml', beforeText, afterText),
    changes,
  };
}
