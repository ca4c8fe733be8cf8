import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import type { ReactElement } from 'react';
import { CartesianGrid, ResponsiveContainer, Tooltip } from 'recharts';

/** Axis ticks, grid and tooltip in the Backstage theme's colours (light and dark). */
export function useChartTheme() {
  const theme = useTheme();
  return {
    palette: theme.palette,
    tick: { fontSize: 11, fill: theme.palette.text.secondary },
    grid: (
      <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
    ),
    tooltip: (
      <Tooltip
        contentStyle={{
          background: theme.palette.background.paper,
          border: `1px solid ${theme.palette.divider}`,
        }}
      />
    ),
  };
}

/** A titled, outlined card holding one responsive chart. */
export function ChartCard(props: {
  title: string;
  height: number;
  children: ReactElement;
}) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="subtitle2" component="h3" gutterBottom>
          {props.title}
        </Typography>
        <ResponsiveContainer width="100%" height={props.height}>
          {props.children}
        </ResponsiveContainer>
      </CardContent>
    </Card>
  );
}
