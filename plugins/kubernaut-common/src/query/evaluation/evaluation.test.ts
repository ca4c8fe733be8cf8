import {
  describeScore,
  scoreIntake,
  scorePhrasings,
  type Score,
} from './score';
import { devNow, devPhrasings, devVocabulary } from './devPhrasings';
import {
  heldOutIntake,
  heldOutIntakeClusters,
  heldOutIntakeWorkloads,
  heldOutNow,
  heldOutPhrasings,
  heldOutVocabulary,
} from './heldOutPhrasings';
import {
  heldOut2Intake,
  heldOut2IntakeClusters,
  heldOut2IntakeWorkloads,
  heldOut2Now,
  heldOut2Offset,
  heldOut2Phrasings,
  heldOut2Vocabulary,
} from './heldOutPhrasings2';
import {
  heldOut3Now,
  heldOut3Offset,
  heldOut3Phrasings,
  heldOut3Vocabulary,
} from './heldOutPhrasings3';
import {
  heldOut4Now,
  heldOut4Offset,
  heldOut4Phrasings,
  heldOut4Vocabulary,
} from './heldOutPhrasings4';
import {
  heldOut5Categories,
  heldOut5Intake,
  heldOut5IntakeClusters,
  heldOut5IntakeWorkloads,
  heldOut5Now,
  heldOut5Offset,
  heldOut5Phrasings,
  heldOut5Vocabulary,
} from './heldOutPhrasings5';

/*
 * Scores the query language and the intake on phrasings. Run alone to read the figures:
 *   CI=1 yarn backstage-cli package test --ci src/query/evaluation
 * What each set is, and which were spent on tuning, is written at the top of its file.
 */

function report(
  name: string,
  score: Pick<Score, 'passed' | 'total'> & {
    failures: Array<{ text: string; expected: unknown; got: unknown }>;
  },
) {
  // eslint-disable-next-line no-console
  console.log(
    [
      describeScore(name, score),
      ...score.failures.map(
        f =>
          `  ✗ ${JSON.stringify(f.text)}\n      expected ${JSON.stringify(
            f.expected,
          )}\n      got      ${JSON.stringify(f.got)}`,
      ),
    ].join('\n'),
  );
}

const share = (score: { passed: number; total: number }) =>
  score.passed / score.total;

/* The blind fifth set scored 41/45 and 15/15 at first; asserted at the 90% goal, below both. */
const HELD_OUT_5_FLOOR = 0.9;
const HELD_OUT_5_INTAKE_FLOOR = 0.9;

describe('query language evaluation', () => {
  it('scores the development phrasings', () => {
    const score = scorePhrasings(devPhrasings, {
      now: devNow,
      vocabulary: devVocabulary,
    });
    report('dev', score);
    expect(share(score)).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    ['held-out', heldOutPhrasings, heldOutNow, heldOutVocabulary, 0],
    [
      'held-out 2',
      heldOut2Phrasings,
      heldOut2Now,
      heldOut2Vocabulary,
      heldOut2Offset,
    ],
    [
      'held-out 3',
      heldOut3Phrasings,
      heldOut3Now,
      heldOut3Vocabulary,
      heldOut3Offset,
    ],
    [
      'held-out 4',
      heldOut4Phrasings,
      heldOut4Now,
      heldOut4Vocabulary,
      heldOut4Offset,
    ],
  ] as const)('scores the %s phrasings', (name, rows, now, vocabulary, tz) => {
    const score = scorePhrasings([...rows], {
      now,
      vocabulary,
      timeZoneOffsetMinutes: tz,
    });
    report(name, score);
    expect(score.total).toBeGreaterThanOrEqual(60);
    expect(share(score)).toBeGreaterThanOrEqual(0.9);
  });

  it('scores the blind held-out 5 phrasings', () => {
    const options = {
      now: heldOut5Now,
      vocabulary: heldOut5Vocabulary,
      timeZoneOffsetMinutes: heldOut5Offset,
    };
    const score = scorePhrasings(heldOut5Phrasings, options);
    report('held-out 5', score);
    // eslint-disable-next-line no-console
    console.log(
      Object.entries(heldOut5Categories)
        .map(([category, rows]) =>
          describeScore(`  ${category}`, scorePhrasings(rows, options)),
        )
        .join('\n'),
    );
    expect(score.total).toBeGreaterThanOrEqual(45);
    expect(share(score)).toBeGreaterThanOrEqual(HELD_OUT_5_FLOOR);
  });
});

describe('intake evaluation', () => {
  it.each([
    [
      'intake held-out',
      heldOutIntake,
      heldOutIntakeClusters,
      heldOutIntakeWorkloads,
    ],
    [
      'intake held-out 2',
      heldOut2Intake,
      heldOut2IntakeClusters,
      heldOut2IntakeWorkloads,
    ],
  ] as const)(
    'scores the %s descriptions',
    (name, rows, clusters, workloads) => {
      const firstCluster = scoreIntake(
        [...rows],
        [...clusters],
        [...workloads],
        (_text, all) => ({
          kind: 'one',
          cluster: all[0].name,
          reason: 'first in the menu',
        }),
      );
      const score = scoreIntake([...rows], [...clusters], [...workloads]);
      report(`${name} (before: the first cluster)`, {
        ...firstCluster,
        failures: [],
      });
      report(name, score);
      expect(share(score)).toBeGreaterThanOrEqual(0.9);
    },
  );

  it('scores the blind intake held-out 5 descriptions', () => {
    const score = scoreIntake(
      heldOut5Intake,
      heldOut5IntakeClusters,
      heldOut5IntakeWorkloads,
    );
    report('intake held-out 5', score);
    expect(score.total).toBeGreaterThanOrEqual(15);
    expect(share(score)).toBeGreaterThanOrEqual(HELD_OUT_5_INTAKE_FLOOR);
  });
});
