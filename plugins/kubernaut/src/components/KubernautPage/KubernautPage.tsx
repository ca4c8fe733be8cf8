import { Content, Header, Page, Progress } from '@backstage/core-components';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Tooltip from '@mui/material/Tooltip';
import { lazy, Suspense, type ComponentType } from 'react';
import { Link, Route, Routes, useLocation } from 'react-router-dom';
import { useApprovals } from '../../hooks/queries';
import { useFleetChanges } from '../../hooks/useFleetChanges';
import { KubernautQueryProvider } from '../KubernautQueryProvider';
import { useKubernautPaths } from '../paths';
import { ReadableTones } from '../shared/ReadableTones';

/** A view of its own chunk, loaded the first time its route is visited. */
function lazyView<M>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType,
) {
  return lazy(() => load().then(module => ({ default: pick(module) })));
}

const FleetOverview = lazyView(
  () => import('../FleetOverview/FleetOverview'),
  m => m.FleetOverview,
);
const ApprovalsInbox = lazyView(
  () => import('../Approvals/ApprovalsInbox'),
  m => m.ApprovalsInbox,
);
const WorkflowCatalog = lazyView(
  () => import('../WorkflowCatalog/WorkflowCatalog'),
  m => m.WorkflowCatalog,
);
const InvestigateForm = lazyView(
  () => import('../Investigation/InvestigateForm'),
  m => m.InvestigateForm,
);
const InvestigationList = lazyView(
  () => import('../InvestigationList/InvestigationList'),
  m => m.InvestigationList,
);
const RemediationView = lazyView(
  () => import('../Remediation/RemediationView'),
  m => m.RemediationView,
);
const InvestigationPage = lazyView(
  () => import('../Investigation/InvestigationPage'),
  m => m.InvestigationPage,
);

function Navigation() {
  const paths = useKubernautPaths();
  const location = useLocation();
  const approvals = useApprovals();
  const pending =
    approvals.data?.totalCount ?? approvals.data?.items.length ?? 0;
  const tabs = [
    { label: 'Fleet', to: paths.fleet() },
    {
      label: pending ? `Approvals (${pending})` : 'Approvals',
      to: paths.approvals(),
    },
    { label: 'Workflows', to: paths.workflows() },
    { label: 'Investigations', to: paths.investigations() },
    { label: 'Investigate', to: paths.investigate() },
  ];
  const path = location.pathname.replace(/\/$/, '');
  const active = tabs.findIndex(
    (t, i) => i > 0 && path.startsWith(t.to.replace(/\/$/, '')),
  );
  return (
    <Box
      sx={{
        gridArea: 'pageSubheader',
        px: 3,
        borderBottom: 1,
        borderColor: 'divider',
        bgcolor: 'background.paper',
      }}
    >
      <Tabs value={active < 0 ? 0 : active} aria-label="Kubernaut views">
        {tabs.map(tab => (
          <Tab key={tab.to} label={tab.label} component={Link} to={tab.to} />
        ))}
      </Tabs>
    </Box>
  );
}

function LiveBadge() {
  const { live } = useFleetChanges();
  return (
    <Tooltip
      title={
        live
          ? 'Changes in the clusters appear as they happen'
          : 'Reconnecting to live updates'
      }
    >
      <Chip
        size="small"
        color={live ? 'success' : 'default'}
        variant="outlined"
        label={live ? 'Live' : 'Reconnecting…'}
        sx={{ bgcolor: 'background.paper' }}
      />
    </Tooltip>
  );
}

/** The plugin's root: the fleet, approvals, workflows and investigations, as sub-routes. */
export function KubernautPage() {
  return (
    <KubernautQueryProvider>
      <ReadableTones>
        <Page themeId="tool">
          <Header
            title="Kubernaut"
            subtitle="AI-driven remediation across your Kubernetes fleet"
          >
            <LiveBadge />
          </Header>
          <Navigation />
          <Content>
            <Suspense fallback={<Progress />}>
              <Routes>
                <Route path="/" element={<FleetOverview />} />
                <Route path="/approvals" element={<ApprovalsInbox />} />
                <Route path="/workflows" element={<WorkflowCatalog />} />
                <Route path="/investigate" element={<InvestigateForm />} />
                <Route path="/investigations" element={<InvestigationList />} />
                <Route
                  path="/clusters/:cluster/remediations/:name"
                  element={<RemediationView />}
                />
                <Route
                  path="/investigations/:id"
                  element={<InvestigationPage />}
                />
              </Routes>
            </Suspense>
          </Content>
        </Page>
      </ReadableTones>
    </KubernautQueryProvider>
  );
}
