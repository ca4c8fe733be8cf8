import type {
  FleetSummary,
  TrendBucket,
} from '@kubernaut/plugin-kubernaut-common';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { useTheme } from '@mui/material/styles';
import { useMemo, useState, type ReactElement } from 'react';
import { Bar, BarChart, Legend, XAxis, YAxis } from 'recharts';
import { clusterOutcomesSummary, outcomesSummary } from './chartSummaries';
import { categoryColors, ChartCard, useChartTheme } from './chartTheme';
import {
  clusterTrendRows,
  hasClusterTrend,
  type EndingKind,
} from './clusterTrend';

/** The whole fleet's resolved and failed, or one of them stacked by cluster. */
export type OutcomesView = 'fleet' | EndingKind;

const VIEWS: Array<{ value: OutcomesView; label: string }> = [
  { value: 'fleet', label: 'All clusters' },
  { value: 'resolved', label: 'Resolved by cluster' },
  { value: 'failed', label: 'Failed by cluster' },
];

/** Resolutions and failures per slice of the window, for the fleet or broken down by cluster. */
export function OutcomesChart(props: {
  trend: TrendBucket[];
  byCluster?: FleetSummary['byCluster'];
  slice: (iso: string) => string;
  height: number;
}) {
  const theme = useTheme();
  const { palette, tick, grid, tooltip } = useChartTheme();
  const [view, setView] = useState<OutcomesView>('fleet');
  const breakdown = hasClusterTrend(props.byCluster);
  const shown: OutcomesView = breakdown ? view : 'fleet';
  const { slice } = props;

  const fleetRows = useMemo(
    () =>
      props.trend.map(b => ({
        at: slice(b.start),
        Resolved: b.resolved,
        Failed: b.failed,
      })),
    [props.trend, slice],
  );
  const clusterChart = useMemo(
    () =>
      shown === 'fleet'
        ? undefined
        : clusterTrendRows(props.byCluster ?? [], shown, slice),
    [props.byCluster, shown, slice],
  );

  const xAxis = (
    <XAxis
      dataKey="at"
      tick={tick}
      interval="preserveStartEnd"
      minTickGap={24}
    />
  );
  const legend = <Legend wrapperStyle={{ fontSize: 12 }} />;
  let summary: string;
  let chart: ReactElement;
  if (clusterChart) {
    const colors = categoryColors(theme);
    const { rows, series } = clusterChart;
    summary = clusterOutcomesSummary(
      series,
      shown as EndingKind,
      rows.length
        ? {
            from: String(rows[0].at),
            to: String(rows[rows.length - 1].at),
          }
        : undefined,
    );
    chart = (
      <BarChart data={rows} margin={{ left: -20, right: 8 }}>
        {grid}
        {xAxis}
        <YAxis allowDecimals={false} tick={tick} />
        {tooltip}
        {legend}
        {series.map((s, i) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stackId="c"
            fill={s.key === 'other' ? colors.other : colors.at(i)}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    );
  } else {
    summary = outcomesSummary(props.trend, slice);
    chart = (
      <BarChart data={fleetRows} margin={{ left: -20, right: 8 }}>
        {grid}
        {xAxis}
        <YAxis allowDecimals={false} tick={tick} />
        {tooltip}
        {legend}
        <Bar
          dataKey="Resolved"
          stackId="o"
          fill={palette.success.main}
          isAnimationActive={false}
        />
        <Bar
          dataKey="Failed"
          stackId="o"
          fill={palette.error.main}
          isAnimationActive={false}
        />
      </BarChart>
    );
  }

  return (
    <ChartCard
      title="Outcomes over time"
      summary={summary}
      height={props.height}
      action={
        breakdown && (
          <ToggleButtonGroup
            size="small"
            exclusive
            value={shown}
            onChange={(_event, next: OutcomesView | null) => {
              if (next) setView(next);
            }}
            aria-label="Outcomes breakdown"
          >
            {VIEWS.map(v => (
              <ToggleButton
                key={v.value}
                value={v.value}
                sx={{ py: 0.25, px: 1, textTransform: 'none' }}
              >
                {v.label}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        )
      }
    >
      {chart}
    </ChartCard>
  );
}
