/**
 * Maps positions in the production build back to the source, from the build's own `.map` files,
 * so that a CPU profile of minified code names real functions and files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One mapping of a generated line: [generated column, source index, line, column, name index]. */
type Segment = number[];

interface DecodedMap {
  sources: string[];
  names: string[];
  lines: Segment[][];
}

export interface SourcePosition {
  source: string;
  /** 1-based, as editors show it. */
  line: number;
  name?: string;
}

const BASE64 =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, value) => [char, value]));

/** The base64 VLQ numbers of one segment of a source map's `mappings`. */
function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = DIGIT.get(char)!;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

function decodeMap(raw: {
  sources: string[];
  names?: string[];
  mappings: string;
}): DecodedMap {
  const state = [0, 0, 0, 0, 0];
  const lines = raw.mappings.split(';').map(line => {
    state[0] = 0; // the generated column restarts on every line; the rest carry over
    const segments: Segment[] = [];
    for (const text of line.split(',')) {
      if (!text) continue;
      const values = decodeVlq(text);
      for (let i = 0; i < values.length; i++) state[i] += values[i];
      segments.push(state.slice(0, values.length));
    }
    return segments;
  });
  return {
    sources: raw.sources.map(source =>
      source.replace(/^webpack:\/\/[^/]*\//, '').replace(/^(\.\.\/)+/, ''),
    ),
    names: raw.names ?? [],
    lines,
  };
}

/** Resolves `url:line:column` of scripts served from `dist` (0-based line and column, as CDP gives them). */
export function sourceMapResolver(dist: string) {
  const maps = new Map<string, DecodedMap | undefined>();
  const load = (url: string) => {
    if (!maps.has(url)) {
      let path: string;
      try {
        path = join(dist, new URL(url).pathname);
      } catch {
        maps.set(url, undefined);
        return undefined;
      }
      maps.set(
        url,
        existsSync(`${path}.map`)
          ? decodeMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')))
          : undefined,
      );
    }
    return maps.get(url);
  };
  return (
    url: string,
    line: number,
    column: number,
  ): SourcePosition | undefined => {
    const map = url ? load(url) : undefined;
    const segments = map?.lines[line];
    if (!map || !segments) return undefined;
    let found: Segment | undefined;
    for (const segment of segments) {
      if (segment[0] > column) break;
      found = segment;
    }
    if (!found || found.length < 4) return undefined;
    return {
      source: map.sources[found[1]],
      line: found[2] + 1,
      name: found.length > 4 ? map.names[found[4]] : undefined,
    };
  };
}
