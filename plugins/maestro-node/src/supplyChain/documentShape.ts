/**
 * Typed reads from untrusted JSON. Containers (objects, arrays) and required
 * fields are checked strictly and fail with an `EvidenceInputError` naming
 * the JSON path; optional scalars must have the right type when present.
 * Empty strings count as absent, because several tools write `""` for
 * "unknown" (Trivy's `version: ""`).
 */
import { EvidenceInputError } from './errors';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads fields of one object, reporting failures as `<format>: <path>: …`. */
export class ShapeReader {
  constructor(
    private readonly format: string,
    readonly object: JsonObject,
    readonly path: string,
  ) {}

  static root(format: string, value: unknown): ShapeReader {
    if (!isJsonObject(value)) {
      throw new EvidenceInputError(
        `${format}: expected a JSON object at the top level`,
      );
    }
    return new ShapeReader(format, value, '$');
  }

  fail(reason: string, key?: string): never {
    const where = key === undefined ? this.path : `${this.path}.${key}`;
    throw new EvidenceInputError(`${this.format}: ${where} ${reason}`);
  }

  optionalString(key: string): string | undefined {
    const value = this.object[key];
    if (value === undefined || value === null || value === '') {
      return undefined;
    }
    if (typeof value !== 'string') {
      return this.fail('must be a string', key);
    }
    return value;
  }

  requiredString(key: string): string {
    return this.optionalString(key) ?? this.fail('is required', key);
  }

  /** Strings or numbers (SchemaVersion, scores), returned as given. */
  optionalNumber(key: string): number | undefined {
    const value = this.object[key];
    if (value === undefined || value === null || value === '') {
      return undefined;
    }
    const number = typeof value === 'string' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) {
      return this.fail('must be a number', key);
    }
    return number;
  }

  optionalObject(key: string): ShapeReader | undefined {
    const value = this.object[key];
    if (value === undefined || value === null) {
      return undefined;
    }
    if (!isJsonObject(value)) {
      return this.fail('must be an object', key);
    }
    return new ShapeReader(this.format, value, `${this.path}.${key}`);
  }

  /** An array of objects; `null` and absence both read as empty. */
  objects(key: string): ShapeReader[] {
    const value = this.object[key];
    if (value === undefined || value === null) {
      return [];
    }
    if (!Array.isArray(value)) {
      return this.fail('must be an array', key);
    }
    return value.map((item, index) => {
      const path = `${this.path}.${key}[${index}]`;
      if (!isJsonObject(item)) {
        throw new EvidenceInputError(
          `${this.format}: ${path} must be an object`,
        );
      }
      return new ShapeReader(this.format, item, path);
    });
  }

  /** An array of strings; empty strings are dropped. */
  strings(key: string): string[] {
    const value = this.object[key];
    if (value === undefined || value === null) {
      return [];
    }
    if (!Array.isArray(value)) {
      return this.fail('must be an array of strings', key);
    }
    return value.filter((item, index): item is string => {
      if (typeof item !== 'string') {
        return this.fail('must contain only strings', `${key}[${index}]`);
      }
      return item !== '';
    });
  }

  has(key: string): boolean {
    return this.object[key] !== undefined && this.object[key] !== null;
  }
}

/** Keeps the first occurrence of each value, in order. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}
