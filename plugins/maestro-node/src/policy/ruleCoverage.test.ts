import { createPolicyEngine } from './engine';
import {
  dockerfileRuleCases,
  kubernetesRuleCases,
} from './__testUtils__/ruleCases';

describe('the violating-input cases', () => {
  it('cover every built-in rule, and only built-in rules', () => {
    const builtIn = createPolicyEngine()
      .rules()
      .map(rule => rule.id)
      .sort();
    const covered = [
      ...new Set(
        [...dockerfileRuleCases, ...kubernetesRuleCases].map(c => c.ruleId),
      ),
    ].sort();
    expect(covered).toEqual(builtIn);
  });

  it('match each rule with the input kind it checks', () => {
    const kindOf = new Map(
      createPolicyEngine()
        .rules()
        .map(rule => [rule.id, rule.kind]),
    );
    expect(
      dockerfileRuleCases.filter(c => kindOf.get(c.ruleId) !== 'dockerfile'),
    ).toEqual([]);
    expect(
      kubernetesRuleCases.filter(c => kindOf.get(c.ruleId) !== 'kubernetes'),
    ).toEqual([]);
  });
});
