/**
 * OPA's Data API, the one call Maestro makes
 * (https://www.openpolicyagent.org/docs/latest/rest-api/#get-a-document-with-input):
 *
 *   POST {url}/v1/data/{path}   {"input": ...}
 *   200 {"result": <document>}  the decision
 *   200 {}                      the document is undefined (no such path, or
 *                               a rule without a default whose body failed)
 *   4xx/5xx {"code", "message", "errors"?}
 *
 * Anything but a 200 with a `result` throws OpaDecisionError: a policy server
 * that cannot answer must fail the evaluation, never let it pass.
 */
import type { ResolvedOpaOptions } from './options';

/**
 * OPA could not give a decision (unreachable, timed out, answered with an
 * error or an unexpected body, or the decision is undefined), or gave one
 * that is not a list of findings. The evaluation fails with it.
 *
 * @public
 */
export class OpaDecisionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpaDecisionError';
  }
}

/** Asks OPA for the document at the configured path; resolves to `result`. */
export interface OpaDataApi {
  decide(input: unknown): Promise<unknown>;
}

export class OpaHttpClient implements OpaDataApi {
  private readonly endpoint: string;

  constructor(private readonly options: ResolvedOpaOptions) {
    this.endpoint = `${options.url}/v1/data/${options.path
      .split('/')
      .map(encodeURIComponent)
      .join('/')}`;
  }

  async decide(input: unknown): Promise<unknown> {
    const where = `OPA at ${this.endpoint}`;
    const headers = new Headers(this.options.headers);
    headers.set('Content-Type', 'application/json');
    headers.set('Accept', 'application/json');
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ input }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const { name, message, cause } = error as Error & { cause?: unknown };
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new OpaDecisionError(
          `${where} did not answer within ${this.options.timeoutMs} ms`,
        );
      }
      // undici says "fetch failed" and puts the socket error in `cause`
      // (an AggregateError without a message when several addresses failed).
      const { code, message: detail } = (cause ?? {}) as {
        code?: string;
        message?: string;
      };
      const reason = detail || code || message;
      throw new OpaDecisionError(`${where} is unreachable: ${reason}`);
    }

    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const detail =
        body && typeof body === 'object' && 'message' in body
          ? `${(body as { code?: string }).code ?? 'error'}: ${
              (body as { message: unknown }).message
            }`
          : text.slice(0, 200) || response.statusText;
      throw new OpaDecisionError(
        `${where} answered ${response.status}: ${detail}`,
      );
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new OpaDecisionError(
        `${where} did not answer with a JSON object {"result": ...}: ${
          text.slice(0, 200) || '(empty body)'
        }`,
      );
    }
    if (!('result' in body)) {
      const hint = this.options.path.includes('.')
        ? "; data paths are slash-separated, e.g. 'maestro/deny'"
        : '';
      throw new OpaDecisionError(
        `${where} has no decision at data path '${this.options.path}': the document is undefined (is the policy loaded and the path right?${hint})`,
      );
    }
    return (body as { result: unknown }).result;
  }
}
