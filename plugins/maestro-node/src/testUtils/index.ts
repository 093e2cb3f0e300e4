/**
 * Test fixtures shared by the Maestro packages' tests: a Dockerfile that
 * passes every built-in policy rule, and hand-made chart archives. Not for
 * production code.
 *
 * @packageDocumentation
 */

export { COMPLIANT_DOCKERFILE } from './compliantDockerfile';
export { tgz, type TarTestEntry } from './tarArchive';
