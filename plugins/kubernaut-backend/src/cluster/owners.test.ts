import { OwnerIndex, owningRemediation } from './owners';

const ownedBy = (kind: string, name: string, controller = true) => ({
  metadata: {
    name: 'child',
    ownerReferences: [{ kind, name, controller }],
  },
});

describe('the remediation an object belongs to', () => {
  it('is the controller ownerReference to a RemediationRequest', () => {
    expect(owningRemediation(ownedBy('RemediationRequest', 'rr-1'))).toBe(
      'rr-1',
    );
    expect(
      owningRemediation({
        metadata: {
          ownerReferences: [
            { kind: 'AIAnalysis', name: 'ai-rr-2', controller: true },
          ],
        },
        spec: { remediationRequestRef: { name: 'rr-2' } },
      }),
    ).toBe('rr-2');
  });

  it('else spec.remediationRequestRef, else an assessment’s correlationID', () => {
    expect(
      owningRemediation({ spec: { remediationRequestRef: { name: 'rr-3' } } }),
    ).toBe('rr-3');
    expect(owningRemediation({ spec: { correlationID: 'rr-4' } })).toBe('rr-4');
  });

  it('is never guessed from the name', () => {
    expect(
      owningRemediation({ metadata: { name: 'nr-manual-review-rr-5' } }),
    ).toBeUndefined();
  });

  it('is indexed while the object is kept, and forgotten after its deletion', () => {
    const index = new OwnerIndex();
    const project = index.indexing('AIAnalysis', (o: any) => o.metadata.name);
    project(ownedBy('RemediationRequest', 'rr-6'));
    expect(index.ownerOf('AIAnalysis', 'child')).toBe('rr-6');
    expect(index.ownerOf('WorkflowExecution', 'child')).toBeUndefined();
    index.forget('AIAnalysis', 'child');
    expect(index.ownerOf('AIAnalysis', 'child')).toBeUndefined();
  });
});
