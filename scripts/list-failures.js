// Prints each failed test of the Jest and Playwright JSON reports with the first lines of its
// error, so the end of a long log says what failed. Usage: node list-failures.js JEST PLAYWRIGHT
const fs = require('fs');
const path = require('path');

function readReport(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function firstLines(text, count = 6) {
  // eslint-disable-next-line no-control-regex
  const plain = String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  return plain
    .split('\n')
    .filter(line => line.trim())
    .slice(0, count)
    .map(line => `      ${line.trim().slice(0, 200)}`)
    .join('\n');
}

function jestFailures(report) {
  const failures = [];
  for (const file of report?.testResults ?? []) {
    const name = path.relative(process.cwd(), file.name);
    if (
      file.status === 'failed' &&
      !file.assertionResults.some(a => a.status === 'failed')
    ) {
      failures.push(`  ${name}\n${firstLines(file.message)}`);
    }
    for (const test of file.assertionResults) {
      if (test.status !== 'failed') continue;
      const title = [...test.ancestorTitles, test.title].join(' › ');
      failures.push(
        `  ${name} › ${title} (${test.duration ?? '?'} ms)\n${firstLines(
          test.failureMessages.join('\n'),
        )}`,
      );
    }
  }
  return failures;
}

function playwrightFailures(report) {
  const failures = [];
  const visit = suite => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        if (test.status === 'expected' || test.status === 'skipped') continue;
        const last = test.results[test.results.length - 1];
        failures.push(
          `  e2e/${spec.file}:${spec.line} › ${spec.title} (${
            test.status
          })\n${firstLines(last?.error?.message)}`,
        );
      }
    }
    (suite.suites ?? []).forEach(visit);
  };
  (report?.suites ?? []).forEach(visit);
  return failures;
}

const failures = [
  ...jestFailures(readReport(process.argv[2])),
  ...playwrightFailures(readReport(process.argv[3])),
];
if (failures.length) console.log(`\nFailed tests:\n${failures.join('\n')}`);
