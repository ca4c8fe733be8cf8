import { usePermission } from '@backstage/plugin-permission-react';
import {
  kubernautApprovalDecidePermission,
  kubernautApprovalOverridePermission,
  kubernautResourceRef,
  type RemediationDetail,
} from '@kubernaut/plugin-kubernaut-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useDecision, useWorkflow } from '../../hooks/queries';
import { ConfidenceBar } from '../shared/ConfidenceBar';
import { SafeMarkdown } from '../shared/SafeMarkdown';
import { Section, TitledList } from '../shared/Section';
import { Countdown } from '../shared/time';
import {
  ConfirmDecisionDialog,
  type DecisionMode,
} from './ConfirmDecisionDialog';
import { explainDecisionError } from './decisionErrors';

/** The recommended workflow's measured effectiveness in this cluster. */
function PastEffectiveness(props: { cluster: string; workflow?: string }) {
  const workflow = useWorkflow(props.cluster, props.workflow);
  if (!props.workflow) return null;
  if (workflow.isPending)
    return (
      <Typography variant="body2" color="text.secondary">
        Loading effectiveness…
      </Typography>
    );
  if (workflow.isError || !workflow.data.effectiveness)
    return (
      <Typography variant="body2" color="text.secondary">
        No effectiveness history for {props.workflow}.
      </Typography>
    );
  return (
    <Stack direction="row" spacing={2} alignItems="center">
      <ConfidenceBar
        value={workflow.data.effectiveness.score}
        label="past effectiveness"
      />
      <Typography variant="caption" color="text.secondary">
        over {workflow.data.effectiveness.samples} assessments, matched{' '}
        {workflow.data.matchCount} times
      </Typography>
    </Stack>
  );
}

