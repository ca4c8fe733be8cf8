import Chip from '@mui/material/Chip';
import {
  createTheme,
  getContrastRatio,
  ThemeProvider,
} from '@mui/material/styles';
import { render, screen } from '@testing-library/react';
import {
  AA_TEXT_CONTRAST,
  ReadableTones,
  readableOn,
  textOnFill,
  withReadableTones,
} from './ReadableTones';

/** Backstage's own light and dark backgrounds and primaries, on MUI's default tone colours. */
const backstageLight = createTheme({
  palette: {
    mode: 'light',
    primary: { main: '#1F5493' },
    background: { default: '#F8F8F8', paper: '#FFFFFF' },
  },
});
const backstageDark = createTheme({
  palette: {
    mode: 'dark',
    primary: { main: '#9CC9FF', dark: '#82BAFD' },
    secondary: { main: '#FF88B2' },
    background: { default: '#333333', paper: '#424242' },
  },
});

const tones = [
  'primary',
  'secondary',
  'error',
  'warning',
  'info',
  'success',
] as const;

describe('withReadableTones', () => {
  it.each([
    ['light', backstageLight],
    ['dark', backstageDark],
  ])(
    'makes every tone readable on page and paper in the %s theme',
    (_mode, theme) => {
      const readable = withReadableTones(theme);
      for (const tone of tones) {
        const { main, contrastText } = readable.palette[tone];
        for (const background of [
          theme.palette.background.paper,
          theme.palette.background.default,
        ]) {
          expect(getContrastRatio(main, background)).toBeGreaterThanOrEqual(
            AA_TEXT_CONTRAST,
          );
        }
        expect(getContrastRatio(contrastText, main)).toBeGreaterThanOrEqual(
          AA_TEXT_CONTRAST,
        );
      }
    },
  );

  it("fixes MUI's defaults that fail AA and keeps the colours that pass", () => {
    expect(
      getContrastRatio(backstageLight.palette.warning.main, '#FFFFFF'),
    ).toBeLessThan(AA_TEXT_CONTRAST);
    const light = withReadableTones(backstageLight);
    expect(light.palette.warning.main).not.toBe(
      backstageLight.palette.warning.main,
    );
    expect(light.palette.primary.main).toBe('#1F5493');
    expect(light.palette.error.main).toBe(backstageLight.palette.error.main);

    const dark = withReadableTones(backstageDark);
    expect(dark.palette.primary.main).toBe('#9CC9FF');
    expect(dark.palette.error.main).not.toBe(backstageDark.palette.error.main);
    // A light fill in the dark theme carries dark text.
    expect(dark.palette.error.contrastText).toBe('#000000');
  });

  it('keeps the rest of the theme', () => {
    const readable = withReadableTones(backstageDark);
    expect(readable.palette.background).toBe(backstageDark.palette.background);
    expect(readable.typography).toBe(backstageDark.typography);
    expect(readable.palette.mode).toBe('dark');
  });
});

describe('readableOn', () => {
  it('darkens in a light theme and lightens in a dark one', () => {
    const darker = readableOn('#ed6c02', ['#FFFFFF'], 'light');
    expect(getContrastRatio(darker, '#FFFFFF')).toBeGreaterThanOrEqual(4.5);
    expect(getContrastRatio(darker, '#000000')).toBeLessThan(
      getContrastRatio('#ed6c02', '#000000'),
    );
    const lighter = readableOn('#f44336', ['#424242'], 'dark');
    expect(getContrastRatio(lighter, '#424242')).toBeGreaterThanOrEqual(4.5);
    expect(getContrastRatio(lighter, '#FFFFFF')).toBeLessThan(
      getContrastRatio('#f44336', '#FFFFFF'),
    );
  });
});

describe('textOnFill', () => {
  it('puts white on dark fills and black on light ones', () => {
    expect(textOnFill('#1F5493')).toBe('#ffffff');
    expect(textOnFill('#FFD600')).toBe('#000000');
  });
});

describe('ReadableTones', () => {
  it('gives the components below it the readable tones', () => {
    render(
      <ThemeProvider theme={backstageLight}>
        <ReadableTones>
          <Chip variant="outlined" color="warning" label="Awaiting approval" />
        </ReadableTones>
      </ThemeProvider>,
    );
    const label = screen.getByText('Awaiting approval');
    const color = getComputedStyle(label.parentElement!).color;
    expect(getContrastRatio(color, '#FFFFFF')).toBeGreaterThanOrEqual(
      AA_TEXT_CONTRAST,
    );
  });
});
