import type {
  FleetSummary,
  TrendBucket,
} from '@kubernaut/plugin-kubernaut-common';
import Grid from '@mui/material/Grid';
import { useMemo } from 'react';
import { Line, LineChart, XAxis, YAxis } from 'recharts';
import { timeToResolveSummary } from './chartSummaries';
import { ChartCard, useChartTheme } from './chartTheme';
import { OutcomesChart } from './OutcomesChart';

const hour = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * Resolutions and failures per slice of the window (for the fleet or by cluster), and the mean
 * time to resolve.
 */
export default function TrendCharts(props: {
  trend: TrendBucket[];
  byCluster?: FleetSummary['byCluster'];
}) {
  const { palette, tick, grid, tooltip } = useChartTheme();
  const data = useMemo(
    () =>
      props.trend.map(b => ({
        at: hour(b.start),
        minutes:
          b.meanTimeToResolve !== undefined
            ? Math.round(b.meanTimeToResolve / 6) / 10
            : null,
      })),
    [props.trend],
  );
  const xAxis = (
    <XAxis
      dataKey="at"
      tick={tick}
      interval="preserveStartEnd"
      minTickGap={24}
    />
  );
  return (
    <Grid container spacing={2} sx={{ mb: 2 }}>
      <Grid item xs={12} md={7}>
        <OutcomesChart
          trend={props.trend}
          byCluster={props.byCluster}
          slice={hour}
          height={180}
        />
      </Grid>
      <Grid item xs={12} md={5}>
        <ChartCard
          title="Mean time to resolve (minutes)"
          summary={timeToResolveSummary(props.trend)}
          height={180}
        >
          <LineChart data={data} margin={{ left: -20, right: 8 }}>
            {grid}
            {xAxis}
            <YAxis tick={tick} />
            {tooltip}
            <Line
              type="monotone"
              dataKey="minutes"
              name="minutes"
              stroke={palette.primary.main}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          </LineChart>
        </ChartCard>
      </Grid>
    </Grid>
  );
}
