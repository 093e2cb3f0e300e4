#!/usr/bin/env node
/*
 * Writes the built-in policy rule pack as a table into README.md, between the
 * markers. `npm run docs:rules`; plugins/maestro-node tests fail when the
 * README is out of date.
 */
const fs = require('node:fs');
const path = require('node:path');

require('@backstage/cli/config/nodeTransform.cjs');
const {
  createPolicyEngine,
  formatRulesMarkdown,
  RULES_TABLE_MARKERS,
} = require('../plugins/maestro-node/src');

const readmePath = path.resolve(__dirname, '../README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const start = readme.indexOf(RULES_TABLE_MARKERS.start);
const end = readme.indexOf(RULES_TABLE_MARKERS.end);
if (start < 0 || end < start) {
  throw new Error('README.md lacks the rules table markers');
}
const table = formatRulesMarkdown(createPolicyEngine().rules());
fs.writeFileSync(
  readmePath,
  `${readme.slice(0, start + RULES_TABLE_MARKERS.start.length)}\n${table}\n${readme.slice(end)}`,
);
console.log(`Wrote ${createPolicyEngine().rules().length} rules to README.md`);
