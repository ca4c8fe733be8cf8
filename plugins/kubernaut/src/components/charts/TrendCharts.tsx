import type { TrendBucket } from '@kubernaut/plugin-kubernaut-common';
import Grid from '@mui/material/Grid';
import { Bar, BarChart, Legend, Line, LineChart, XAxis, YAxis } from 'recharts';
import { outcomesSummary, timeToResolveSummary } from './chartSummaries';
import { ChartCard, useChartTheme } from './chartTheme';

const hour = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** Resolutions and failures per slice of the window, and the mean time to resolve. */
export default function TrendCharts(props: { trend: TrendBucket[] }) {
  const { palette, tick, grid, tooltip } = useChartTheme();
  const data = props.trend.map(b => ({
    at: hour(b.start),
    Resolved: b.resolved,
    Failed: b.failed,
    minutes:
      b.meanTimeToResolve !== undefined
        ? Math.round(b.meanTimeToResolve / 6) / 10
        : null,
  }));
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
        <ChartCard
          title="Outcomes over time"
          summary={outcomesSummary(props.trend, hour)}
          height={180}
        >
          <BarChart data={data} margin={{ left: -20, right: 8 }}>
            {grid}
            {xAxis}
            <YAxis allowDecimals={false} tick={tick} />
            {tooltip}
            <Legend wrapperStyle={{ fontSize: 12 }} />
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
        </ChartCard>
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
