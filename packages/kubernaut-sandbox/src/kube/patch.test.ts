import { applyJsonPatch, applyMergePatch } from './patch';

describe('applyMergePatch', () => {
  it('merges objects, replaces arrays and deletes nulls (RFC 7386)', () => {
    const target = { a: 1, b: { c: 2, d: 3 }, list: [1, 2], gone: true };
    expect(
      applyMergePatch(target, {
        b: { c: 5, d: null },
        list: [3],
        gone: null,
        new: 'x',
      }),
    ).toEqual({
      a: 1,
      b: { c: 5 },
      list: [3],
      new: 'x',
    });
    expect(target).toEqual({
      a: 1,
      b: { c: 2, d: 3 },
      list: [1, 2],
      gone: true,
    });
  });
});

describe('applyJsonPatch', () => {
  it('applies add, replace, remove, move, copy and test (RFC 6902)', () => {
    const doc = {
      status: { phase: 'Pending', conditions: [{ type: 'Ready' }] },
      spec: { a: 1 },
    };
    const result = applyJsonPatch(doc, [
      { op: 'test', path: '/status/phase', value: 'Pending' },
      { op: 'replace', path: '/status/phase', value: 'Processing' },
      { op: 'add', path: '/status/conditions/-', value: { type: 'Done' } },
      { op: 'copy', from: '/spec/a', path: '/spec/b' },
      { op: 'move', from: '/spec/a', path: '/spec/c' },
      { op: 'remove', path: '/status/conditions/0' },
    ]);
    expect(result).toEqual({
      status: { phase: 'Processing', conditions: [{ type: 'Done' }] },
      spec: { b: 1, c: 1 },
    });
  });

  it('fails a test operation with 422 and leaves the document alone', () => {
    const doc = { status: { phase: 'Pending' } };
    expect(() =>
      applyJsonPatch(doc, [
        { op: 'test', path: '/status/phase', value: 'Done' },
      ]),
    ).toThrow('test operation failed');
    expect(doc.status.phase).toBe('Pending');
  });

  it('rejects a body that is not a list of operations', () => {
    expect(() => applyJsonPatch({}, { op: 'add' })).toThrow(
      'array of operations',
    );
  });
});
