'use strict';
/**
 * What the bundles (dist/cli.js, dist/vendor/undici.js, the bench children) get for `require('undici')`: the
 * dispatchers src/ uses and the request API, without undici's index, which also loads fetch, WebSocket,
 * EventSource, the cache stores, the mock agents and their dependencies. Loading the index costs ~16 MB of RSS and
 * ~1 MB of JavaScript to parse; this entry ~7 MB (measured: `node -e "require(bundle)"`, 56 MB vs 48 MB peak RSS).
 * The download engine's peak RSS goal (< 120 MB, bench/README.md) is why.
 *
 * src/ may import from 'undici' only what is exported here (types are free); tests and tsx runs get the real index.
 */
const Dispatcher = require('undici/lib/dispatcher/dispatcher');
const api = require('undici/lib/api');

// As undici's index does: `request`, `stream`, `connect`, … are methods of every dispatcher (ProxyAgent's CONNECT
// calls `client.connect`).
Object.assign(Dispatcher.prototype, api);

module.exports = {
    Dispatcher,
    Agent: require('undici/lib/dispatcher/agent'),
    EnvHttpProxyAgent: require('undici/lib/dispatcher/env-http-proxy-agent'),
};
