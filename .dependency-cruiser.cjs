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
    {
      name: 'stores-only-in-composition',
      comment: "Outside its feature, a feature's store is built only by the composition (app/, doctor, cli).",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(deals|payments|reminders|people|app)/|^src/(doctor|cli)\\.ts$' },
      to: { path: '^src/(deals|payments|reminders|people)/store\\.ts$' },
    },
    {
      name: 'adapters-not-features',
      comment: 'Adapters (integrations/, http/) implement ports; they know no feature and no composition.',
      severity: 'error',
      from: { path: '^src/(integrations|http)/' },
      to: { path: [FEATURES, '^src/app/'] },
    },
    {
      name: 'store-not-adapters',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(integrations|app|http)/' },
    },
    {
      name: 'texts-not-features',
      comment: 'The Russian texts are shared by the kernel and every feature: they import neither features nor adapters.',
      severity: 'error',
      from: { path: '^src/texts\\.ts$' },
      to: { path: [FEATURES, '^src/(app|integrations|http|store)/'] },
    },
    {
      name: 'src-not-test',
      comment: 'The demo runs on simulator/: neither it nor src/ may need test/ (absent from a production tree).',
      severity: 'error',
      from: { path: '^(src|simulator)/' },
      to: { path: '^test/' },
    },
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
