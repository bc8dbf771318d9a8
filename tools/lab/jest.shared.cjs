// Shared by the lab's unit, integration and e2e jest configs.
module.exports = {
  ...require('../../jest.preset.cjs'),
  rootDir: __dirname,
};
