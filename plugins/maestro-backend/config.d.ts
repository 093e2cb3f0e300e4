export interface Config {
  maestro?: {
    policy?: {
      /**
       * Rule profile used when a request names none: `default`, or `strict`
       * (adds rules such as "base images pinned by digest").
       */
      profile?: 'default' | 'strict';
      /** Folder of YAML rule files that add to or override the built-in pack. */
      rulesDirectory?: string;
      /** IDs of built-in rules to switch off. */
      disabledRules?: string[];
      /**
       * Rules added or overridden in config, in the rule format of the
       * built-in pack (see plugins/maestro-node/src/policy/README.md).
       */
      rules?: Array<{ [key: string]: unknown }>;
      helm?: {
        /**
         * helm binary used to render packaged charts sent to
         * POST /policy/evaluate. Default: MAESTRO_HELM_PATH, then helm on PATH.
         */
        path?: string;
      };
      exemptions?: {
        /** Longest allowed exemption in days (default 90). */
        maxDurationDays?: number;
      };
      /**
       * Delegation to an external OPA server: every evaluation also sends
       * one request to OPA's Data API, `POST {url}/v1/data/{path}` with
       * `{"input": ...}` (Dockerfiles as conftest-style instructions,
       * Kubernetes objects as parsed YAML; see
       * plugins/maestro-node/src/policy/README.md), and adds the findings in
       * its `result` to the CEL pack's. If OPA is unreachable, times out,
       * answers with an error or has no decision at `path`, the evaluation
       * fails; it never passes without OPA's answer.
       */
      opa?: {
        /** Base URL of the OPA server, e.g. `http://opa.policy.svc:8181`. */
        url: string;
        /**
         * Slash-separated data path of the decision: a rule returning a list
         * of findings or messages (`maestro/deny`), or a package with
         * conftest's `deny` / `violation` / `warn` rules (`main`).
         */
        path: string;
        /** Longest wait for OPA's answer, in milliseconds (default 5000). */
        timeoutMs?: number;
        /**
         * Headers sent with every request, e.g.
         * `Authorization: Bearer ${OPA_TOKEN}` for an OPA started with
         * `--authentication=token`. Every value is secret.
         * @deepVisibility secret
         */
        headers?: { [name: string]: string };
        /**
         * `add` (the default and only mode): OPA's findings are added to
         * those of the CEL rule pack.
         */
        mode?: 'add';
      };
    };
    /**
     * Release channels. Without `gitops` they are off and the
     * /releases routes answer 503.
     */
    releases?: {
      gitops?: {
        /**
         * The bare Git repository holding each service's chart
         * (`maestro.io/helm-chart`) and its overlays `values-<channel>.yaml`
         * beside the chart directory. Relative to the backend's working
         * directory.
         */
        repository: string;
        /** Seeded into the repository when it does not exist yet. */
        seedDirectory?: string;
        /** Default `main`. */
        branch?: string;
      };
      /**
       * A digest enters channel N only after it has run in channel N-1
       * (default true).
       */
      requirePreviousChannel?: boolean;
      /** Per channel name. */
      channels?: {
        [channel: string]: {
          /** Approvals from other members of the owning group (default 0). */
          approvals?: number;
          /** Minutes a digest must have run in the previous channel (default 0). */
          soakMinutes?: number;
          /** Periods when nothing is promoted into the channel. */
          freezes?: Array<{ start: string; end: string; reason: string }>;
          /** Branch holding the channel's overlay (default `gitops.branch`). */
          branch?: string;
        };
      };
    };
    supplyChain?: {
      /**
       * Largest evidence document POST /supply-chain/evidence accepts, in
       * bytes (default 52428800, 50 MB; at most 1 GiB). Larger uploads are
       * refused with 400 and nothing is stored.
       */
      maxDocumentBytes?: number;
      exemptions?: {
        /** Longest allowed vulnerability exemption in days (default 90). */
        maxDurationDays?: number;
      };
      /**
       * Image repositories entities may own beyond the one their
       * `maestro.io/image` annotation names (an entity that ships several
       * images, or moves registries). Registering a digest, or uploading
       * evidence, for a repository the entity does not own is refused with
       * 403; an entity without the annotation owns only what is listed here.
       * Names are compared normalized (`nginx` is `docker.io/library/nginx`).
       */
      imageOwners?: Array<{
        /** A component or resource, e.g. `component:default/payments-api`. */
        entityRef: string;
        /** Repositories without tag or digest, e.g. `registry.internal:5000/payments/api`. */
        repositories: string[];
      }>;
      /**
       * Sigstore verification of signature bundles and signed SLSA
       * provenance. Without this block every bundle is stored as not
       * verified ("no sigstore trust root configured").
       */
      signatures?: {
        /**
         * Path of a Sigstore trusted_root.json: the public-good root from
         * Sigstore's TUF repository (targets/trusted_root.json) or a private
         * instance's. Read at startup; an unreadable file fails startup.
         */
        trustedRootPath: string;
        /**
         * Signers to trust: the OIDC issuer, exactly, and a regular
         * expression the certificate subject must match in full.
         */
        identities: Array<{
          issuer: string;
          subjectPattern: string;
        }>;
        /** Transparency-log entries required per bundle (default 1). */
        tlogThreshold?: number;
        /** Certificate-transparency SCTs required per certificate (default 1). */
        ctlogThreshold?: number;
        /** SLSA builder ids accepted at all (checked at ingestion). */
        allowedBuilders?: string[];
      };
      /**
       * Gate per release channel, merged over the built-in ones: `dev`
       * (nothing required), `staging` (SBOM, signature, 0 critical, at most
       * 5 high, policy pass) and `prod` (SBOM, signature, signed provenance,
       * 0 critical, at most 2 high, policy pass). A channel with no gate
       * gets the prod gate.
       */
      gates?: {
        [channel: string]: {
          /** Require an SBOM (the newest SBOM ingested for the digest counts). */
          requireSbom?: boolean;
          /** Require a sigstore bundle that verified for the digest. */
          requireSignature?: boolean;
          /** Require valid SLSA provenance for the digest. */
          requireProvenance?: boolean;
          /** Count provenance only when it came in a sigstore bundle that verified. */
          requireSignedProvenance?: boolean;
          /**
           * SLSA builder ids accepted for this channel; an entry without
           * `@ref` admits every ref of that builder. Default:
           * `signatures.allowedBuilders`, else any builder.
           */
          allowedBuilders?: string[];
          /** Most critical findings without an active exemption; unset = not gated. */
          maxCritical?: number;
          /** Most high findings without an active exemption; unset = not gated. */
          maxHigh?: number;
          /** Require the newest stored policy evaluation of the digest to pass. */
          requirePolicyPass?: boolean;
        };
      };
    };
    /**
     * The Build HUD: CI/CD events from GitHub webhooks (through the events
     * backend), CloudEvents (Tekton) and the BuildEvent API.
     */
    hud?: {
      /**
       * Largest body POST /hud/cloudevents and POST /hud/events accept, in
       * bytes (default 5242880, 5 MB; from 1024 to 64 MB). Larger events are
       * refused with 400 and nothing is stored.
       */
      maxEventBytes?: number;
      /**
       * Regular expression (case-insensitive) for deployment environments
       * that are previews; their environment URL becomes the pull request's
       * preview link. Default `^(pr-|preview)`.
       */
      previewEnvironmentPattern?: string;
      /**
       * How long an event's repository → catalog entity lookup is cached,
       * in seconds (default 60; 0 asks the catalog every time).
       */
      correlationCacheSeconds?: number;
      /**
       * Catalog locations whose entities may claim a repository
       * (`github.com/project-slug`) or a Tekton pipeline
       * (`maestro.io/tekton-pipeline`) for CI events, besides
       * `catalog.locations`, which are always trusted. Each pattern is
       * compared with an entity's `backstage.io/managed-by-origin-location`
       * (`url:https://…`, `file:/abs/path`; a relative `file:` pattern is
       * resolved against the backend's working directory); `*` matches any
       * run of characters, `/` included: `url:https://github.com/acme/*`,
       * or `*` for every location. Entities from other locations never get
       * events: alone, their claim is refused; beside one trusted claimant,
       * ignored.
       * @visibility backend
       */
      trustedLocations?: string[];
      /**
       * Hours within which a signed GitHub payload is stored once, whatever
       * its (unsigned) `X-GitHub-Delivery` (default 72, github.com's
       * redelivery span; 1 to 8760).
       * @visibility backend
       */
      replayWindowHours?: number;
      github?: {
        /**
         * Read GitHub webhooks from the events backend's `github.*` topics.
         * Default: true when a webhook secret is configured
         * (`events.modules.github.webhookSecret` or a GitHub App's
         * `webhookSecret`), so unsigned deliveries are never read; never
         * with the demo secret in production.
         */
        enabled?: boolean;
      };
      /**
       * Days of CI history kept (default 90): a daily task
       * (`maestro-hud-retention`) deletes runs, events, pull requests and
       * resolved alerts older than this, except runs whose image digest is a
       * supply-chain artifact and open pull requests with their runs.
       * Metrics reach back 90 days at most.
       */
      retentionDays?: number;
      /**
       * How long a preview environment counts as in use after its URL was
       * last reported, in hours. Default: no TTL is known, and the preview of
       * every open pull request counts.
       */
      previewTtlHours?: number;
      /**
       * Alert rules, evaluated every minute (`maestro-hud-alerts`) and after
       * ingestion. A breach opens when a rule's value goes above its
       * threshold and notifies the entity's owner (`spec.owner`) once; it
       * resolves when the value is back at or under the threshold. When
       * given, the list replaces the defaults (`[]` turns alerts off):
       * `high-failure-rate` (failureRate > 0.1 over 7 days, at least 5
       * runs), `critical-vulnerabilities` (criticalVulnerabilities > 0) and
       * `policy-bypasses` (policyBypasses > 0 over 7 days).
       */
      alerts?: Array<{
        /** Unique, 1 to 64 letters, digits, dots, dashes or underscores. */
        id: string;
        /**
         * `failureRate`: failed / (succeeded + failed) finished runs over
         * the window, 0 to 1. `criticalVulnerabilities`: critical findings
         * of the entity's newest artifact. `policyBypasses`: emergency
         * policy bypasses recorded over the window.
         */
        metric: 'failureRate' | 'criticalVulnerabilities' | 'policyBypasses';
        /** A breach is a value strictly above it. */
        threshold: number;
        /** Rolling window in days, 1 to 90 (default 7); not used by criticalVulnerabilities. */
        windowDays?: number;
        /** failureRate only: finished runs the window needs for a verdict (default 1). */
        minRuns?: number;
        /** Shown in the notification and the alert list; default from the metric and threshold. */
        title?: string;
      }>;
    };
  };
}
