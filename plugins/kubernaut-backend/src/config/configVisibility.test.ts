import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Backstage serves config marked `@visibility frontend` to every browser, before sign-in. Nothing
 * of this plugin's config is for the browser: cluster names, titles and environments reach it
 * through the signed-in `/clusters` route.
 */
describe('kubernaut backend config visibility', () => {
  const schema = readFileSync(join(__dirname, '../../config.d.ts'), 'utf8');

  it('marks nothing for the browser', () => {
    expect(schema.match(/@visibility\s+frontend/g) ?? []).toEqual([]);
  });

  it('keeps cluster names, titles and environments in the backend', () => {
    for (const property of ['clusters', 'name', 'title', 'environment']) {
      const doc = schema.match(
        new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*${property}\\??:`),
      );
      expect([property, doc?.[1]]).toEqual([
        property,
        expect.stringMatching(/@visibility backend/),
      ]);
    }
  });
});
