module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // The dynamic-plugin export's output (yarn export-dynamic) is built code.
  ignorePatterns: ['dist-dynamic/**'],
});
