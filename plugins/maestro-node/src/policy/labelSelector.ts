/**
 * Kubernetes label-selector matching (metav1.LabelSelector), the one
 * definition of "selects these pods" that every rule shares: CEL rules call it
 * as `labelSelectorMatches(selector, labels)` (registered in ./cel.ts), e.g.
 * MAESTRO-K8S-016 with a NetworkPolicy's `podSelector` and MAESTRO-K8S-017
 * with a PodDisruptionBudget's `selector`, against a pod template's labels.
 *
 * Semantics are those of apimachinery's `LabelSelectorAsSelector`, which
 * kube-score and the controllers use: every `matchLabels` entry and every
 * `matchExpressions` requirement must hold; `{}` selects every pod; a missing
 * (null) selector selects none; an invalid selector (unknown operator, `In` or
 * `NotIn` without values, `Exists` or `DoesNotExist` with values) selects
 * none, as it fails to convert there.
 */

type Labels = Record<string, unknown>;

/** Whether `selector` selects an object carrying `labels`. */
export function labelSelectorMatches(
  selector: unknown,
  labels: unknown,
): boolean {
  if (!isMap(selector)) return false;
  const podLabels: Labels = isMap(labels) ? labels : {};
  const { matchLabels, matchExpressions } = selector;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isMap(matchLabels)) return false;
    for (const [key, value] of Object.entries(matchLabels)) {
      if (
        !hasLabel(podLabels, key) ||
        labelValue(podLabels, key) !== text(value)
      )
        return false;
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) return false;
    return matchExpressions.every(requirement =>
      requirementHolds(requirement, podLabels),
    );
  }
  return true;
}

function requirementHolds(requirement: unknown, labels: Labels): boolean {
  if (!isMap(requirement) || typeof requirement.key !== 'string') return false;
  const { key, operator } = requirement;
  const values = requirement.values ?? [];
  if (!Array.isArray(values)) return false;
  const present = hasLabel(labels, key);
  switch (operator) {
    case 'In':
      return (
        values.length > 0 &&
        present &&
        values.map(text).includes(labelValue(labels, key))
      );
    case 'NotIn':
      return (
        values.length > 0 &&
        (!present || !values.map(text).includes(labelValue(labels, key)))
      );
    case 'Exists':
      return values.length === 0 && present;
    case 'DoesNotExist':
      return values.length === 0 && !present;
    default:
      return false;
  }
}

function hasLabel(labels: Labels, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}

function labelValue(labels: Labels, key: string): string {
  return text(labels[key]);
}

/** YAML may type a label value as a number or boolean; Kubernetes compares strings. */
function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
