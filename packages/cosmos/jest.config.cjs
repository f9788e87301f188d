const preset = require("@checkpointkit/conformance/jest-preset")({ servers: ["cosmos"] });

module.exports = {
  ...preset,
  // The fault tests leave the Azure SDK retrying account-metadata reads (getDatabaseAccount)
  // against dead or silent endpoints: the SDK takes no abort signal for them, so they go on
  // for minutes after the saver's operation has rejected at its deadline and keep jest alive
  // although every test has ended. (A known limit, in the README's error table.)
  forceExit: true,
};
