import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// A cold CI machine transpiles and lazy-loads whole apps in these tests; the defaults (1 s for
// findBy*, 5 s a test) are shorter than that on 2 busy cores.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);

// jsdom has no layout; charts only need ResizeObserver to exist.
class NoLayoutResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoLayoutResizeObserver;
