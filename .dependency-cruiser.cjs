/**
 * Boundaries that check themselves (README "Boundaries"). `npm test` runs
 * `depcruise --config .dependency-cruiser.cjs src web/src scripts bench` before vitest and
 * fails on any error. A module is a folder under src/modules/. There is no baseline of known
 * violations: every rule holds on the whole tree.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'routes-not-to-repo',
      comment: 'A route is HTTP only (schema → auth → one service call → presenter): it reaches data through a service, never a repo.',
      severity: 'error',
      from: { path: '\\.routes\\.ts$' },
      to: { path: '\\.repo\\.ts$' },
    },
    {
      name: 'no-other-modules-repo',
      comment: "A module reaches another module's tables only through that module's services (or its pure rule and schema files), never its repo.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/.+\\.repo\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'routes-only-from-app',
      comment: "Route files are registered by src/app.ts; presenters and schemas other modules need live in their own files.",
      severity: 'error',
      from: { pathNot: ['^src/app\\.ts$', '\\.test\\.ts$'] },
      to: { path: '^src/modules/.+\\.routes\\.ts$' },
    },
    {
      name: 'no-module-cycles',
      comment:
        'Modules depend on each other in one direction only (a cycle between two feature folders, also through src/http or src/jobs). ' +
        'Type-only imports do not count (the accounts module adds its fields to http\'s AuthContext by declaration merging); ' +
        'composition roots (src/app.ts, src/job-registry.ts, src/server.ts) wire modules together and sit outside them.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/modules/[^/]+/?$' },
      to: { path: '^src/modules/[^/]+/?$', circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-file-cycles',
      comment: 'No circular imports between source files.',
      severity: 'error',
      from: { path: '^(src|web/src)/' },
      to: { circular: true },
    },
    {
      name: 'providers-not-to-module-internals',
      comment: 'A carrier folder knows only the provider interface (src/providers/provider.ts), the db client and lib; a module is reached through its *.schema.ts / *.types.ts contracts at most.',
      severity: 'error',
      from: { path: '^src/providers/' },
      to: { path: '^src/modules/', pathNot: '\\.(schema|types)\\.ts$' },
    },
    {
      name: 'web-not-to-server',
      comment: 'The web app talks to the server over HTTP; it may share zod schema files (src/**/*.schema.ts), nothing else.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: '\\.schema\\.ts$' },
    },
    {
      name: 'nothing-imports-tests',
      comment: 'test/ is the suite\'s harness and fixtures: shipped code and scripts never depend on it. (bench/ reuses the harness to start services and sign up, as a test does.)',
      severity: 'error',
      from: { pathNot: '^(test|bench)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
