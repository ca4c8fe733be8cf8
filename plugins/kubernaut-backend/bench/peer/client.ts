/**
 * The side-by-side benchmark's client, in its own process (see ../loadClient.ts for why). It
 * prints `ready`, then answers each line it reads: a context line sets what it asks of whom, a
 * run line `{"question","count","warmup"}` asks one question that many times, one request after
 * another, and prints `{"samples":[ms...],"answer":[...]}` (or `{"error":"..."}`).
 */
import { createInterface } from 'node:readline';
import { QUESTIONS, type QuestionContext } from './questions';

interface RunLine {
  question: string;
  count: number;
  warmup: number;
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
    const started = performance.now();
    answer = await question(context);
    samples.push(performance.now() - started);
  }
  return { samples, answer };
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
        process.stdout.write(
          `${JSON.stringify(await run(context, message))}\n`,
        );
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
