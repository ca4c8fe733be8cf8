import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  kubernautInvestigationCreatePermission,
  kubernautRemediationCancelPermission,
  kubernautResourceRef,
  TERMINAL_PHASES,
  type RemediationDetail,
} from '@kubernaut/plugin-kubernaut-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { kubernautApiRef } from '../../api';
import { useCancelRemediation, useRemediation } from '../../hooks/queries';
import { InvestigationPanel } from '../Investigation/InvestigationPanel';
import { RcaCard, WorkflowOptions } from '../Investigation/RcaCard';
import { PhaseChip, SeverityChip } from '../shared/chips';
import { RelativeTime } from '../shared/time';
import {
  VerificationProgress,
  verificationOf,
} from '../shared/VerificationProgress';
import { AuditTimeline } from './AuditTimeline';
import { DecisionPanel } from './DecisionPanel';
import { EffectivenessPanel } from './EffectivenessPanel';
import { PhaseStepper } from './PhaseStepper';

function Header(props: { remediation: RemediationDetail }) {
  const r = props.remediation;
  const resourceRef = kubernautResourceRef(r.cluster, r.name);
  const mayCancel = usePermission({
    permission: kubernautRemediationCancelPermission,
    resourceRef,
  });
  const cancel = useCancelRemediation(r.cluster, r.name);
  const running = !TERMINAL_PHASES.includes(r.phase);
  const [confirming, setConfirming] = useState(false);
  return (
    <Card variant="outlined" sx={{ mb: 2 }}>
      <Dialog open={confirming} onClose={() => setConfirming(false)}>
        <DialogTitle>Cancel remediation?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            Kubernaut stops remediation {r.name} of {r.target.kind}/
            {r.target.name} in cluster {r.cluster}. It cannot be resumed.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>Keep it running</Button>
          <Button
            color="error"
            variant="contained"
            onClick={() => {
              setConfirming(false);
              cancel.mutate();
            }}
          >
            Cancel remediation
          </Button>
        </DialogActions>
      </Dialog>
      <CardContent>
        <Stack
          direction="row"
          spacing={1}
          alignItems="center"
          flexWrap="wrap"
          useFlexGap
          sx={{ mb: 1 }}
        >
          <Typography variant="h5" component="h2" sx={{ mr: 1 }}>
            {r.signalName}
          </Typography>
          <SeverityChip severity={r.severity} />
          <PhaseChip phase={r.phase} />
          {r.environment && (
            <Chip size="small" variant="outlined" label={r.environment} />
          )}
          <Box sx={{ flexGrow: 1 }} />
          {running && (
            <Button
              size="small"
              color="error"
              variant="outlined"
              disabled={!mayCancel.allowed || cancel.isPending}
              title={
                mayCancel.allowed
                  ? undefined
                  : 'You do not have kubernaut.remediation.cancel'
              }
              onClick={() => setConfirming(true)}
            >
              Cancel remediation
            </Button>
          )}
        </Stack>
        <Typography variant="body2" color="text.secondary">
          <strong>
            {r.target.namespace}/{r.target.kind}/{r.target.name}
          </strong>{' '}
          in <strong>{r.cluster}</strong> · {r.name} · started{' '}
          <RelativeTime iso={r.createdAt} />
          {r.rcaTarget && r.rcaTarget.name !== r.target.name
            ? ` · root cause in ${r.rcaTarget.kind}/${r.rcaTarget.name}`
            : ''}
        </Typography>
        {r.message && (
          <Typography variant="body2" sx={{ mt: 1 }}>
            {r.message}
          </Typography>
        )}
        {(r.failureReason || r.blockReason) && (
          <Alert severity={r.blockReason ? 'warning' : 'error'} sx={{ mt: 1 }}>
            {r.failureReason ?? r.blockReason}
          </Alert>
        )}
        {cancel.isError && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {(cancel.error as Error).message}
          </Alert>
        )}
        <Box sx={{ mt: 2 }}>
          <PhaseStepper remediation={r} />
        </Box>
        {r.effectiveness &&
          (r.phase === 'Verifying' || r.effectiveness.score !== undefined) && (
            <Box sx={{ mt: 2 }}>
              <VerificationProgress state={verificationOf(r.effectiveness)} />
            </Box>
          )}
      </CardContent>
    </Card>
  );
}

