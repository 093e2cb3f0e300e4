/**
 * Settings of OPA delegation (`maestro.policy.opa`, or the CLI's `--opa-*`
 * flags), checked once so a wrong URL or path fails at startup, not at the
 * first evaluation.
 */

/** How long one OPA decision may take when config says nothing. @public */
export const DEFAULT_OPA_TIMEOUT_MS = 5000;

/**
 * Where and how to ask an external OPA server for findings, through its Data
 * API (`POST {url}/v1/data/{path}` with `{ input }`).
 *
 * @public
 */
export type OpaDelegationOptions = {
  /** OPA's base URL, e.g. `http://opa.policy.svc:8181`. */
  url: string;
  /**
   * Slash-separated data path of the decision: a rule (`maestro/deny`) or a
   * package with `deny`/`violation`/`warn` rules (`main`, as conftest uses).
   */
  path: string;
  /** Longest wait for one decision, in milliseconds; default 5000. */
  timeoutMs?: number;
  /** Sent with every request, e.g. `Authorization: Bearer <token>`. */
  headers?: Record<string, string>;
  /** `add` (the only mode): OPA's findings are added to the CEL pack's. */
  mode?: 'add';
};

/** Options with defaults filled in and the path trimmed of slashes. */
export type ResolvedOpaOptions = Required<OpaDelegationOptions>;

/**
 * Checks raw settings (from config or flags). `name` turns a field into the
 * name the user wrote (`maestro.policy.opa.url`, `--opa-url`), which starts
 * every error message.
 */
export function resolveOpaOptions(
  raw: { [field in keyof OpaDelegationOptions]?: unknown },
  name: (field: keyof OpaDelegationOptions) => string,
): ResolvedOpaOptions {
  const fail = (field: keyof OpaDelegationOptions, problem: string): never => {
    throw new Error(`${name(field)} ${problem}`);
  };

  if (typeof raw.url !== 'string' || raw.url.trim() === '') {
    fail('url', 'is required: the base URL of the OPA server');
  }
  let url: URL | undefined;
  try {
    url = new URL((raw.url as string).trim());
  } catch {
    fail('url', `'${raw.url}' is not a URL`);
  }
  if (url!.protocol !== 'http:' && url!.protocol !== 'https:') {
    fail('url', `'${raw.url}' must be an http or https URL`);
  }

  if (typeof raw.path !== 'string') {
    fail(
      'path',
      "is required: the OPA data path of the decision, e.g. 'maestro/deny'",
    );
  }
  const path = (raw.path as string).trim().replace(/^\/+|\/+$/g, '');
  if (path === '' || path.split('/').some(segment => segment === '')) {
    fail('path', `'${raw.path}' is not a data path such as 'maestro/deny'`);
  }
  if (/\s/.test(path)) {
    fail('path', `'${raw.path}' must not contain whitespace`);
  }

  let timeoutMs = DEFAULT_OPA_TIMEOUT_MS;
  if (raw.timeoutMs !== undefined) {
    // Config values substituted from the environment arrive as strings.
    timeoutMs =
      typeof raw.timeoutMs === 'string' && /^\d+$/.test(raw.timeoutMs)
        ? Number(raw.timeoutMs)
        : (raw.timeoutMs as number);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      fail(
        'timeoutMs',
        `must be a positive whole number of milliseconds, got ${JSON.stringify(
          raw.timeoutMs,
        )}`,
      );
    }
  }

  const headers: Record<string, string> = {};
  if (raw.headers !== undefined) {
    if (
      !raw.headers ||
      typeof raw.headers !== 'object' ||
      Array.isArray(raw.headers)
    ) {
      fail('headers', 'must map header names to strings');
    }
    for (const [header, value] of Object.entries(raw.headers as object)) {
      if (typeof value !== 'string') {
        fail('headers', `'${header}' must be a string`);
      }
      headers[header] = value;
    }
  }

  if (raw.mode !== undefined && raw.mode !== 'add') {
    fail(
      'mode',
      `'${raw.mode}' is not supported: the only mode is 'add' (OPA's findings are added to the CEL pack's)`,
    );
  }

  return {
    url: url!.toString().replace(/\/+$/, ''),
    path,
    timeoutMs,
    headers,
    mode: 'add',
  };
}
