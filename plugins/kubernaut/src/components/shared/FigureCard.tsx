import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';

/** One headline figure: a label, the value (a skeleton while it loads) and a hint below. */
export function FigureCard(props: {
  label: string;
  value?: string;
  hint?: string;
  tone?: 'error.main' | 'warning.main' | 'success.main';
}) {
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
        <Typography
          variant="overline"
          color="text.secondary"
          component="h3"
          noWrap
        >
          {props.label}
        </Typography>
        {props.value === undefined ? (
          <Skeleton height={42} />
        ) : (
          <Typography
            variant="h4"
            component="p"
            color={props.tone ?? 'text.primary'}
            sx={{ fontVariantNumeric: 'tabular-nums' }}
          >
            {props.value}
          </Typography>
        )}
        {props.hint && (
          <Typography
            variant="caption"
            color="text.secondary"
            noWrap
            component="p"
            title={props.hint}
          >
            {props.hint}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}
