/*
 * What the portal reads about an entity's artifacts: summaries with gate
 * verdicts, details, SBOM components, findings with their exemptions, gate
 * checklists and diffs. Evidence is loaded per page of artifacts in a few
 * queries (documents, counts, findings, verifications), then assembled here.
 * Policy results come through PolicyService, never its tables.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ArtifactDetail,
  ArtifactDiff,
  ArtifactSummary,
  GateVerdict,
  SbomComponentPage,
  StoredPolicyEvaluation,
  StoredVulnerabilityFinding,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { diffArtifacts } from './artifactDiff';
import {
  currentEvidence,
  CurrentEvidence,
  severityCounts,
} from './currentEvidence';
import { DatabaseEvidenceContentStore } from './DatabaseEvidenceContentStore';
import { DatabaseSupplyChainStore } from './DatabaseSupplyChainStore';
import { groupBy } from './groupBy';
import { DatabaseVulnerabilityExemptionStore } from './DatabaseVulnerabilityExemptionStore';
import { ChannelDirectory } from '../releases/EntityChannels';
import { toArtifact } from './EvidenceIngestService';
import { assessProvenance, evaluateGate } from './gate';
import { gateOf, SupplyChainConfig } from './supplyChainConfig';
import {
  ArtifactRecord,
  ComponentQuery,
  DocumentFinding,
  EvidenceDocumentRecord,
  ProvenanceRecord,
  SignatureRecord,
  StoredVulnerabilityExemption,
} from './types';
import { matchExemption } from './vulnerabilityExemptions';

/** The part of PolicyService the supply chain reads. */
export type PolicyResults = {
  listResults(query: {
    entityRef?: string;
    imageDigest?: string;
    limit: number;
  }): Promise<StoredPolicyEvaluation[]>;
};

/** Everything stored about one artifact that summaries and gates read. */
type ArtifactEvidence = {
  artifact: ArtifactRecord;
  documents: EvidenceDocumentRecord[];
  current: CurrentEvidence;
  componentCount: number;
  /** Critical and high findings of the current reports. */
  urgentFindings: DocumentFinding[];
  counts: ArtifactSummary['vulnerabilityCounts'];
  signatures: SignatureRecord[];
  provenance: ProvenanceRecord[];
  exemptions: StoredVulnerabilityExemption[];
  policy?: StoredPolicyEvaluation;
};

export class SupplyChainService {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: DatabaseSupplyChainStore;
      content: DatabaseEvidenceContentStore;
      exemptions: DatabaseVulnerabilityExemptionStore;
      policy: PolicyResults;
      channels: ChannelDirectory;
      config: Pick<SupplyChainConfig, 'gates'>;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async getArtifactRecord(id: string): Promise<ArtifactRecord> {
    const artifact = await this.options.store.getArtifact(id);
    if (!artifact) {
      throw new NotFoundError(`No artifact ${id}`);
    }
    return artifact;
  }

  /** Loads the evidence of several artifacts in a fixed number of queries (plus one policy lookup each). */
  private async loadEvidence(
    artifacts: ArtifactRecord[],
  ): Promise<ArtifactEvidence[]> {
    const { store, content } = this.options;
    const ids = artifacts.map(a => a.id);
    const documents = groupBy(
      await store.listDocuments(ids),
      d => d.artifactId,
    );
    const current = new Map(
      artifacts.map(a => [a.id, currentEvidence(documents.get(a.id) ?? [])]),
    );
    const sbomIds = [...current.values()].flatMap(c =>
      c.sbom ? [c.sbom.id] : [],
    );
    const reportIds = [...current.values()].flatMap(c =>
      c.reports.map(r => r.id),
    );
    const [componentCounts, severities, urgent, signatures, provenance] =
      await Promise.all([
        content.countComponents(sbomIds),
        content.listFindingSeverities(reportIds),
        content.listFindings(reportIds, ['critical', 'high']),
        store.listSignatures(ids),
        store.listProvenance(ids),
      ]);
    const severitiesByDocument = groupBy(severities, f => f.documentId);
    const urgentByDocument = groupBy(urgent, f => f.documentId);
    const signaturesByArtifact = groupBy(signatures, s => s.artifactId);
    const provenanceByArtifact = groupBy(provenance, p => p.artifactId);
    const exemptions = groupBy(
      await this.options.exemptions.listExemptions({
        entityRefs: [...new Set(artifacts.map(a => a.entityRef))],
      }),
      e => e.entityRef,
    );
    const policies = await Promise.all(
      artifacts.map(a =>
        this.options.policy.listResults({
          entityRef: a.entityRef,
          imageDigest: a.digest,
          limit: 1,
        }),
      ),
    );
    return artifacts.map((artifact, index) => {
      const evidence = current.get(artifact.id)!;
      const reportIdsOf = evidence.reports.map(r => r.id);
      return {
        artifact,
        documents: documents.get(artifact.id) ?? [],
        current: evidence,
        componentCount: evidence.sbom
          ? componentCounts.get(evidence.sbom.id) ?? 0
          : 0,
        urgentFindings: reportIdsOf.flatMap(
          id => urgentByDocument.get(id) ?? [],
        ),
        counts: severityCounts(
          reportIdsOf.flatMap(id => severitiesByDocument.get(id) ?? []),
        ),
        signatures: signaturesByArtifact.get(artifact.id) ?? [],
        provenance: provenanceByArtifact.get(artifact.id) ?? [],
        exemptions: exemptions.get(artifact.entityRef) ?? [],
        policy: policies[index][0],
      };
    });
  }

