import type { ReactNode } from 'react';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { Entity } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import SearchIcon from '@mui/icons-material/Search';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link } from 'react-router-dom';
import {
  entityTargetQuery,
  getKubernautEntityTargets,
  KUBERNAUT_CLUSTER_ANNOTATION,
  KUBERNAUT_TARGET_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  type KubernautEntityTargets,
} from '../../entity';
import { useRemediationPages } from '../../hooks/queries';
import { KubernautQueryProvider } from '../KubernautQueryProvider';
import { useKubernautPaths } from '../paths';
import { ClusterProblems } from '../shared/ClusterProblems';
import { ReadableTones } from '../shared/ReadableTones';
import { PhaseChip, SeverityChip } from '../shared/chips';
import { RelativeTime } from '../shared/time';

function EntityRemediations(props: {
  target: string[];
  limit: number;
  title: string;
  /** Shown under the list, e.g. the overview card's "Investigate" button. */
  actions?: ReactNode;
}) {
  const pages = useRemediationPages({
    target: props.target,
    limit: props.limit,
  });
  const paths = useKubernautPaths();
  if (pages.isPending) return <Progress />;
  if (pages.isError)
    return (
      <ResponseErrorPanel
        error={pages.error}
        title="Remediations unavailable"
      />
    );
  const page = pages.data.pages[0];
  return (
    <InfoCard
      title={props.title}
      actions={props.actions}
      subheader={`${page.totalCount} remediation${
        page.totalCount === 1 ? '' : 's'
      } of ${props.target.join(', ')}`}
    >
      <ClusterProblems clusters={page.clusters} />
      {page.items.length === 0 ? (
        <Typography color="text.secondary">
          Kubernaut has not remediated these resources in the retained history.
        </Typography>
      ) : (
        <List dense aria-label="Remediations of this entity">
          {page.items.map(r => (
            <ListItem key={`${r.cluster}/${r.name}`} disablePadding>
              <ListItemButton
                component={Link}
                to={paths.remediation(r.cluster, r.name)}
              >
                <ListItemText
                  primary={
                    <Stack direction="row" spacing={1} alignItems="center">
                      <SeverityChip severity={r.severity} />
                      <span>{r.signalName}</span>
                      <PhaseChip phase={r.phase} />
                    </Stack>
                  }
                  secondary={
                    <>
                      {r.cluster} · {r.target.kind}/{r.target.name}
                      {r.workflow ? ` · ${r.workflow}` : ''} ·{' '}
                      <RelativeTime iso={r.createdAt} />
                    </>
                  }
                />
              </ListItemButton>
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}

function useEntityTargets() {
  const { entity } = useEntity();
  return getKubernautEntityTargets(entity);
}

/**
 * The opening of an investigation of an entity's workload, for the operator to go on with:
 * "Investigate checkout-service (Deployment in demo-checkout): ". The workload is the target
 * named like the entity's `kubernetes-id`, else the first target, else that id.
 */
export function entityInvestigationPrefill(
  entity: Entity,
  targets: KubernautEntityTargets,
): { description: string; cluster?: string } | undefined {
  const target =
    targets.targets.find(t => t.name === targets.kubernetesId) ??
    targets.targets[0];
  const name = target?.name ?? targets.kubernetesId;
  if (!name) return undefined;
  let where = '';
  if (target?.kind && target.namespace)
    where = ` (${target.kind} in ${target.namespace})`;
  else if (target?.kind) where = ` (${target.kind})`;
  else if (target?.namespace) where = ` (in ${target.namespace})`;
  const cluster =
    entity.metadata.annotations?.[KUBERNAUT_CLUSTER_ANNOTATION]?.trim();
  return {
    description: `Investigate ${name}${where}: `,
    cluster: cluster || undefined,
  };
}

/** Opens the Investigate page prefilled with the entity's workload (and pinned cluster). */
function InvestigateEntityButton(props: { size?: 'small' | 'medium' }) {
  const { entity } = useEntity();
  const paths = useKubernautPaths();
  const prefill = entityInvestigationPrefill(
    entity,
    getKubernautEntityTargets(entity),
  );
  if (!prefill) return null;
  return (
    <Button
      component={Link}
      to={paths.investigateWith(prefill)}
      variant="outlined"
      size={props.size}
      startIcon={<SearchIcon />}
    >
      Investigate this component
    </Button>
  );
}

const missing = (
  <EmptyState
    missing="field"
    title="No Kubernetes resources linked"
    description={`Add the ${KUBERNETES_ID_ANNOTATION} or ${KUBERNAUT_TARGET_ANNOTATION} annotation to this entity to see its remediations.`}
  />
);

/** The Kubernaut tab of a catalog entity: the remediations of the resources it claims. */
export function EntityKubernautContent() {
  const target = entityTargetQuery(useEntityTargets());
  if (target.length === 0) return missing;
  return (
    <KubernautQueryProvider>
      <ReadableTones>
        <Stack spacing={2}>
          <Stack direction="row" justifyContent="flex-end">
            <InvestigateEntityButton />
          </Stack>
          <EntityRemediations
            target={target}
            limit={100}
            title="Kubernaut remediations"
          />
        </Stack>
      </ReadableTones>
    </KubernautQueryProvider>
  );
}

/** A small card for an entity's overview: its five latest remediations. */
export function EntityKubernautCard() {
  const target = entityTargetQuery(useEntityTargets());
  if (target.length === 0) return null;
  return (
    <KubernautQueryProvider>
      <ReadableTones>
        <EntityRemediations
          target={target}
          limit={5}
          title="Kubernaut"
          actions={<InvestigateEntityButton size="small" />}
        />
      </ReadableTones>
    </KubernautQueryProvider>
  );
}
