/**
 * chrono-node's English parsers alone (`chrono-node/en`, a subpath the package exports), without the
 * other languages its main entry loads. The package's types for that entry sit where this project's
 * `moduleResolution: node` does not look for a subpath, so they are named here.
 */
declare module 'chrono-node/en' {
  export * from 'chrono-node/dist/esm/locales/en';
}
