/**
 * Built-in Kubernetes set rules (YAML). CEL sees `resources` (every resource
 * view), `namespaces` (grouped: name, preview, workloads, networkPolicies,
 * disruptionBudgets, autoscalers; resources without a namespace count as
 * `default`) and `profile`; a violation names its resource with `resourceKey`.
 * Look related objects up in the namespace's lists rather than scanning
 * `resources` once per workload: CEL is interpreted, and the quadratic scan
 * took seconds on a thousand resources (bench/policy). Both rules decide
 * whether a NetworkPolicy or PodDisruptionBudget selects a workload's pods with
 * the same function, labelSelectorMatches (../labelSelector.ts).
 */
export const kubernetesSetRules = String.raw`
- id: MAESTRO-K8S-016
  kind: kubernetes
  scope: set
  severity: deny
  title: Every workload's pods are selected by a NetworkPolicy
  rationale: >-
    Pods no NetworkPolicy selects accept traffic from every other pod in the
    cluster, so one compromised workload can reach them all. A NetworkPolicy
    in the workload's namespace counts only when its podSelector selects the
    pod template labels, with Kubernetes label-selector semantics: every
    matchLabels entry and every matchExpressions requirement (In, NotIn,
    Exists, DoesNotExist) must hold, and an empty podSelector selects every pod
    of its namespace; a policy for other pods protects nothing here. Preview
    namespaces (label or annotation maestro.io/preview "true", or a name
    starting with preview-) are skipped: they are short-lived.
  remediation: Ship a NetworkPolicy whose podSelector matches the pod template labels, or a namespace-wide default-deny (podSelector {}), plus the allowed flows.
  notes: >-
    Same question as kube-score's "Pod NetworkPolicy" (critical when no policy
    in the namespace selects the pods). Where kube-score only warns (a policy
    for Ingress alone or Egress alone) this rule passes, and it does not report
    a NetworkPolicy that selects no pod (kube-score's "NetworkPolicy targets
    Pod"). Unlike kube-score it skips preview namespaces.
  violations: |
    resources
      .filter(w, w.workload != null && namespaces.exists(n,
        n.name == (w.namespace == "" ? "default" : w.namespace) && !n.preview
        && !n.networkPolicies.exists(p, labelSelectorMatches(
             has(p.object.spec) && has(p.object.spec.podSelector) ? p.object.spec.podSelector : {},
             w.workload.podLabels))))
      .map(w, {"message": "No NetworkPolicy in namespace '" + (w.namespace == "" ? "default" : w.namespace)
                 + "' selects the pods of " + w.kind + " '" + w.name + "'",
               "resourceKey": w.key, "path": w.workload.podLabelsPath})

- id: MAESTRO-K8S-017
  kind: kubernetes
  scope: set
  severity: deny
  title: Replicated workloads have a PodDisruptionBudget that selects them and sets minAvailable or maxUnavailable
  rationale: >-
    Without a PDB a node drain or cluster upgrade may evict every replica at
    once, turning routine maintenance into an outage. A workload is replicated
    when spec.replicas is above 1 or a HorizontalPodAutoscaler targeting it
    has minReplicas above 1. A PDB in the same namespace counts when it sets
    minAvailable or maxUnavailable and its selector selects the pod template
    labels, with the label-selector semantics of MAESTRO-K8S-016 (an empty
    selector selects every pod, as in policy/v1; a missing one selects none).
    A PDB that sets neither is reported itself: it does not say what it
    guarantees.
  remediation: Add a PodDisruptionBudget with minAvailable or maxUnavailable whose selector matches the pod template labels.
  notes: >-
    kube-score asks every Deployment and StatefulSet whose replicas is unset or
    above 1 for a PDB; this rule asks only replicated workloads (of any
    scalable kind, counting an autoscaler's minReplicas), so a Deployment
    without replicas passes here. Like kube-score's "PodDisruptionBudget has
    policy" it reports a PDB without minAvailable or maxUnavailable, and
    stricter than kube-score such a PDB does not cover the workload.
  violations: |
    resources
      .filter(w, w.workload != null && namespaces.exists(n,
        n.name == (w.namespace == "" ? "default" : w.namespace)
        && (w.workload.replicas > 1
            || n.autoscalers.exists(h, has(h.object.spec) && has(h.object.spec.scaleTargetRef)
                 && has(h.object.spec.minReplicas)
                 && h.object.spec.scaleTargetRef.kind == w.kind && h.object.spec.scaleTargetRef.name == w.name
                 && h.object.spec.minReplicas > 1))
        && !n.disruptionBudgets.exists(p, has(p.object.spec)
          && ((has(p.object.spec.minAvailable) && p.object.spec.minAvailable != null)
              || (has(p.object.spec.maxUnavailable) && p.object.spec.maxUnavailable != null))
          && labelSelectorMatches(has(p.object.spec.selector) ? p.object.spec.selector : null,
                                  w.workload.podLabels))))
      .map(w, {"message": w.kind + " '" + w.name + "' runs "
                 + (w.workload.replicas > 1
                     ? string(w.workload.replicas) + " replicas"
                     : "at least 2 replicas (HorizontalPodAutoscaler minReplicas)")
                 + " but no PodDisruptionBudget with minAvailable or maxUnavailable selects it",
               "resourceKey": w.key, "path": "$.spec.replicas"})
    + resources
      .filter(p, p.kind == "PodDisruptionBudget" && !(has(p.object.spec)
          && ((has(p.object.spec.minAvailable) && p.object.spec.minAvailable != null)
              || (has(p.object.spec.maxUnavailable) && p.object.spec.maxUnavailable != null))))
      .map(p, {"message": "PodDisruptionBudget '" + p.name + "' sets neither minAvailable nor maxUnavailable",
               "resourceKey": p.key, "path": "$.spec"})
`;
