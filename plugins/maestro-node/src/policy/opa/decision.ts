/**
 * OPA delegation in one place: the engine hands over what it parsed, this
 * builds the input, asks OPA once and returns findings for the engine to
 * run through exemptions and the summary with its own.
 */
import type { DockerfileModel } from '../dockerfileModel';
import type { ResourceView } from '../kubernetesModel';
import type { PolicyProfile } from '../types';
import { OpaHttpClient, type OpaDataApi } from './client';
import { toDelegatedFindings, type DelegatedFinding } from './findings';
import { buildOpaInput } from './input';
import {
  resolveOpaOptions,
  type OpaDelegationOptions,
  type ResolvedOpaOptions,
} from './options';

export type OpaDecision = {
  /** Where decisions come from, for hosts and messages (never the headers). */
  target: { url: string; path: string };
  findings(
    parsed: { dockerfiles: DockerfileModel[]; resources: ResourceView[] },
    context: { profile: PolicyProfile; entityRef?: string },
  ): Promise<DelegatedFinding[]>;
};

/** Checks the options (throwing an Error naming `opa.<field>`) and builds the delegate. */
export function createOpaDecision(
  options: OpaDelegationOptions,
  api?: OpaDataApi,
): OpaDecision {
  const resolved: ResolvedOpaOptions = resolveOpaOptions(
    options,
    field => `Invalid policy engine option opa.${field}`,
  );
  const client = api ?? new OpaHttpClient(resolved);
  return {
    target: { url: resolved.url, path: resolved.path },
    async findings({ dockerfiles, resources }, context) {
      const result = await client.decide(
        buildOpaInput(dockerfiles, resources, context),
      );
      return toDelegatedFindings(result, {
        path: resolved.path,
        resources,
        inputPaths: [
          ...dockerfiles.map(model => model.path),
          ...resources.map(view => view.file),
        ],
      });
    },
  };
}
