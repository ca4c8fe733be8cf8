import Box from '@mui/material/Box';
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

/** A titled, outlined card holding one responsive chart, named for screen readers by `summary`. */
export function ChartCard(props: {
  title: string;
  summary: string;
  height: number;
  children: ReactElement;
}) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="subtitle2" component="h3" gutterBottom>
          {props.title}
        </Typography>
        <ChartImage summary={props.summary} height={props.height}>
          {props.children}
        </ChartImage>
      </CardContent>
    </Card>
  );
}

/** A responsive chart as one image whose accessible name says what it shows. */
export function ChartImage(props: {
  summary: string;
  height: number;
  children: ReactElement;
}) {
  return (
    <Box role="img" aria-label={props.summary}>
      <ResponsiveContainer width="100%" height={props.height}>
        {props.children}
      </ResponsiveContainer>
    </Box>
  );
}
