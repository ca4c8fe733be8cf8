import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

/** A 0..1 score as a coloured bar and a percentage: green from 80 %, amber from 60 %. */
export function ConfidenceBar(props: { value?: number; label?: string }) {
  if (props.value === undefined) return null;
  const percent = Math.round(props.value * 100);
  return (
    <Stack
      direction="row"
      spacing={1}
      alignItems="center"
      sx={{ minWidth: 160 }}
    >
      <LinearProgress
        variant="determinate"
        value={percent}
        color={percent >= 80 ? 'success' : percent >= 60 ? 'warning' : 'error'}
        sx={{ flexGrow: 1, height: 6, borderRadius: 3 }}
        aria-label={props.label ?? 'confidence'}
      />
      <Typography variant="caption" sx={{ fontVariantNumeric: 'tabular-nums' }}>
        {percent}%
      </Typography>
    </Stack>
  );
}
