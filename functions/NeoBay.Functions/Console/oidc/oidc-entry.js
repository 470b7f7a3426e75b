// What the console takes from oidc-client-ts (npm, pinned in package-lock.json): bundled by `npm run build:console`
// into wwwroot/vendor/oidc-client-ts.js, which is committed (a fresh clone builds without Node; a test checks it matches).
export { UserManager, WebStorageStateStore } from 'oidc-client-ts';
