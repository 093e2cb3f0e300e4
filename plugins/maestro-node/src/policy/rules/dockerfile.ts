/**
 * Built-in Dockerfile rules (YAML). CEL sees `dockerfile` (see
 * ../dockerfileModel.ts) and `profile`; `line` in a violation is 1-based.
 */
export const dockerfileRules = String.raw`
- id: MAESTRO-DF-001
  kind: dockerfile
  severity: deny
  title: Final stage runs as a non-root user
  rationale: >-
    A container whose process runs as root turns any code-execution bug into
    root inside the container and widens the blast radius of a container
    escape. Only the final stage matters: builder stages never run in production.
  remediation: >-
    Add a USER instruction with a non-root user (name or UID other than root/0)
    to the last stage, e.g. USER 10001.
  violations: |
    dockerfile.final.user == null
      ? [{"message": "The final stage sets no USER, so the image runs as root",
          "line": dockerfile.final.line}]
      : dockerfile.final.user.name.matches(r'^(root|0)(:.*)?$')
        ? [{"message": "The final stage runs as root (USER " + dockerfile.final.user.name + ")",
            "line": dockerfile.final.user.line}]
        : []

- id: MAESTRO-DF-002
  kind: dockerfile
  severity: deny
  title: Base images carry an explicit tag other than latest
  rationale: >-
    An untagged or :latest base image changes under your feet: two builds of
    the same commit produce different images, and rollbacks stop being rollbacks.
  remediation: >-
    Name a version tag (node:22.11-alpine) or pin by digest (node@sha256:...).
  violations: |
    dockerfile.stages
      .filter(s, !s.from.isStageRef && !s.from.raw.contains("$") && s.from.digest == ""
                 && (s.from.tag == "" || s.from.tag == "latest"))
      .map(s, {"message": s.from.tag == ""
                  ? "Base image '" + s.from.raw + "' has no tag, which means :latest"
                  : "Base image '" + s.from.raw + "' uses the mutable :latest tag",
               "line": s.line, "image": s.from.raw})

- id: MAESTRO-DF-003
  kind: dockerfile
  severity: deny
  profiles: [strict]
  title: Base images are pinned by digest
  rationale: >-
    Tags are mutable; only a digest guarantees the bytes you reviewed and
    scanned are the bytes you build on.
  remediation: >-
    Append the digest: FROM node:22.11-alpine@sha256:<digest> (let Renovate or
    Dependabot keep it current).
  violations: |
    dockerfile.stages
      .filter(s, !s.from.isStageRef && s.from.digest == "")
      .map(s, {"message": "Base image '" + s.from.raw + "' is not pinned by digest",
               "line": s.line, "image": s.from.raw})

- id: MAESTRO-DF-004
  kind: dockerfile
  severity: warn
  title: Final image has the OCI source, version, revision and vendor labels
  rationale: >-
    The org.opencontainers.image.* labels tie a running image back to its
    repository, release and commit, which incident response and SBOM tooling
    rely on. A warning, not a denial: many pipelines add them at build time
    (docker buildx --label, docker/metadata-action), which a Dockerfile cannot show.
  remediation: >-
    Add LABEL org.opencontainers.image.source=... version=... revision=...
    vendor=... to the final stage (ARG-fed), or set them in the build command.
  violations: |
    ["org.opencontainers.image.source", "org.opencontainers.image.version",
     "org.opencontainers.image.revision", "org.opencontainers.image.vendor"]
      .filter(l, !(l in dockerfile.labels))
      .map(l, {"message": "The final image has no label " + l, "line": dockerfile.final.line})

- id: MAESTRO-DF-005
  kind: dockerfile
  severity: deny
  title: No privileged build steps or added capabilities
  rationale: >-
    RUN --security=insecure runs the step without the sandbox (like a
    privileged container), --network=host exposes the build host's network,
    and setcap grants the image's binaries Linux capabilities at runtime.
  remediation: >-
    Remove the flag or the setcap call; if a capability is truly needed, grant
    it in the Kubernetes securityContext where it is visible and reviewable.
  violations: |
    dockerfile.instructions
      .filter(i, i.keyword == "RUN" && (
        i.flags.exists(f, (f.name == "security" && f.value == "insecure")
                          || (f.name == "network" && f.value == "host"))
        || i.args.matches(r'(^|[\s;&|(])setcap\s')))
      .map(i, {"message": "Privileged build step: RUN " +
                 i.flags.map(f, "--" + f.name + "=" + f.value).join(" ") + " " + i.args,
               "line": i.line})

- id: MAESTRO-DF-006
  kind: dockerfile
  severity: warn
  title: Final image declares a HEALTHCHECK
  rationale: >-
    Without a HEALTHCHECK, docker and compose cannot tell a hung process from a
    healthy one. (Kubernetes uses probes instead, hence a warning.)
  remediation: >-
    Add HEALTHCHECK CMD <command> to the final stage, e.g. HEALTHCHECK CMD wget -qO- http://localhost:8080/health || exit 1.
  violations: |
    dockerfile.healthcheck == null || dockerfile.healthcheck.disabled
      ? [{"message": "The final image has no HEALTHCHECK",
          "line": dockerfile.healthcheck == null ? dockerfile.final.line : dockerfile.healthcheck.line}]
      : []

- id: MAESTRO-DF-007
  kind: dockerfile
  severity: warn
  title: No package manager installs in the final stage
  rationale: >-
    Installing packages in the final stage ships package caches, compilers and
    a larger attack surface; a builder stage keeps them out of the runtime image.
  remediation: >-
    Install build dependencies in a builder stage and COPY --from=builder only
    the artefacts into a minimal final stage.
  violations: |
    dockerfile.final.instructions
      .filter(i, i.keyword == "RUN" && i.args.matches(
        r'(^|[\s;&|(])((apt-get|apt|yum|dnf|microdnf|zypper)\s+(-\S+\s+)*install|apk\s+(-\S+\s+)*add|pip3?\s+(-\S+\s+)*install|npm\s+(-\S+\s+)*(install|i|ci)|yarn\s+(add|install))(\s|$)'))
      .map(i, {"message": "The final stage runs a package manager: " + i.args, "line": i.line})
`;
