/*
 * The portal's supply-chain overview: per entity, the vulnerability counts of
 * its newest artifact, and a daily trend of critical and high findings. The
 * point of a day is what was known at its end (UTC): the newest artifact
 * registered by then, with the newest report of each scanner ingested by
 * then. Only the reports that are current on some day are read, and of
 * those only their critical and high findings.
 */
import {
  carriesFindings,
  SupplyChainSummary,
  VulnerabilitySeverity,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { currentEvidence, severityCounts } from './currentEvidence';
import { DatabaseEvidenceContentStore } from './DatabaseEvidenceContentStore';
import { DatabaseSupplyChainStore } from './DatabaseSupplyChainStore';
import { groupBy } from './groupBy';
import { ArtifactRecord, EvidenceDocumentRecord } from './types';

const DAY_MS = 24 * 3600 * 1000;

type Finding = {
  documentId: string;
  id: string;
  package: { name: string };
  severity: VulnerabilitySeverity;
};

export class SupplyChainSummaries {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: DatabaseSupplyChainStore;
      content: DatabaseEvidenceContentStore;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async summary(query: {
    days: number;
    entityRef?: string;
  }): Promise<SupplyChainSummary> {
    const { store, content } = this.options;
    const today = Date.parse(`${this.now().toISOString().slice(0, 10)}Z`);
    const dates = Array.from({ length: query.days }, (_, index) =>
      new Date(today - (query.days - 1 - index) * DAY_MS)
        .toISOString()
        .slice(0, 10),
    );
    const since = `${dates[0]}T00:00:00.000Z`;
    const artifacts = (await store.listArtifactsForTrend(since)).filter(
      a => !query.entityRef || a.entityRef === query.entityRef,
    );
    const reportsByArtifact = groupBy(
      (await store.listDocuments(artifacts.map(a => a.id))).filter(d =>
        carriesFindings(d.kind),
      ),
      d => d.artifactId,
    );
    const currentReports = (artifact: ArtifactRecord, until?: string) =>
      currentEvidence(
        (reportsByArtifact.get(artifact.id) ?? []).filter(
          d => !until || d.ingestedAt <= until,
        ),
      ).reports;

    // Per entity: artifacts oldest first, and the reports current each day.
    const entities = [...groupBy(artifacts, a => a.entityRef).entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([entityRef, own]) => {
        const ordered = [...own].sort((a, b) =>
          a.createdAt.localeCompare(b.createdAt),
        );
        const daily = dates.map(date => {
          const end = `${date}T23:59:59.999Z`;
          const artifact = ordered.filter(a => a.createdAt <= end).pop();
          return artifact ? currentReports(artifact, end) : [];
        });
        const latest = ordered[ordered.length - 1];
        return { entityRef, latest, daily, reports: currentReports(latest) };
      });

    const idsOf = (documents: EvidenceDocumentRecord[]) =>
      documents.map(d => d.id);
    const [urgent, all] = await Promise.all([
      content.listFindingSeverities(
        [...new Set(entities.flatMap(e => e.daily.flatMap(idsOf)))],
        ['critical', 'high'],
      ),
      content.listFindingSeverities(entities.flatMap(e => idsOf(e.reports))),
    ]);
    const urgentByDocument = groupBy(urgent, f => f.documentId);
    const allByDocument = groupBy(all, f => f.documentId);
    const findingsOf = (
      documents: EvidenceDocumentRecord[],
      byDocument: Map<string, Finding[]>,
    ) => documents.flatMap(d => byDocument.get(d.id) ?? []);

    return {
      items: entities.map(entity => ({
        entityRef: entity.entityRef,
        latestArtifactId: entity.latest.id,
        latestDigest: entity.latest.digest,
        counts: severityCounts(findingsOf(entity.reports, allByDocument)),
        trend: entity.daily.map((reports, index) => {
          const counts = severityCounts(findingsOf(reports, urgentByDocument));
          return {
            date: dates[index],
            critical: counts.critical,
            high: counts.high,
          };
        }),
      })),
    };
  }
}
