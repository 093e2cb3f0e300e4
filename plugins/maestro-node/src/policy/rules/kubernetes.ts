/**
 * Built-in Kubernetes resource rules (YAML). CEL sees `resource` (the object
 * and its metadata), `workload` (normalized pod spec with JSON paths, or null),
 * `profile` and `prod`; see ../kubernetesModel.ts and ../README.md.
 */
export const kubernetesRules = String.raw`
- id: MAESTRO-K8S-001
  kind: kubernetes
  severity: deny
  match: { workloads: true }
  title: Containers run with runAsNonRoot
  rationale: >-
    runAsNonRoot makes the kubelet refuse to start a container whose image
    would run as UID 0, whatever the Dockerfile says.
  remediation: Set securityContext.runAsNonRoot true on the pod or on every container.
  notes: >-
    Deliberately stricter than kube-score, following Pod Security "restricted":
    runAsNonRoot true is required even when runAsUser is non-zero (kube-score's
    "Container Security Context User Group ID" passes a container with
    runAsUser and runAsGroup of 10000 or more and no runAsNonRoot).
  violations: |
    workload.containers
      .filter(c, !(has(c.securityContext.runAsNonRoot)
                   ? c.securityContext.runAsNonRoot == true
                   : has(workload.podSecurityContext.runAsNonRoot) && workload.podSecurityContext.runAsNonRoot == true))
      .map(c, {"message": "Container '" + c.name + "' does not set runAsNonRoot: true (nor does its pod)",
               "path": c.path + ".securityContext.runAsNonRoot", "image": c.image})

- id: MAESTRO-K8S-002
  kind: kubernetes
  severity: deny
  match: { workloads: true }
  title: Every container names an image
  rationale: A container without an image cannot be scheduled and hides a templating error.
  remediation: Set image on every container (check the Helm values that feed it).
  violations: |
    workload.containers.filter(c, c.image.trim() == "")
      .map(c, {"message": "Container '" + c.name + "' has no image", "path": c.path + ".image"})

- id: MAESTRO-K8S-003
  kind: kubernetes
  severity: deny
  match: { workloads: true }
  title: Images carry an explicit tag other than latest
  rationale: >-
    :latest (or no tag) makes the running version depend on when a node pulled
    the image; rollbacks and audits lose their meaning.
  remediation: Deploy an immutable version tag or a digest.
  violations: |
    workload.containers
      .filter(c, c.image != "" && c.imageRef.digest == "" && (c.imageRef.tag == "" || c.imageRef.tag == "latest"))
      .map(c, {"message": "Container '" + c.name + "' uses image '" + c.image + "' without a fixed tag",
               "path": c.path + ".image", "image": c.image})

- id: MAESTRO-K8S-004
  kind: kubernetes
  severity: deny
  match: { workloads: true }
  title: Containers set cpu and memory requests and limits
  rationale: >-
    Requests let the scheduler place pods; limits stop one container starving
    its neighbours or the node.
  remediation: Set resources.requests and resources.limits for cpu and memory on every container.
  violations: |
    workload.containers
      .filter(c, !("cpu" in c.requests && "memory" in c.requests && "cpu" in c.limits && "memory" in c.limits))
      .map(c, {"message": "Container '" + c.name + "' lacks cpu/memory requests or limits",
               "path": c.path + ".resources", "image": c.image})

- id: MAESTRO-K8S-005
  kind: kubernetes
  severity: deny
  match: { workloads: true }
  title: Containers are not privileged
  rationale: A privileged container has every capability and the host's devices; it is root on the node.
  remediation: Remove securityContext.privileged or set it to false.
  violations: |
    workload.containers
      .filter(c, has(c.securityContext.privileged) && c.securityContext.privileged == true)
      .map(c, {"message": "Container '" + c.name + "' is privileged",
               "path": c.path + ".securityContext.privileged", "image": c.image})

- id: MAESTRO-K8S-006
  kind: kubernetes
  severity: deny
  match: { workloads: true }
  title: Containers do not run as UID 0
  rationale: An explicit runAsUser 0 overrides the image's USER and runs the process as root.
  remediation: Set runAsUser to a non-zero UID (e.g. 10001) or leave it to the image.
  notes: >-
    Looser than kube-score, which wants runAsUser and runAsGroup of 10000 or
    more; like Pod Security "restricted" this rule refuses only UID 0, and
    MAESTRO-K8S-001 keeps images that would run as root from starting.
  violations: |
    workload.containers
      .filter(c, has(c.securityContext.runAsUser)
                 ? c.securityContext.runAsUser == 0
                 : has(workload.podSecurityContext.runAsUser) && workload.podSecurityContext.runAsUser == 0)
      .map(c, {"message": "Container '" + c.name + "' runs as UID 0",
               "path": has(c.securityContext.runAsUser)
                 ? c.path + ".securityContext.runAsUser"
                 : workload.podPath + ".securityContext.runAsUser",
               "image": c.image})

- id: MAESTRO-K8S-007
  kind: kubernetes
  severity: warn
  match: { workloads: true }
  title: Workloads carry app.kubernetes.io/name and app.kubernetes.io/version labels
  rationale: >-
    The recommended labels let dashboards, kubectl selectors and Maestro tell
    which application and version is running. Missing metadata does not make a
    workload unsafe, hence a warning.
  remediation: Add metadata.labels app.kubernetes.io/name and app.kubernetes.io/version.
  violations: |
    ["app.kubernetes.io/name", "app.kubernetes.io/version"]
      .filter(l, !(l in resource.labels))
      .map(l, {"message": resource.kind + " '" + resource.name + "' has no label " + l,
               "path": "$.metadata.labels"})

- id: MAESTRO-K8S-008
  kind: kubernetes
  severity: warn
  match: { kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Rollout] }
  title: Long-running containers have liveness and readiness probes
  rationale: >-
    Without a readiness probe traffic reaches pods before they are ready;
    without a liveness probe a hung process is never restarted. Batch kinds
    (Job, CronJob) and init containers are exempt.
  remediation: Add livenessProbe and readinessProbe to every container.
  violations: |
    workload.containers.filter(c, !c.init && !has(c.spec.livenessProbe))
      .map(c, {"message": "Container '" + c.name + "' has no livenessProbe", "path": c.path + ".livenessProbe"})
    + workload.containers.filter(c, !c.init && !has(c.spec.readinessProbe))
      .map(c, {"message": "Container '" + c.name + "' has no readinessProbe", "path": c.path + ".readinessProbe"})

- id: MAESTRO-K8S-009
  kind: kubernetes
  severity: warn
  match: { workloads: true }
  title: Pods declare a securityContext
  rationale: A pod-level securityContext sets safe defaults (runAsNonRoot, fsGroup, seccomp) for every container at once.
  remediation: Add spec.securityContext to the pod template.
  violations: |
    workload.hasPodSecurityContext ? [] :
      [{"message": resource.kind + " '" + resource.name + "' has no pod securityContext",
        "path": workload.podPath + ".securityContext"}]

- id: MAESTRO-K8S-010
  kind: kubernetes
  severity: deny
  match: { kinds: [Service] }
  title: LoadBalancer Services terminate TLS
  rationale: >-
    A LoadBalancer Service is reachable from outside the cluster; without TLS
    at the load balancer, traffic crosses networks in clear text.
  remediation: >-
    Add the cloud's certificate annotation (service.beta.kubernetes.io/aws-load-balancer-ssl-cert,
    service.beta.kubernetes.io/do-loadbalancer-certificate-id,
    service.beta.kubernetes.io/oci-load-balancer-ssl-ports), or, when the
    application terminates TLS itself, annotate maestro.io/tls-terminated-upstream: "true";
    or use an Ingress with tls.
  violations: |
    has(resource.object.spec) && has(resource.object.spec.type) && resource.object.spec.type == "LoadBalancer"
      && !["service.beta.kubernetes.io/aws-load-balancer-ssl-cert",
           "service.beta.kubernetes.io/do-loadbalancer-certificate-id",
           "service.beta.kubernetes.io/oci-load-balancer-ssl-ports"].exists(a, a in resource.annotations)
      && !("maestro.io/tls-terminated-upstream" in resource.annotations
           && resource.annotations["maestro.io/tls-terminated-upstream"] == "true")
      ? [{"message": "LoadBalancer Service '" + resource.name + "' has no TLS annotation",
          "path": "$.metadata.annotations"}]
      : []

- id: MAESTRO-K8S-011
  kind: kubernetes
  severity: deny
  match: { workloads: true }
  title: Containers have a read-only root filesystem
  rationale: A writable root filesystem lets an attacker drop tools and persist changes inside the container.
  remediation: Set securityContext.readOnlyRootFilesystem true; mount an emptyDir where the app must write.
  violations: |
    workload.containers
      .filter(c, !(has(c.securityContext.readOnlyRootFilesystem) && c.securityContext.readOnlyRootFilesystem == true))
      .map(c, {"message": "Container '" + c.name + "' does not set readOnlyRootFilesystem: true",
               "path": c.path + ".securityContext.readOnlyRootFilesystem", "image": c.image})

- id: MAESTRO-K8S-012
  kind: kubernetes
  severity: deny
  match: { workloads: true }
  title: Containers drop ALL capabilities
  rationale: The default capability set (NET_RAW, CHOWN, SETUID, ...) is more than applications need.
  remediation: >-
    Set securityContext.capabilities.drop ["ALL"]; a capability added back
    is denied by MAESTRO-K8S-019 unless exempted.
  violations: |
    workload.containers
      .filter(c, !(has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop)
                   && c.securityContext.capabilities.drop.exists(d, d == "ALL" || d == "all")))
      .map(c, {"message": "Container '" + c.name + "' does not drop ALL capabilities",
               "path": c.path + ".securityContext.capabilities.drop", "image": c.image})

- id: MAESTRO-K8S-013
  kind: kubernetes
  severity: deny
  match: { workloads: true }
  title: Containers use the RuntimeDefault (or a Localhost) seccomp profile
  rationale: Seccomp filters the syscalls a container can make; Kubernetes runs Unconfined unless told otherwise.
  remediation: Set securityContext.seccompProfile.type RuntimeDefault on the pod or every container.
  violations: |
    workload.containers
      .filter(c, !((has(c.securityContext.seccompProfile) ? c.securityContext.seccompProfile
                   : has(workload.podSecurityContext.seccompProfile) ? workload.podSecurityContext.seccompProfile
                   : {"type": ""}).type in ["RuntimeDefault", "Localhost"]))
      .map(c, {"message": "Container '" + c.name + "' has no RuntimeDefault seccomp profile",
               "path": c.path + ".securityContext.seccompProfile", "image": c.image})

- id: MAESTRO-K8S-014
  kind: kubernetes
  severity: deny
  match: { workloads: true }
  title: Containers set allowPrivilegeEscalation false
  rationale: Without it a setuid binary in the image can gain more privileges than the process started with.
  remediation: Set securityContext.allowPrivilegeEscalation false on every container.
  violations: |
    workload.containers
      .filter(c, !(has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false))
      .map(c, {"message": "Container '" + c.name + "' does not set allowPrivilegeEscalation: false",
               "path": c.path + ".securityContext.allowPrivilegeEscalation", "image": c.image})

- id: MAESTRO-K8S-015
  kind: kubernetes
  severity: deny
  match: { workloads: true }
  title: Pods do not use host namespaces or hostPath volumes
  rationale: >-
    hostNetwork, hostPID and hostIPC share the node's namespaces with the pod;
    a hostPath volume exposes the node's filesystem. Each is a path to the node.
  remediation: Remove hostNetwork/hostPID/hostIPC and replace hostPath volumes with emptyDir, a PVC or a CSI volume.
  violations: |
    ["hostNetwork", "hostPID", "hostIPC"]
      .filter(f, f in workload.podSpec && workload.podSpec[f] == true)
      .map(f, {"message": resource.kind + " '" + resource.name + "' sets " + f + ": true",
               "path": workload.podPath + "." + f})
    + workload.volumes.filter(v, has(v.spec.hostPath))
      .map(v, {"message": "Volume '" + v.name + "' mounts a hostPath", "path": v.path + ".hostPath"})

- id: MAESTRO-K8S-018
  kind: kubernetes
  severity: deny
  match: { workloads: true }
  title: Production images are pinned by digest
  rationale: >-
    In production only a digest guarantees the image that passed scanning and
    review is the one that runs. Applies with the strict profile, in a
    namespace named prod/production/prod-*/*-prod, or for a Helm values
    overlay named like values-prod.yaml.
  remediation: Deploy image@sha256:<digest> (tag@digest is fine).
  violations: |
    !prod ? [] :
      workload.containers.filter(c, c.image != "" && c.imageRef.digest == "")
        .map(c, {"message": "Container '" + c.name + "' image '" + c.image + "' is not pinned by digest in production",
                 "path": c.path + ".image", "image": c.image})

- id: MAESTRO-K8S-019
  kind: kubernetes
  severity: deny
  match: { workloads: true }
  title: Containers add no Linux capabilities
  rationale: >-
    Each added capability hands the process a piece of root's power over the
    node's kernel: NET_ADMIN rewrites the node's network, SYS_ADMIN and
    SYS_PTRACE are the usual steps of a container escape, NET_RAW allows
    spoofing. Init containers count too. This is stricter than
    the Pod Security Standards' restricted profile, which still allows adding
    NET_BIND_SERVICE: an application can listen on a high port and let the
    Service map port 80 or 443 to it.
  remediation: >-
    Remove securityContext.capabilities.add (listen on a port above 1024
    instead of adding NET_BIND_SERVICE); when a capability is truly needed,
    record an exemption with an owner, a ticket and an expiry.
  violations: |
    workload.containers
      .filter(c, has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add)
                 && size(c.securityContext.capabilities.add) > 0)
      .map(c, {"message": "Container '" + c.name + "' adds capabilities: "
                 + c.securityContext.capabilities.add.map(a, string(a)).join(", "),
               "path": c.path + ".securityContext.capabilities.add", "image": c.image})
`;
