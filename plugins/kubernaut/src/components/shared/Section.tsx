import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

/** A small titled block inside a card. */
export function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box sx={{ mb: 1.5 }}>
      <Typography variant="subtitle2" component="h4">
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/** A titled bullet (or numbered) list; nothing at all when the list is empty. */
export function TitledList(props: {
  title: string;
  items: string[];
  ordered?: boolean;
}) {
  if (props.items.length === 0) return null;
  return (
    <Section title={props.title}>
      <Box component={props.ordered ? 'ol' : 'ul'} sx={{ my: 0.5, pl: 3 }}>
        {props.items.map((item, i) => (
          <Typography component="li" variant="body2" key={i}>
            {item}
          </Typography>
        ))}
      </Box>
    </Section>
  );
}
