#!/usr/bin/env node
/*
 * `npm run bench:releases`: runs bench/releases/run.ts through Backstage's
 * node transform (as the other benches do), so the backend's TypeScript
 * sources are measured as they are, without a build.
 */
require('@backstage/cli/config/nodeTransform.cjs');
require('./run.ts')
  .main()
  .catch(error => {
    console.error(error);
    process.exitCode = 1;
  });
