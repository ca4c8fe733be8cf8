import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useNow } from '../../hooks/useNow';

/** "3 m 05 s", "2 h 10 m", "4 d 3 h": a duration in its two largest units. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} m`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function formatAgo(iso: string | undefined, now: number): string {
  if (!iso) return '—';
  const seconds = (now - Date.parse(iso)) / 1000;
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 45) return 'just now';
  return `${formatDuration(seconds).split(' ').slice(0, 2).join(' ')} ago`;
}

/** A time as "5 m ago", with the exact time on hover. */
export function RelativeTime(props: { iso?: string }) {
  const now = useNow(30_000);
  return (
    <Tooltip title={props.iso ? new Date(props.iso).toLocaleString() : ''}>
      <span>{formatAgo(props.iso, now)}</span>
    </Tooltip>
  );
}

/** Time left before a deadline, live; red under five minutes, "expired" after. */
export function Countdown(props: { deadline?: string }) {
  const now = useNow(1000);
  if (!props.deadline) return <span>—</span>;
  const left = (Date.parse(props.deadline) - now) / 1000;
  const urgent = left < 300;
  return (
    <Tooltip title={`Decide by ${new Date(props.deadline).toLocaleString()}`}>
      <Typography
        component="span"
        variant="body2"
        role="timer"
        color={left <= 0 ? 'text.disabled' : urgent ? 'error' : 'text.primary'}
        sx={{
          fontVariantNumeric: 'tabular-nums',
          fontWeight: urgent ? 600 : 400,
        }}
      >
        {left <= 0 ? 'expired' : `${formatDuration(left)} left`}
      </Typography>
    </Tooltip>
  );
}
