import type { WorkflowRow } from '@kubernaut/plugin-kubernaut-common';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';
import { Bar, BarChart, LabelList, XAxis, YAxis } from 'recharts';
import { ChartCard, useChartTheme } from '../charts/chartTheme';
import {
  compareWorkflows,
  comparisonSummary,
  type ComparedWorkflow,
} from './workflowComparison';

const BAR_ROW_HEIGHT = 28;

/**
 * The catalog's workflows (as its search filters them) side by side: measured effectiveness as
 * horizontal bars, most effective first, each labelled with its matches and assessments.
 */
export default function WorkflowComparisonChart(props: {
  workflows: WorkflowRow[];
}) {
  const { palette, tick, grid, tooltip } = useChartTheme();
  const comparison = useMemo(
    () => compareWorkflows(props.workflows),
    [props.workflows],
  );
  const { bars, unassessed, beyondLimit } = comparison;
  const longestLabel = Math.max(0, ...bars.map(b => b.label.length));
  return (
    <ChartCard
      title="Workflow comparison: effectiveness"
      summary={comparisonSummary(comparison)}
      height={Math.max(80, 32 + bars.length * BAR_ROW_HEIGHT)}
      action={
        (unassessed > 0 || beyondLimit > 0) && (
          <Typography variant="caption" color="text.secondary">
            {[
              beyondLimit ? `top ${bars.length} shown` : '',
              unassessed ? `${unassessed} not yet assessed` : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </Typography>
        )
      }
    >
      <BarChart
        data={bars}
        layout="vertical"
        margin={{ left: 8, right: 150, top: 4, bottom: 4 }}
      >
        {grid}
        <XAxis type="number" domain={[0, 100]} unit="%" tick={tick} />
        <YAxis
          type="category"
          dataKey="label"
          tick={tick}
          width={Math.min(260, 16 + longestLabel * 6.5)}
          interval={0}
        />
        {tooltip}
        <Bar
          dataKey="effectiveness"
          name="Effectiveness (%)"
          fill={palette.success.main}
          barSize={16}
          isAnimationActive={false}
        >
          <LabelList
            position="right"
            style={{ fontSize: 11, fill: palette.text.secondary }}
            valueAccessor={(entry: { payload: ComparedWorkflow }) =>
              `${entry.payload.effectiveness}% · ${entry.payload.matches} matches · ${entry.payload.assessments} assessed`
            }
          />
        </Bar>
      </BarChart>
    </ChartCard>
  );
}
