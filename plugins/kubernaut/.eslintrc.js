module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // The dynamic-plugin export's output (yarn export-dynamic) is built code.
  ignorePatterns: ['dist-dynamic/**', 'dist-scalprum/**'],
  rules: {
    // Views choose between loading, error, empty and data; prettier lays such chains out
    // one state a line, which reads better than the early returns the rule would force.
    'no-nested-ternary': 'off',
  },
});
