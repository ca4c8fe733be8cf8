import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import {
  blue,
  brown,
  cyan,
  deepPurple,
  grey,
  lime,
  orange,
  pink,
} from '@mui/material/colors';
import { useTheme, type Theme } from '@mui/material/styles';
import type { ReactElement, ReactNode } from 'react';
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

const CATEGORIES = [blue, orange, cyan, deepPurple, pink, lime, brown];
/** Distinct category colours: a chart with more categories groups the rest as "other". */
export const CATEGORY_COUNT = CATEGORIES.length;

/**
 * Colours for series that are categories (clusters), readable on the theme's paper; none is the
 * green or red that mean resolved and failed. `other` is the colour of the "other clusters" stack.
 */
export function categoryColors(theme: Theme) {
  const shade = theme.palette.mode === 'dark' ? 300 : 600;
  return {
    at: (index: number) => CATEGORIES[index % CATEGORIES.length][shade],
    other: grey[500],
  };
}

/** A titled, outlined card holding one responsive chart, named for screen readers by `summary`. */
export function ChartCard(props: {
  title: string;
  summary: string;
  height: number;
  /** Controls shown on the title's line, such as a choice of breakdown. */
  action?: ReactNode;
  children: ReactElement;
}) {
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Stack
          direction="row"
          alignItems="center"
          justifyContent="space-between"
          flexWrap="wrap"
          gap={1}
          sx={{ mb: 0.5, minHeight: 30 }}
        >
          <Typography variant="subtitle2" component="h3">
            {props.title}
          </Typography>
          {props.action}
        </Stack>
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
