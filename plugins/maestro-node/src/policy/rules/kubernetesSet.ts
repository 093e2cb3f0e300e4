/**
 * Built-in Kubernetes set rules (YAML). CEL sees `resources` (every resource
 * view), `namespaces` (grouped: name, preview, workloads, networkPolicies) and
 * `profile`; a violation names its resource with `resourceKey`.
 */
export const kubernetesSetRules = String.raw`
- id: MAESTRO-K8S-016
  kind: kubernetes
  scope: set
  severity: deny
  title: Namespaces running workloads have a NetworkPolicy
  rationale: >-
    Without a NetworkPolicy every pod accepts traffic from every other pod in
    the cluster, so one compromised workload can reach them all. Preview
    namespaces (label or annotation maestro.io/preview "true", or a name
    starting with preview-) are skipped: they are short-lived.
  remediation: Ship a NetworkPolicy (at least default-deny ingress plus the allowed flows) with the namespace's manifests.
  violations: |
    namespaces.filter(n, !n.preview && size(n.workloads) > 0 && size(n.networkPolicies) == 0)
      .map(n, {"message": "Namespace '" + n.name + "' runs workloads but has no NetworkPolicy",
               "resourceKey": n.workloads[0].key, "path": "$.metadata.namespace"})

- id: MAESTRO-K8S-017
  kind: kubernetes
  scope: set
  severity: deny
  title: Replicated workloads have a PodDisruptionBudget selecting them
  rationale: >-
    Without a PDB a node drain or cluster upgrade may evict every replica at
    once, turning routine maintenance into an outage. Matching uses the PDB's
    selector.matchLabels against the pod template labels in the same namespace.
  remediation: Add a PodDisruptionBudget (minAvailable or maxUnavailable) whose selector matches the pod template labels.
  violations: |
    resources
      .filter(w, w.workload != null && w.workload.replicas > 1
        && !resources.exists(p, p.kind == "PodDisruptionBudget" && p.namespace == w.namespace
          && has(p.object.spec) && has(p.object.spec.selector) && has(p.object.spec.selector.matchLabels)
          && size(p.object.spec.selector.matchLabels) > 0
          && p.object.spec.selector.matchLabels.all(k,
               k in w.workload.podLabels && w.workload.podLabels[k] == p.object.spec.selector.matchLabels[k])))
      .map(w, {"message": w.kind + " '" + w.name + "' runs " + string(w.workload.replicas)
                 + " replicas but no PodDisruptionBudget selects it",
               "resourceKey": w.key, "path": "$.spec.replicas"})
`;
