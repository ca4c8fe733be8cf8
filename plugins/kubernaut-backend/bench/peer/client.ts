/**
 * The side-by-side benchmark's client, in its own process (see ../loadClient.ts for why). It
 * prints `ready`, then answers each line it reads: a context line sets what it asks of whom, a
 * run line `{"question","count","warmup","pauseMs"?}` asks one question that many times, one request
 * after another (`pauseMs` apart), and prints `{"samples":[ms...],"answer":[...]}` (or `{"error":"..."}`); a line
 * `{"questions":[...],"count","warmup"}` asks them in turn, round after round (each round in a new
 * random order), and prints `{"samples":{question:[ms...]},"toHeaders":{question:[ms...]},
 * "answers":{question:[...]}}` (`toHeaders` for questions answered in one request).
 */
import { createInterface } from 'node:readline';
import { seededRandom } from '../../src/testUtils/seededRandom';
import { QUESTIONS, requestTiming, type QuestionContext } from './questions';

interface RunLine {
  question: string;
  count: number;
  warmup: number;
  /** A pause between two requests (none by default): a poll, not a burst. */
  pauseMs?: number;
}

async function run(
  context: QuestionContext,
  line: RunLine,
): Promise<{ samples: number[]; answer: string[] }> {
  const question = QUESTIONS[line.question];
  if (!question) throw new Error(`no question ${line.question}`);
  let answer: string[] = [];
  for (let i = 0; i < line.warmup; i++) answer = await question(context);
  const samples: number[] = [];
  for (let i = 0; i < line.count; i++) {
    if (line.pauseMs) await new Promise(r => setTimeout(r, line.pauseMs));
    const started = performance.now();
    answer = await question(context);
    samples.push(performance.now() - started);
  }
  return { samples, answer };
}

interface RoundsLine {
  questions: string[];
  count: number;
  warmup: number;
}

/**
 * Questions asked in turn, each round in a new random order, so that whatever drifts over a run
 * (load, GC) weighs on each alike, and no question always follows the same one (a question
 * right after a permission round trip is slowed by what that leaves behind).
 */
async function rounds(
  context: QuestionContext,
  line: RoundsLine,
): Promise<{
  samples: Record<string, number[]>;
  toHeaders: Record<string, number[]>;
  answers: Record<string, string[]>;
}> {
  const samples: Record<string, number[]> = {};
  const toHeaders: Record<string, number[]> = {};
  const answers: Record<string, string[]> = {};
  for (const name of line.questions) {
    if (!QUESTIONS[name]) throw new Error(`no question ${name}`);
    samples[name] = [];
    toHeaders[name] = [];
  }
  const random = seededRandom(14);
  const order = [...line.questions];
  for (let round = -line.warmup; round < line.count; round++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const name of order) {
      requestTiming.requests = 0;
      const started = performance.now();
      answers[name] = await QUESTIONS[name](context);
      if (round < 0) continue;
      samples[name].push(performance.now() - started);
      if (requestTiming.requests === 1)
        toHeaders[name].push(requestTiming.headersAt - started);
    }
  }
  return { samples, toHeaders, answers };
}

async function main() {
  let context: QuestionContext | undefined;
  process.stdout.write('ready\n');
  for await (const text of createInterface({ input: process.stdin })) {
    const message = JSON.parse(text);
    try {
      if (message.context) {
        context = message.context;
        process.stdout.write('{}\n');
      } else {
        if (!context) throw new Error('no context yet');
        const reply = message.questions
          ? await rounds(context, message)
          : await run(context, message);
        process.stdout.write(`${JSON.stringify(reply)}\n`);
      }
    } catch (error) {
      process.stdout.write(
        `${JSON.stringify({ error: String((error as Error).message) })}\n`,
      );
    }
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
