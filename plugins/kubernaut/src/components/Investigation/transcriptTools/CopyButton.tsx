import Check from '@mui/icons-material/Check';
import ContentCopy from '@mui/icons-material/ContentCopy';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { useEffect, useRef, useState } from 'react';

/** Copies plain text (Markdown source, never HTML) to the clipboard. */
export async function copyText(text: string): Promise<void> {
  if (!navigator.clipboard?.writeText)
    throw new Error('the clipboard is not available here');
  await navigator.clipboard.writeText(text);
}

const FEEDBACK_MS = 1500;

/** Read by screen readers, not shown. */
export const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

/**
 * A small icon button copying `text`; its accessible name is `label` ("Copy message"), and it
 * says "Copied" for a moment after.
 */
export function CopyButton(props: {
  text: string;
  label: string;
  /** Light icon on a dark background (the person's own messages). */
  inverse?: boolean;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    clearTimeout(timer.current);
    try {
      await copyText(props.text);
      setState('copied');
    } catch {
      setState('failed');
    }
    timer.current = setTimeout(() => setState('idle'), FEEDBACK_MS);
  };
  const title =
    state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : '';
  return (
    <Tooltip title={title || props.label}>
      <IconButton
        size="small"
        aria-label={props.label}
        onClick={copy}
        sx={{
          p: 0.25,
          color: props.inverse ? 'inherit' : 'text.secondary',
          opacity: 0.8,
        }}
      >
        {state === 'copied' ? (
          <Check sx={{ fontSize: 16 }} />
        ) : (
          <ContentCopy sx={{ fontSize: 16 }} />
        )}
        <Box component="span" role="status" sx={visuallyHidden}>
          {title}
        </Box>
      </IconButton>
    </Tooltip>
  );
}
