/**
 * Boundaries (run in `npm test`): features talk to the outside world through kernel ports only;
 * the store and the kernel know no feature; nothing in src/ reaches into test/; no cycles.
 * Features: src/deals, src/payments, src/reminders, src/people, src/reports.
 */
const FEATURES = '^src/(deals|payments|reminders|people|reports)/';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'features-not-integrations',
      comment: 'A feature uses the Crm/Messenger ports (src/kernel/ports.ts), never an adapter.',
      severity: 'error',
      from: { path: FEATURES },
      to: { path: '^src/(integrations|app|http)/' },
    },
    {
      name: 'store-not-features',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: FEATURES },
    },
    {
      name: 'kernel-not-features',
      severity: 'error',
      from: { path: '^src/kernel/' },
      to: { path: [FEATURES, '^src/(app|integrations|http)/'] },
    },
    {
      name: 'feature-owns-its-store',
      comment: "A feature's tables are changed only through its own store: no other feature imports it.",
      severity: 'error',
      from: { path: '^src/(deals|payments|reminders|people|reports)/' },
      to: { path: '^src/(deals|payments|reminders|people|reports)/store\\.ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'features-not-each-other',
      comment: 'Features meet through domain events (kernel/events.ts) and ports passed in at composition.',
      severity: 'error',
      from: { path: '^src/(deals|payments|reminders|people|reports)/' },
      to: { path: '^src/(deals|payments|reminders|people|reports)/', pathNot: '^src/$1/' },
    },
    { name: 'src-not-test', severity: 'error', from: { path: '^src/' }, to: { path: '^test/' } },
    {
      name: 'simulator-only-in-demo',
      comment: 'The offline demo is the one piece of src/ that may load the simulator.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/demo\\.ts$' },
      to: { path: '^simulator/' },
    },
  ],
  options: {
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};