  private verdict(evidence: ArtifactEvidence, channel: string): GateVerdict {
    const { current } = evidence;
    return evaluateGate({
      artifact: evidence.artifact,
      channel,
      requirements: gateOf(this.options.config, channel),
      sbom: current.sbom && {
        document: current.sbom,
        componentCount: evidence.componentCount,
      },
      signatures: evidence.signatures,
      provenance: evidence.provenance,
      reports: current.reports,
      findings: evidence.urgentFindings,
      exemptions: evidence.exemptions,
      policy: evidence.policy,
      now: this.now(),
    });
  }

  /**
   * Provenance as the gate of the entity's last release channel (where its
   * images end up; prod by default) judges it: valid only when that gate
   * accepts a record, and the reason is the gate's.
   */
  private provenanceSummary(
    evidence: ArtifactEvidence,
    channels: string[],
  ): Pick<ArtifactSummary, 'provenanceValid' | 'provenanceReason'> {
    const channel = channels[channels.length - 1] ?? 'prod';
    const { accepted, check } = assessProvenance({
      provenance: evidence.provenance,
      requirements: gateOf(this.options.config, channel),
      channel,
    });
    return {
      provenanceValid: Boolean(accepted),
      provenanceReason: check.reason,
    };
  }

  private async summaries(
    artifacts: ArtifactRecord[],
    credentials: BackstageCredentials,
  ): Promise<Array<{ summary: ArtifactSummary; evidence: ArtifactEvidence }>> {
    const [loaded, channels] = await Promise.all([
      this.loadEvidence(artifacts),
      this.options.channels.channelsOf(
        artifacts.map(a => a.entityRef),
        credentials,
      ),
    ]);
    return loaded.map(evidence => {
      const entityChannels = channels.get(evidence.artifact.entityRef) ?? [];
      return {
        evidence,
        summary: {
          ...toArtifact(evidence.artifact),
          vulnerabilityCounts: evidence.counts,
          componentCount: evidence.componentCount,
          signatureVerified: evidence.signatures.some(s => s.verified),
          ...this.provenanceSummary(evidence, entityChannels),
          verdicts: entityChannels.map(channel => ({
            channel,
            passed: this.verdict(evidence, channel).passed,
          })),
        },
      };
    });
  }

  /**
   * Which of the given image digests are registered artifacts: evidence that
   * other records (CI runs, promotions) must keep pointing to.
   */
  async referencedDigests(digests: string[]): Promise<Set<string>> {
    return new Set(await this.options.store.listArtifactDigests(digests));
  }

  async listArtifacts(
    query: { entityRef?: string; offset: number; limit: number },
    credentials: BackstageCredentials,
  ): Promise<{ items: ArtifactSummary[]; totalCount: number }> {
    const page = await this.options.store.listArtifacts(query);
    const summaries = await this.summaries(page.items, credentials);
    return {
      items: summaries.map(s => s.summary),
      totalCount: page.totalCount,
    };
  }

