import {
  ContentHeader,
  Header,
  Page,
  ResponseErrorPanel,
  TabbedLayout,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import {
  LedgerExportButton,
  LedgerIntegrityCard,
  LedgerTable,
  useLedger,
} from '../../../ledger';
import { PoliciesPage } from '../../../policy';
import { ServicesTable } from '../ServicesTable';
import { BuildsSummaryTab } from '../../../hud';
import { SupplyChainSummaryTab } from '../../../supplyChain';

const RECENT_ENTRIES = 20;

function RecentLedgerEntries() {
  const { value, loading, error } = useLedger({
    order: 'desc',
    limit: RECENT_ENTRIES,
  });
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return (
    <LedgerTable
      title="Recent ledger entries"
      subtitle={
        value ? `Newest first, of ${value.headSequence} in total` : undefined
      }
      entries={value?.entries}
      loading={loading}
    />
  );
}

/** The first tab: services under Maestro and the audit ledger. */
function ServicesAndLedger() {
  return (
    <>
      <ContentHeader
        title="Services"
        description="Catalog components whose path from commit to production Maestro follows"
      />
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <ServicesTable />
        </Grid>
      </Grid>
      <ContentHeader
        title="Audit ledger"
        description="Append-only, hash-chained record of every change Maestro made"
      >
        <LedgerExportButton />
      </ContentHeader>
      <Grid container spacing={3} alignItems="flex-start">
        <Grid item xs={12} md={4}>
          <LedgerIntegrityCard />
        </Grid>
        <Grid item xs={12} md={8}>
          <RecentLedgerEntries />
        </Grid>
      </Grid>
    </>
  );
}

/**
 * The page's tabs, without the page chrome. Each tab is a sub-route
 * (`/maestro`, `/maestro/policies`, `/maestro/supply-chain`,
 * `/maestro/builds`), so its address can be shared.
 */
function MaestroPageBody() {
  return (
    <TabbedLayout>
      <TabbedLayout.Route path="/" title="Services & ledger">
        <ServicesAndLedger />
      </TabbedLayout.Route>
      <TabbedLayout.Route path="/policies" title="Policies">
        <PoliciesPage />
      </TabbedLayout.Route>
      <TabbedLayout.Route path="/supply-chain" title="Supply chain">
        <SupplyChainSummaryTab />
      </TabbedLayout.Route>
      <TabbedLayout.Route path="/builds" title="Builds">
        <BuildsSummaryTab />
      </TabbedLayout.Route>
    </TabbedLayout>
  );
}

/**
 * Props of `MaestroPage`.
 *
 * @public
 */
export type MaestroPageProps = {
  /**
   * Render Backstage's page header. The new frontend system draws its own
   * plugin header around pages, so the alpha page turns this off.
   */
  withHeader?: boolean;
};

/**
 * The Maestro portal page: services under Maestro and the audit ledger, at
 * `policies` the policy rules and exemptions, at `supply-chain` the
 * critical and high vulnerabilities per service, and at `builds` build
 * metrics and open alerts across all services.
 */
export function MaestroPage(props: MaestroPageProps) {
  if (props.withHeader === false) {
    return <MaestroPageBody />;
  }
  return (
    <Page themeId="tool">
      <Header
        title="Maestro"
        subtitle="The path of every service from commit to production"
      />
      <MaestroPageBody />
    </Page>
  );
}
