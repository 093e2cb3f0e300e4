#!/usr/bin/env node
/*
 * `npm run bench:policy`: runs bench/policy/run.ts through Backstage's node
 * transform (as scripts/generate-rules-table.cjs does), so the engine's
 * TypeScript sources are benchmarked as they are, without a build.
 */
require('@backstage/cli/config/nodeTransform.cjs');
require('./run.ts').main();
