import type { QueryChip } from '@kubernaut/plugin-kubernaut-common';
import SearchIcon from '@mui/icons-material/Search';
import Chip from '@mui/material/Chip';
import InputAdornment from '@mui/material/InputAdornment';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useParsedQuery } from '../../hooks/queries';

/** The query without one chip: the other chips' own words. */
export function withoutChip(chips: QueryChip[], removed: QueryChip): string {
  return chips
    .filter(c => c !== removed)
    .map(c => c.source)
    .join(' ');
}

/**
 * What an "investigate …" query asks to investigate: the words after the explicit verb, or
 * undefined when the text is a filter (a question such as "why is …" stays a filter).
 */
export function investigationRequest(text: string): string | undefined {
  const match = /^\s*investigate\s+(\S[\s\S]*)$/i.exec(text);
  return match ? match[1].trim() : undefined;
}

/**
 * The natural-language query bar: the operator types, Enter applies, and the understood filter
 * comes back as removable chips, with the words that were not understood named. With
 * `onInvestigate`, text starting with "investigate " is handed to it on Enter instead of
 * filtering.
 */
export function QueryBar(props: {
  value: string;
  onChange(q: string): void;
  scope: 'fleet' | 'workflows';
  placeholder: string;
  label: string;
  /** Called with the rest of an "investigate …" query when it is submitted. */
  onInvestigate?(description: string): void;
}) {
  const [draft, setDraft] = useState(props.value);
  useEffect(() => setDraft(props.value), [props.value]);
  const parsed = useParsedQuery(props.value, props.scope);
  const chips = props.value ? parsed.data?.chips ?? [] : [];
  const unrecognized = props.value ? parsed.data?.unrecognized ?? [] : [];
  const investigation = props.onInvestigate
    ? investigationRequest(draft)
    : undefined;

  return (
    <Stack spacing={1} sx={{ mb: 2 }}>
      <form
        role="search"
        onSubmit={event => {
          event.preventDefault();
          if (investigation !== undefined && props.onInvestigate)
            props.onInvestigate(investigation);
          else props.onChange(draft.trim());
        }}
      >
        <TextField
          fullWidth
          size="small"
          value={draft}
          onChange={event => setDraft(event.target.value)}
          onKeyDown={event => {
            if (event.key === 'Escape') {
              setDraft('');
              props.onChange('');
            }
          }}
          placeholder={props.placeholder}
          inputProps={{
            'aria-label': props.label,
            'aria-describedby': investigation
              ? 'kubernaut-query-investigate-hint'
              : undefined,
            maxLength: 500,
          }}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          }}
        />
      </form>
      {investigation !== undefined && (
        <Typography
          id="kubernaut-query-investigate-hint"
          variant="caption"
          color="text.secondary"
          role="status"
        >
          Enter starts an investigation of: “{investigation}”
        </Typography>
      )}
      {(chips.length > 0 || unrecognized.length > 0) && (
        <Stack
          direction="row"
          spacing={1}
          useFlexGap
          flexWrap="wrap"
          alignItems="center"
          aria-label="Understood filter"
        >
          {chips
            .filter(c => c.field !== 'text')
            .map(chip => (
              <Chip
                key={`${chip.field}:${chip.value}`}
                size="small"
                color="primary"
                variant="outlined"
                label={chip.label}
                onDelete={() => props.onChange(withoutChip(chips, chip))}
                aria-label={`filter ${chip.label}`}
              />
            ))}
          {unrecognized.length > 0 && (
            <Typography variant="caption" color="text.secondary">
              Searched as text (not understood as a filter):{' '}
              {unrecognized.map(word => `“${word}”`).join(', ')}
            </Typography>
          )}
        </Stack>
      )}
    </Stack>
  );
}