/** The analysis Kubernaut recorded, and the way into the conversation about it. */
function InvestigationTab(props: { remediation: RemediationDetail }) {
  const r = props.remediation;
  const api = useApi(kubernautApiRef);
  const [params, setParams] = useSearchParams();
  const id = params.get('investigation');
  const canAsk = usePermission({
    permission: kubernautInvestigationCreatePermission,
  });
  const running = !TERMINAL_PHASES.includes(r.phase);
  const join = useMutation({
    mutationFn: () =>
      api.startInvestigation({
        cluster: r.cluster,
        remediation: r.name,
        // Joining a running remediation watches it; a question would take it over.
        ...(running
          ? {}
          : {
              message: `Summarise what happened to ${r.target.name} and why.`,
            }),
      }),
    onSuccess: result =>
      setParams(current => {
        const next = new URLSearchParams(current);
        next.set('investigation', result.id);
        return next;
      }),
  });
  if (id) return <InvestigationPanel id={id} />;
  const analysis = r.analysis;
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} alignItems="center">
        <Button
          variant="contained"
          disabled={!canAsk.allowed || join.isPending}
          onClick={() => join.mutate()}
        >
          {running ? 'Watch the live investigation' : 'Ask Kubernaut about it'}
        </Button>
        <Typography variant="body2" color="text.secondary">
          {running
            ? 'See what Kubernaut found so far, then follow it live. Watching changes nothing.'
            : 'Start a conversation about this remediation.'}
        </Typography>
      </Stack>
      {join.isError && (
        <Alert severity="error">{(join.error as Error).message}</Alert>
      )}
      {analysis?.rootCause || analysis?.summary ? (
        <>
          <RcaCard
            rca={{
              summary: analysis.summary ?? '',
              rootCause: analysis.rootCause,
              confidence: analysis.selectedWorkflow?.confidence,
              severity: r.severity,
              causalChain: [],
              contributingFactors: analysis.contributingFactors,
              evidence: [],
              affectedComponents: [],
              options: [],
            }}
          />
          <WorkflowOptions
            options={[
              ...(analysis.selectedWorkflow
                ? [
                    {
                      workflowId: analysis.selectedWorkflow.workflowId ?? '',
                      name:
                        analysis.selectedWorkflow.name ??
                        analysis.selectedWorkflow.workflowId ??
                        'workflow',
                      description: analysis.selectedWorkflow.rationale,
                      confidence: analysis.selectedWorkflow.confidence,
                      recommended: true,
                      parameters: analysis.selectedWorkflow.parameters ?? {},
                    },
                  ]
                : []),
              ...analysis.alternatives.map(a => ({
                workflowId: a.workflowId ?? '',
                name: a.workflowId ?? 'alternative',
                description: a.rationale,
                confidence: a.confidence,
                recommended: false,
                parameters: {},
              })),
            ]}
          />
        </>
      ) : (
        <Typography color="text.secondary">
          {analysis
            ? `Analysis ${analysis.phase ?? 'running'}.`
            : 'No analysis yet.'}
        </Typography>
      )}
    </Stack>
  );
}

function Details(props: { remediation: RemediationDetail }) {
  const r = props.remediation;
  const rows: Array<[string, string | undefined]> = [
    ['Signal source', r.signalSource],
    ['Status layout', `Kubernaut ${r.statusLayout}`],
    [
      'SignalProcessing',
      r.signalProcessing &&
        `${r.signalProcessing.name} (${r.signalProcessing.phase ?? '?'})`,
    ],
    [
      'WorkflowExecution',
      r.workflowExecution &&
        `${r.workflowExecution.name} (${r.workflowExecution.phase ?? '?'}) ${
          r.workflowExecution.failureReason ?? ''
        }`,
    ],
    [
      'Notifications',
      r.notifications
        .map(n => `${n.type ?? n.name}: ${n.phase ?? ''}`)
        .join(', ') || undefined,
    ],
    ...Object.entries(r.signalLabels).map(([k, v]): [string, string] => [
      `label ${k}`,
      v,
    ]),
  ];
  return (
    <Box
      component="dl"
      sx={{
        display: 'grid',
        gridTemplateColumns: '220px 1fr',
        rowGap: 0.5,
        m: 0,
      }}
    >
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <Box key={k} sx={{ display: 'contents' }}>
            <Typography component="dt" variant="body2" color="text.secondary">
              {k}
            </Typography>
            <Typography
              component="dd"
              variant="body2"
              sx={{ m: 0, wordBreak: 'break-word' }}
            >
              {v}
            </Typography>
          </Box>
        ))}
    </Box>
  );
}

/** One remediation: header and stepper, the investigation, approval, audit and effectiveness. */
export function RemediationView() {
  const { cluster = '', name = '' } = useParams();
  const remediation = useRemediation(cluster, name);
  const [params, setParams] = useSearchParams();
  if (remediation.isPending) return <Progress />;
  if (remediation.isError)
    return (
      <ResponseErrorPanel
        error={remediation.error}
        title={`Remediation ${name} unavailable`}
      />
    );
  const r = remediation.data;
  const tabs = [
    { id: 'investigation', label: 'Investigation' },
    ...(r.approvalRequest
      ? [
          {
            id: 'approval',
            label: r.approval ? 'Approval (pending)' : 'Approval',
          },
        ]
      : []),
    { id: 'audit', label: 'Audit trail' },
    { id: 'effectiveness', label: 'Effectiveness' },
    { id: 'details', label: 'Details' },
  ];
  const requested =
    params.get('tab') ?? (r.approval ? 'approval' : 'investigation');
  const tab = tabs.some(t => t.id === requested) ? requested : 'investigation';
  return (
    <>
      <Header remediation={r} />
      <Card variant="outlined">
        <Tabs
          value={tab}
          onChange={(_e, value) =>
            setParams(current => {
              const next = new URLSearchParams(current);
              next.set('tab', value);
              return next;
            })
          }
          aria-label="Remediation sections"
          sx={{ borderBottom: 1, borderColor: 'divider', px: 2 }}
        >
          {tabs.map(t => (
            <Tab key={t.id} value={t.id} label={t.label} />
          ))}
        </Tabs>
        <CardContent>
          {tab === 'investigation' && <InvestigationTab remediation={r} />}
          {tab === 'approval' && r.approvalRequest && (
            <DecisionPanel remediation={r} />
          )}
          {tab === 'audit' && (
            <AuditTimeline cluster={r.cluster} name={r.name} />
          )}
          {tab === 'effectiveness' && <EffectivenessPanel remediation={r} />}
          {tab === 'details' && <Details remediation={r} />}
        </CardContent>
      </Card>
    </>
  );
}
