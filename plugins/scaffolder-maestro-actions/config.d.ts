export interface Config {
  maestro?: {
    scaffolder?: {
      /**
       * Where maestro:publish:local keeps the git repositories it creates
       * (and maestro:catalog:register-local may register from), relative to
       * the backend's working directory. Default: data/repositories.
       */
      localRepositories?: {
        directory?: string;
      };
      /**
       * Prometheus address the AnalysisTemplate of charts made by
       * maestro:helm:create queries for the canary/blue-green success rate.
       * Default: http://prometheus-server.monitoring.svc.cluster.local:80.
       */
      prometheusAddress?: string;
      /**
       * Base images of the Dockerfiles maestro:dockerfile:create writes, per
       * language, replacing the built-in defaults one by one. Each must be
       * pinned by digest, as repo[:tag]@sha256:<64 hex digits>: the module
       * refuses to start otherwise. A runtime image must keep the layout of
       * the distroless image it replaces (/nodejs/bin/node, /usr/bin/python3,
       * /usr/bin/java; none for Go's static binary).
       */
      baseImages?: {
        node?: {
          /** Build stage, e.g. node:22-bookworm-slim@sha256:... */
          build?: string;
          /** Final stage, e.g. gcr.io/distroless/nodejs22-debian12@sha256:... */
          runtime?: string;
        };
        python?: {
          /** Build stage, e.g. python:3.11-slim-bookworm@sha256:... */
          build?: string;
          /** Final stage, e.g. gcr.io/distroless/python3-debian12:nonroot@sha256:... */
          runtime?: string;
        };
        go?: {
          /** Build stage, e.g. golang:1.25-bookworm@sha256:... */
          build?: string;
          /** Final stage, e.g. gcr.io/distroless/static-debian12:nonroot@sha256:... */
          runtime?: string;
        };
        java?: {
          /** Build stage, e.g. maven:3.9-eclipse-temurin-21@sha256:... */
          build?: string;
          /** Final stage, e.g. gcr.io/distroless/java21-debian12:nonroot@sha256:... */
          runtime?: string;
        };
      };
    };
  };
}
