import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type {
  RootCauseAnalysis,
  WorkflowOption,
} from '../../transcript/transcript';
import { ConfidenceBar } from '../shared/ConfidenceBar';
import { SafeMarkdown } from '../shared/SafeMarkdown';
import { TitledList } from '../shared/Section';
import { useSteeringControls } from './steering/SteeringContext';
import { CopyButton } from './transcriptTools/CopyButton';
import { FeedbackThumbs } from './transcriptTools/FeedbackThumbs';
import { rcaToMarkdown } from './transcriptTools/transcriptToMarkdown';

/**
 * The agent's root-cause analysis: root cause, causal chain, factors, evidence, confidence.
 * In a transcript (`itemKey`), it can be copied as Markdown and rated.
 */
export function RcaCard(props: { rca: RootCauseAnalysis; itemKey?: string }) {
  const { rca } = props;
  return (
    <Card
      variant="outlined"
      sx={{ borderLeft: 4, borderLeftColor: 'primary.main' }}
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
            {rca.provisional ? 'Early assessment' : 'Root cause analysis'}
          </Typography>
          {rca.provisional && (
            <Chip
              size="small"
              variant="outlined"
              label="full investigation pending"
            />
          )}
          {rca.severity && <Chip size="small" label={rca.severity} />}
          <ConfidenceBar value={rca.confidence} label="RCA confidence" />
          {props.itemKey !== undefined && (
            <CopyButton text={rcaToMarkdown(rca)} label="Copy analysis" />
          )}
        </Stack>
        {rca.rootCause && (
          <Typography variant="body1" sx={{ fontWeight: 600, mb: 1 }}>
            {rca.rootCause}
          </Typography>
        )}
        {rca.summary && <SafeMarkdown content={rca.summary} />}
        <Grid container spacing={2} sx={{ mt: 0.5 }}>
          <Grid item xs={12} md={6}>
            <TitledList title="Causal chain" items={rca.causalChain} ordered />
            <TitledList
              title="Contributing factors"
              items={rca.contributingFactors}
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <TitledList title="Evidence" items={rca.evidence} />
            <TitledList
              title="Affected components"
              items={rca.affectedComponents}
            />
          </Grid>
        </Grid>
        {rca.toolCalls !== undefined && (
          <Typography variant="caption" color="text.secondary">
            {rca.toolCalls} tool call{rca.toolCalls === 1 ? '' : 's'}
            {rca.target ? ` · target ${rca.target}` : ''}
          </Typography>
        )}
        {props.itemKey !== undefined && (
          <FeedbackThumbs
            target="rca"
            itemKey={props.itemKey}
            workflowId={rca.options.find(o => o.recommended)?.workflowId}
          />
        )}
      </CardContent>
    </Card>
  );
}

/** The workflows the agent offers; the recommended one first and marked, ruled-out ones muted. */
export function WorkflowOptions(props: { options: WorkflowOption[] }) {
  const steering = useSteeringControls();
  if (props.options.length === 0) return null;
  const ordered = [...props.options].sort(
    (a, b) => Number(b.recommended) - Number(a.recommended),
  );
  // A CSS grid rather than MUI's Grid: its negative margins overflow the transcript's scroller.
  return (
    <Box
      sx={{
        display: 'grid',
        gridTemplateColumns: { xs: '1fr', md: 'repeat(2, minmax(0, 1fr))' },
        gap: 2,
      }}
    >
      {ordered.map(option => (
        <Box key={option.workflowId || option.name}>
          <Card
            variant="outlined"
            sx={{
              height: '100%',
              opacity: option.ruledOutReason ? 0.7 : 1,
              borderColor: option.recommended ? 'success.main' : undefined,
            }}
            aria-label={`workflow option ${option.name}`}
          >
            <CardContent>
              <Stack
                direction="row"
                spacing={1}
                alignItems="center"
                sx={{ mb: 0.5 }}
              >
                <Typography
                  variant="subtitle1"
                  component="h4"
                  sx={{ fontWeight: 600, flexGrow: 1 }}
                >
                  {option.name}
                </Typography>
                {option.recommended && (
                  <Chip size="small" color="success" label="Recommended" />
                )}
                {option.ruledOutReason && (
                  <Chip size="small" label="Ruled out" />
                )}
              </Stack>
              <Stack
                direction="row"
                spacing={2}
                alignItems="center"
                sx={{ mb: 1 }}
              >
                {option.risk && (
                  <Typography variant="caption" color="text.secondary">
                    Risk: <strong>{option.risk}</strong>
                  </Typography>
                )}
                <ConfidenceBar
                  value={option.confidence}
                  label={`${option.name} confidence`}
                />
              </Stack>
              {option.description && (
                <Typography variant="body2" sx={{ mb: 1 }}>
                  {option.description}
                </Typography>
              )}
              {option.ruledOutReason && (
                <Typography
                  variant="body2"
                  color="text.secondary"
                  sx={{ mb: 1 }}
                >
                  Ruled out: {option.ruledOutReason}
                </Typography>
              )}
              {Object.keys(option.parameters).length > 0 && (
                <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
                  {Object.entries(option.parameters).map(([key, value]) => (
                    <Chip
                      key={key}
                      size="small"
                      variant="outlined"
                      label={`${key}=${value}`}
                      sx={{ fontFamily: 'monospace' }}
                    />
                  ))}
                </Stack>
              )}
            </CardContent>
            {steering.runOption && !option.ruledOutReason && (
              <CardActions>
                <Button
                  size="small"
                  variant={option.recommended ? 'contained' : 'outlined'}
                  onClick={() => steering.runOption!(option)}
                  aria-label={`Run workflow ${option.name}`}
                >
                  Run this workflow
                </Button>
              </CardActions>
            )}
            {!steering.runOption && steering.unavailableReason && (
              <CardActions>
                <Tooltip title={steering.unavailableReason}>
                  <span>
                    <Button size="small" disabled>
                      Run this workflow
                    </Button>
                  </span>
                </Tooltip>
              </CardActions>
            )}
          </Card>
        </Box>
      ))}
    </Box>
  );
}
