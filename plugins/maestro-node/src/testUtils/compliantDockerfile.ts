/**
 * A multi-stage Dockerfile (builder stage, distroless final stage) that
 * passes every built-in rule in every profile. Rule tests change one line of
 * it at a time; other packages' tests send it as a compliant input.
  *
  * @public
 */
export const COMPLIANT_DOCKERFILE = [
  `FROM node:22.11.0-bookworm@sha256:${'a'.repeat(64)} AS build`,
  'WORKDIR /src',
  'RUN npm ci',
  `FROM gcr.io/distroless/nodejs22-debian12:nonroot@sha256:${'b'.repeat(64)}`,
  'LABEL org.opencontainers.image.source="https://github.com/acme/payments-api" \\',
  '      org.opencontainers.image.version="1.2.3" \\',
  '      org.opencontainers.image.revision="abc123" \\',
  '      org.opencontainers.image.vendor="Acme"',
  'COPY --from=build /src /app',
  'USER 65532:65532',
  'HEALTHCHECK CMD ["/nodejs/bin/node", "/app/health.js"]',
  'CMD ["/app/index.js"]',
].join('\n');
