import ContentCopy from '@mui/icons-material/ContentCopy';
import FileDownload from '@mui/icons-material/FileDownload';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { useState } from 'react';
import type { Transcript } from '../../../transcript/transcript';
import { copyText, visuallyHidden } from './CopyButton';
import {
  exportFileName,
  transcriptToMarkdown,
  type TranscriptExportContext,
} from './transcriptToMarkdown';

/** Saves text as a file through a temporary object URL. */
function download(name: string, text: string) {
  const url = URL.createObjectURL(
    new Blob([text], { type: 'text/markdown;charset=utf-8' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * "Export Markdown" downloads the investigation as `investigation-<remediation or id>.md`;
 * "Copy as Markdown" puts the same document on the clipboard, for a ticket or a postmortem.
 */
export function ExportMarkdown(props: {
  transcript: Transcript;
  context: TranscriptExportContext;
}) {
  const [status, setStatus] = useState('');
  const markdown = () => transcriptToMarkdown(props.transcript, props.context);
  const disabled = props.transcript.items.length === 0;
  return (
    <>
      <Button
        size="small"
        startIcon={<FileDownload />}
        disabled={disabled}
        onClick={() => {
          download(exportFileName(props.transcript, props.context), markdown());
          setStatus('Downloaded');
        }}
      >
        Export Markdown
      </Button>
      <Button
        size="small"
        startIcon={<ContentCopy />}
        disabled={disabled}
        onClick={async () => {
          try {
            await copyText(markdown());
            setStatus('Copied');
          } catch {
            setStatus('Copy failed');
          }
          setTimeout(() => setStatus(''), 1500);
        }}
      >
        {status === 'Copied' ? 'Copied' : 'Copy as Markdown'}
      </Button>
      <Box component="span" role="status" sx={visuallyHidden}>
        {status}
      </Box>
    </>
  );
}
