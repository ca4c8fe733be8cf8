import { Line, LineChart, XAxis, YAxis } from 'recharts';
import { effectivenessSummary } from './chartSummaries';
import { ChartImage, useChartTheme } from './chartTheme';

const day = (iso: string) =>
  new Date(iso).toLocaleDateString([], { month: 'short', day: 'numeric' });

/** Effectiveness scores of a workflow over time (0-100 %). */
export default function EffectivenessChart(props: {
  history: Array<{ at: string; score: number }>;
}) {
  const { palette, tick, grid, tooltip } = useChartTheme();
  const data = props.history.map(h => ({
    at: day(h.at),
    score: Math.round(h.score * 100),
  }));
  return (
    <ChartImage summary={effectivenessSummary(props.history, day)} height={200}>
      <LineChart data={data} margin={{ left: -20, right: 8, top: 8 }}>
        {grid}
        <XAxis dataKey="at" tick={tick} minTickGap={24} />
        <YAxis domain={[0, 100]} tick={tick} unit="%" />
        {tooltip}
        <Line
          type="monotone"
          dataKey="score"
          stroke={palette.success.main}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ChartImage>
  );
}
