#!/usr/bin/env node
/*
 * `npm run bench:events`: runs bench/events/run.ts through Backstage's node
 * transform (as bench/supply-chain does), so the backend's TypeScript sources
 * are measured as they are, without a build.
 */
require('@backstage/cli/config/nodeTransform.cjs');
require('./run.ts')
  .main()
  .catch(error => {
    console.error(error);
    process.exitCode = 1;
  });
