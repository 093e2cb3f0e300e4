import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

type WebhooksMethods = {
  sign(secret: string, payload: string): Promise<string>;
  verify(secret: string, payload: string, signature: string): Promise<boolean>;
};

/**
 * `sign` and `verify` of @octokit/webhooks-methods, GitHub's own signing
 * code. The package ships ESM only (its exports offer `import` alone), which
 * Jest's CommonJS runtime cannot resolve; its entry file is found the way
 * Node would, walking up node_modules folders, and Jest's transform turns it
 * into CommonJS.
 */
export function webhooksMethods(): WebhooksMethods {
  let dir = __dirname;
  for (;;) {
    const entry = join(
      dir,
      'node_modules/@octokit/webhooks-methods/dist-node/index.js',
    );
    if (existsSync(entry)) {
      return require(entry);
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error('@octokit/webhooks-methods is not installed');
    }
    dir = parent;
  }
}

type WebhookExample = {
  name: string;
  examples: Array<Record<string, any>>;
};

/** Real GitHub payloads of one event, from @octokit/webhooks-examples. */
export function githubExamples(event: string): Array<Record<string, any>> {
  const all: WebhookExample[] = require('@octokit/webhooks-examples');
  const found = all.find(example => example.name === event);
  if (!found) throw new Error(`No GitHub examples for ${event}`);
  // Copies: tests change payloads.
  return JSON.parse(JSON.stringify(found.examples));
}
