// The browser journeys are not a workspace package, so they take the config of a Node library
// (Playwright runs them in Node) instead of one read from a package.json.
module.exports =
  require('@backstage/cli/config/eslint-factory').createConfigForRole(
    __dirname,
    'node-library',
  );