/** Everything the approval request carries, and Approve / Reject / Override for those allowed. */
export function DecisionPanel(props: { remediation: RemediationDetail }) {
  const { remediation } = props;
  const approval = remediation.approvalRequest!;
  const resourceRef = kubernautResourceRef(
    remediation.cluster,
    remediation.name,
  );
  const decide = usePermission({
    permission: kubernautApprovalDecidePermission,
    resourceRef,
  });
  const override = usePermission({
    permission: kubernautApprovalOverridePermission,
  });
  const decision = useDecision(remediation.cluster, approval.name);
  const [mode, setMode] = useState<DecisionMode>();
  const pending = !approval.decision && !approval.expired;
  const workflowName =
    approval.recommendedWorkflow?.name ??
    approval.recommendedWorkflow?.workflowId;

  const denied = !decide.loading && !decide.allowed;
  const deniedReason = denied
    ? 'You do not have kubernaut.approval.decide for this remediation'
    : '';

  return (
    <Card
      variant="outlined"
      sx={{
        borderLeft: 4,
        borderLeftColor: pending ? 'warning.main' : 'divider',
      }}
    >
      <CardContent>
        <Stack
          direction="row"
          spacing={2}
          alignItems="center"
          sx={{ mb: 1 }}
          flexWrap="wrap"
        >
          <Typography variant="h6" component="h3" sx={{ flexGrow: 1 }}>
            Approval request {approval.name}
          </Typography>
          {pending && <Countdown deadline={approval.requiredBy} />}
        </Stack>
        <Grid container spacing={2}>
          <Grid item xs={12} md={7}>
            {approval.investigationSummary && (
              <Section title="Investigation summary">
                <SafeMarkdown content={approval.investigationSummary} />
              </Section>
            )}
            <TitledList title="Evidence" items={approval.evidence} />
            {approval.alternativesConsidered.length > 0 && (
              <Section title="Alternatives considered">
                {approval.alternativesConsidered.map((a, i) => (
                  <Typography variant="body2" key={i}>
                    <strong>{a.approach}</strong> — {a.prosCons}
                  </Typography>
                ))}
              </Section>
            )}
          </Grid>
          <Grid item xs={12} md={5}>
            <Section title="Recommended workflow">
              <Typography variant="body2">
                <strong>{workflowName ?? 'unknown'}</strong>
                {approval.recommendedWorkflow?.version
                  ? ` v${approval.recommendedWorkflow.version}`
                  : ''}
              </Typography>
              {approval.recommendedWorkflow?.rationale && (
                <Typography variant="body2" color="text.secondary">
                  {approval.recommendedWorkflow.rationale}
                </Typography>
              )}
              <ConfidenceBar
                value={approval.confidence}
                label="recommendation confidence"
              />
            </Section>
            <Section title="Past effectiveness">
              <PastEffectiveness
                cluster={remediation.cluster}
                workflow={workflowName}
              />
            </Section>
            <Section title="Why approval is required">
              <Typography variant="body2">
                {approval.whyApprovalRequired ?? approval.reason ?? '—'}
              </Typography>
            </Section>
            {approval.policy && (
              <Section title="Policy evaluation">
                <Typography variant="body2">
                  {approval.policy.name ?? 'policy'}:{' '}
                  {approval.policy.decision ?? '—'}
                </Typography>
                {approval.policy.matchedRules.length > 0 && (
                  <Typography variant="caption" color="text.secondary">
                    matched {approval.policy.matchedRules.join(', ')}
                  </Typography>
                )}
              </Section>
            )}
          </Grid>
        </Grid>

        {!pending && (
          <Alert
            severity={
              approval.decision === 'Approved'
                ? 'success'
                : approval.expired
                ? 'warning'
                : 'info'
            }
            sx={{ mt: 1 }}
          >
            {approval.expired && !approval.decision
              ? 'This request expired before anyone decided.'
              : `${approval.decision}${
                  approval.decidedBy ? ` by ${approval.decidedBy}` : ''
                }${approval.decidedVia ? ` via ${approval.decidedVia}` : ''}${
                  approval.decidedAt
                    ? ` at ${new Date(approval.decidedAt).toLocaleString()}`
                    : ''
                }${
                  approval.decisionMessage
                    ? `: ${approval.decisionMessage}`
                    : ''
                }`}
            {approval.workflowOverride?.workflowName &&
              ` (override: ${approval.workflowOverride.workflowName})`}
          </Alert>
        )}
        {decision.isSuccess && (
          <Alert severity="success" sx={{ mt: 1 }} role="status">
            {decision.data.decision} — recorded in {decision.data.cluster} as{' '}
            {decision.data.decidedBy ?? 'you'}
          </Alert>
        )}
        {decision.isError && (
          <Alert severity="error" sx={{ mt: 1 }} role="alert">
            {explainDecisionError(decision.error)}
          </Alert>
        )}
        {pending && !decision.isSuccess && (
          <Stack
            direction="row"
            spacing={1}
            sx={{ mt: 2 }}
            flexWrap="wrap"
            useFlexGap
          >
            {(['approve', 'reject', 'override'] as const).map(m => {
              const blocked = denied
                ? deniedReason
                : m === 'override' && !override.loading && !override.allowed
                ? 'You do not have kubernaut.approval.override'
                : '';
              return (
                <Tooltip key={m} title={blocked}>
                  <span>
                    <Button
                      variant={m === 'approve' ? 'contained' : 'outlined'}
                      color={m === 'reject' ? 'error' : 'primary'}
                      disabled={
                        Boolean(blocked) || decide.loading || decision.isPending
                      }
                      onClick={() => setMode(m)}
                    >
                      {m === 'approve'
                        ? 'Approve'
                        : m === 'reject'
                        ? 'Reject'
                        : 'Approve with override'}
                    </Button>
                  </span>
                </Tooltip>
              );
            })}
            {denied && (
              <Typography
                variant="body2"
                color="text.secondary"
                sx={{ alignSelf: 'center' }}
              >
                {deniedReason}
              </Typography>
            )}
          </Stack>
        )}
        {mode && (
          <ConfirmDecisionDialog
            mode={mode}
            remediation={remediation}
            approval={approval}
            pending={decision.isPending}
            onCancel={() => setMode(undefined)}
            onConfirm={request =>
              decision.mutate(request, { onSettled: () => setMode(undefined) })
            }
          />
        )}
      </CardContent>
    </Card>
  );
}