  async getArtifact(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<ArtifactDetail> {
    const artifact = await this.getArtifactRecord(id);
    const [{ summary, evidence }] = await this.summaries(
      [artifact],
      credentials,
    );
    return {
      ...summary,
      documents: evidence.documents.map(({ toolName, toolVersion, ...d }) => d),
      signatures: evidence.signatures.map(({ artifactId, detail, ...s }) => s),
      provenance: evidence.provenance.map(({ artifactId, detail, ...p }) => p),
    };
  }

  async gate(artifactId: string, channel: string): Promise<GateVerdict> {
    const artifact = await this.getArtifactRecord(artifactId);
    const [evidence] = await this.loadEvidence([artifact]);
    return this.verdict(evidence, channel);
  }

  /** Components of the artifact's current SBOM, with what it describes; an empty page when it has none. */
  async listComponents(
    artifactId: string,
    query: ComponentQuery,
  ): Promise<SbomComponentPage> {
    const artifact = await this.getArtifactRecord(artifactId);
    const { sbom } = currentEvidence(
      await this.options.store.listDocuments([artifact.id]),
    );
    if (!sbom) {
      return { items: [], totalCount: 0, facets: { licenses: [], types: [] } };
    }
    const [page, facets] = await Promise.all([
      this.options.content.pageComponents(sbom.id, query),
      this.options.content.componentFacets(sbom.id),
    ]);
    return { ...page, facets, ...(sbom.subject && { subject: sbom.subject }) };
  }

  /**
   * Findings of the current reports, most severe first, each with the
   * exemption covering it. Channel-scoped exemptions count only when a
   * channel is given.
   */
  async listVulnerabilities(
    artifactId: string,
    channel?: string,
  ): Promise<StoredVulnerabilityFinding[]> {
    const artifact = await this.getArtifactRecord(artifactId);
    const { reports } = currentEvidence(
      await this.options.store.listDocuments([artifact.id]),
    );
    const scanners = new Map(reports.map(r => [r.id, r.tool ?? r.format]));
    const [findings, exemptions] = await Promise.all([
      this.options.content.listFindings(reports.map(r => r.id)),
      this.options.exemptions.listExemptions({ entityRef: artifact.entityRef }),
    ]);
    const now = this.now();
    const where = { digest: artifact.digest, channel };
    const rank = ['critical', 'high', 'medium', 'low', 'negligible', 'unknown'];
    return findings
      .map(finding => {
        const match = matchExemption(finding, exemptions, where, now);
        const stored: StoredVulnerabilityFinding = {
          ...finding,
          scanner: scanners.get(finding.documentId)!,
        };
        if (match) {
          stored.exemption = {
            id: match.exemption.id,
            status: match.status,
            expiresAt: match.exemption.expiresAt,
          };
        }
        return stored;
      })
      .sort(
        (a, b) =>
          rank.indexOf(a.severity) - rank.indexOf(b.severity) ||
          a.id.localeCompare(b.id),
      );
  }

  async getDocumentContent(
    id: string,
  ): Promise<{ document: EvidenceDocumentRecord; content: Buffer }> {
    const found = await this.options.store.getDocumentContent(id);
    if (!found) {
      throw new NotFoundError(`No evidence document ${id}`);
    }
    return found;
  }

  async diff(fromId: string, toId: string): Promise<ArtifactDiff> {
    const [from, to] = await Promise.all([
      this.getArtifactRecord(fromId),
      this.getArtifactRecord(toId),
    ]);
    if (from.entityRef !== to.entityRef) {
      throw new InputError(
        `Artifacts ${fromId} (${from.entityRef}) and ${toId} (${to.entityRef}) belong to different entities; a diff compares builds of one entity`,
      );
    }
    const { store, content } = this.options;
    const documents = groupBy(
      await store.listDocuments([from.id, to.id]),
      d => d.artifactId,
    );
    const load = async (artifact: ArtifactRecord) => {
      const current = currentEvidence(documents.get(artifact.id) ?? []);
      const [components, findings] = await Promise.all([
        current.sbom ? content.listComponents(current.sbom.id) : [],
        content.listFindings(current.reports.map(r => r.id)),
      ]);
      return { components, findings };
    };
    const [before, after] = await Promise.all([load(from), load(to)]);
    return diffArtifacts({
      from: toArtifact(from),
      to: toArtifact(to),
      fromComponents: before.components,
      toComponents: after.components,
      fromFindings: before.findings,
      toFindings: after.findings,
    });
  }
}
