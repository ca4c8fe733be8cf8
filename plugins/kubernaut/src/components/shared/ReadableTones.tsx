import {
  darken,
  getContrastRatio,
  lighten,
  ThemeProvider,
  type PaletteColor,
  type Theme,
} from '@mui/material/styles';
import type { ReactNode } from 'react';

/** WCAG 2.1 AA for normal-size text (1.4.3). */
export const AA_TEXT_CONTRAST = 4.5;

const TONES = [
  'primary',
  'secondary',
  'error',
  'warning',
  'info',
  'success',
] as const;

type ToneName = (typeof TONES)[number];

const meetsAa = (color: string, backgrounds: string[]) =>
  backgrounds.every(
    background => getContrastRatio(color, background) >= AA_TEXT_CONTRAST,
  );

/**
 * The colour itself when text in it reads at AA on every background, else the closest shade that
 * does: darker in a light theme, lighter in a dark one.
 */
export function readableOn(
  color: string,
  backgrounds: string[],
  mode: 'light' | 'dark',
): string {
  const shift = mode === 'dark' ? lighten : darken;
  for (let step = 0; step <= 20; step++) {
    const shade = step === 0 ? color : shift(color, step / 20);
    if (meetsAa(shade, backgrounds)) return shade;
  }
  return mode === 'dark' ? '#ffffff' : '#000000';
}

/** White or black, whichever reads better on a filled background. */
export function textOnFill(fill: string): string {
  return getContrastRatio('#ffffff', fill) >= getContrastRatio('#000000', fill)
    ? '#ffffff'
    : '#000000';
}

function readableTone(
  tone: PaletteColor,
  backgrounds: string[],
  mode: 'light' | 'dark',
): PaletteColor {
  const main = readableOn(tone.main, backgrounds, mode);
  const dark = darken(main, 0.15);
  return {
    ...tone,
    main,
    dark,
    contrastText: textOnFill(main),
  };
}

/**
 * The theme with its tone colours (error, warning, success…) adjusted so that MUI's outlined and
 * filled chips, buttons and coloured text reach AA contrast on the theme's page and paper
 * backgrounds. MUI's defaults do not (orange on white is 3.1:1, white on red in the dark theme
 * 3.7:1); colours that already do are kept.
 */
export function withReadableTones(theme: Theme): Theme {
  const { palette } = theme;
  const backgrounds = [palette.background.paper, palette.background.default];
  const tones = Object.fromEntries(
    TONES.map(name => [
      name,
      readableTone(palette[name], backgrounds, palette.mode),
    ]),
  ) as Record<ToneName, PaletteColor>;
  return { ...theme, palette: { ...palette, ...tones } };
}

/** Everything the plugin renders below it uses the readable tones of the app's theme. */
export function ReadableTones(props: { children: ReactNode }) {
  return (
    <ThemeProvider theme={withReadableTones}>{props.children}</ThemeProvider>
  );
}
