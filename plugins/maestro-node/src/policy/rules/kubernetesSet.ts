/**
 * Built-in Kubernetes set rules (YAML). CEL sees `resources` (every resource
 * view), `namespaces` (grouped: name, preview, workloads, networkPolicies,
 * disruptionBudgets, autoscalers; resources without a namespace count as
 * `default`) and `profile`; a violation names its resource with `resourceKey`.
 * Look related objects up in the namespace's lists rather than scanning
 * `resources` once per workload: CEL is interpreted, and the quadratic scan
 * took seconds on a thousand resources (bench/policy).
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
    once, turning routine maintenance into an outage. A workload is replicated
    when spec.replicas is above 1 or a HorizontalPodAutoscaler targeting it
    has minReplicas above 1. A PDB in the same namespace selects it when its
    selector matches the pod template labels, with Kubernetes label-selector
    semantics: every matchLabels entry and every matchExpressions requirement
    (In, NotIn, Exists, DoesNotExist) must hold, and an empty selector selects
    every pod (policy/v1).
  remediation: Add a PodDisruptionBudget (minAvailable or maxUnavailable) whose selector matches the pod template labels.
  violations: |
    resources
      .filter(w, w.workload != null && namespaces.exists(n,
        n.name == (w.namespace == "" ? "default" : w.namespace)
        && (w.workload.replicas > 1
            || n.autoscalers.exists(h, has(h.object.spec) && has(h.object.spec.scaleTargetRef)
                 && has(h.object.spec.minReplicas)
                 && h.object.spec.scaleTargetRef.kind == w.kind && h.object.spec.scaleTargetRef.name == w.name
                 && h.object.spec.minReplicas > 1))
        && !n.disruptionBudgets.exists(p, has(p.object.spec) && has(p.object.spec.selector)
          && (!has(p.object.spec.selector.matchLabels) || p.object.spec.selector.matchLabels.all(k,
               k in w.workload.podLabels && w.workload.podLabels[k] == p.object.spec.selector.matchLabels[k]))
          && (!has(p.object.spec.selector.matchExpressions) || p.object.spec.selector.matchExpressions.all(e,
               has(e.key) && has(e.operator) && (
                 e.operator == "In"
                   ? e.key in w.workload.podLabels && has(e.values) && w.workload.podLabels[e.key] in e.values
                 : e.operator == "NotIn"
                   ? !(e.key in w.workload.podLabels && has(e.values) && w.workload.podLabels[e.key] in e.values)
                 : e.operator == "Exists"
                   ? e.key in w.workload.podLabels
                 : e.operator == "DoesNotExist" && !(e.key in w.workload.podLabels)))))))
      .map(w, {"message": w.kind + " '" + w.name + "' runs "
                 + (w.workload.replicas > 1
                     ? string(w.workload.replicas) + " replicas"
                     : "at least 2 replicas (HorizontalPodAutoscaler minReplicas)")
                 + " but no PodDisruptionBudget selects it",
               "resourceKey": w.key, "path": "$.spec.replicas"})
`;
