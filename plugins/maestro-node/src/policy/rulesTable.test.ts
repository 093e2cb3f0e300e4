import fs from 'node:fs';
import path from 'node:path';
import { createPolicyEngine } from './engine';
import { formatRulesMarkdown, RULES_TABLE_MARKERS } from './rulesTable';

describe('the README rules table', () => {
  it('matches the built-in rule pack (run `npm run docs:rules` after changing rules)', () => {
    const readme = fs.readFileSync(
      path.resolve(__dirname, '../../../../README.md'),
      'utf8',
    );
    const start =
      readme.indexOf(RULES_TABLE_MARKERS.start) +
      RULES_TABLE_MARKERS.start.length;
    const end = readme.indexOf(RULES_TABLE_MARKERS.end);
    expect(readme.slice(start, end).trim()).toBe(
      formatRulesMarkdown(createPolicyEngine().rules()),
    );
  });

  it('lists every rule once, with its severity', () => {
    const rules = createPolicyEngine().rules();
    const table = formatRulesMarkdown(rules);
    for (const rule of rules) {
      expect(table.match(new RegExp(`\`${rule.id}\``, 'g'))).toHaveLength(1);
    }
  });
});
