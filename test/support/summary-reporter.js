/**
 * Prints one plain closing line, `Tests: N passed, N failed, N skipped`, as the very last line of
 * a run (after jest's own summary), so tools that read a run's last lines (CI dashboards) see the
 * counts in a fixed format.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    // jest prints its summary after the reporters return, so the line waits for the process to end.
    process.once('exit', () => process.stderr.write(line));
  }
}
module.exports = SummaryReporter;
