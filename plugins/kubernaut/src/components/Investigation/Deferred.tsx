import Typography from '@mui/material/Typography';
import { startTransition, useEffect, useState, type ReactNode } from 'react';
import { SafeMarkdown } from '../shared/SafeMarkdown';

/**
 * False in the first render, true once React found time after it. Opening a long conversation
 * or jumping to its newest message mounts a screenful of messages in one task; what a message
 * can show a moment later (its parsed markdown, its copy and feedback buttons) renders in a
 * transition instead, which React renders in slices between which the page stays responsive.
 */
function useMountedAWhile(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    startTransition(() => setReady(true));
  }, []);
  return ready;
}

/** `children` a moment after the first render; `placeholder` (same size, if any) until then. */
export function Deferred(props: {
  children: ReactNode;
  placeholder?: ReactNode;
}) {
  return <>{useMountedAWhile() ? props.children : props.placeholder}</>;
}

/**
 * `children` once the browser has painted the first render. For what measures the page as it
 * mounts (a text area sizing itself to its text): measured right after a long list rendered,
 * the whole page would be laid out again in that task; after the paint the layout is clean.
 */
export function AfterPaint(props: {
  children: ReactNode;
  placeholder?: ReactNode;
}) {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setPainted(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return <>{painted ? props.children : props.placeholder}</>;
}

/** A message's markdown: its plain text at first, parsed a moment later. */
export function DeferredMarkdown(props: { text: string }) {
  if (useMountedAWhile()) return <SafeMarkdown content={props.text} />;
  return (
    <Typography
      variant="body2"
      component="div"
      style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}
    >
      {props.text}
    </Typography>
  );
}
