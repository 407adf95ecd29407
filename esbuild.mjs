// Builds the three bundles: the extension (node/cjs, `vscode` external), the CLI (node) and the webview UI (browser/iife).
// Type-checking is separate (`npm run typecheck`) because esbuild does not check types.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
    bundle: true,
    // dockerode → docker-modem → ssh2 tries two optional native addons inside try/catch; leave those requires
    // unresolved so the bundle stays pure JavaScript and ssh2 falls back to its JS implementation.
    external: ['cpu-features', '*.node'],
    minify: production,
    sourcemap: !production,
    logLevel: 'info',
};

/**
 * The extension bundle requires undici, zod and dockerode from their own files in dist/vendor/ on first use. esbuild
 * cannot split a CommonJS bundle, so without this their 4 MB would be parsed at `require` time even though they only
 * run behind `import()`: activation drops from ~74 ms to ~15 ms (bench/activation.ts). `zod/mini` is the details
 * protocol's (src/protocol/details.ts); without it here it is inlined, and parsed at `require`.
 */
const VENDOR = ['undici', 'zod', 'zod/mini', 'dockerode'];
/** `zod/mini` → `dist/vendor/zod-mini.js`: one level, so `.vscodeignore`'s `!dist/vendor/*.js` ships it. */
const vendorFile = (name) => `vendor/${name.replace(/\//g, '-')}.js`;
const vendorPlugin = (names) => ({
    name: 'vendor',
    setup(build) {
        build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({
            path: `./${vendorFile(args.path)}`,
            external: true,
        }));
    },
});

const builds = [
    {
        ...common,
        entryPoints: ['src/cli/main.ts'],
        outfile: 'dist/cli.js',
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        banner: { js: '#!/usr/bin/env node' },
        // Only `pull` needs dockerode (2 MB with ssh2 and grpc); parsing it costs every other command ~20 MB of RSS.
        plugins: [vendorPlugin(['dockerode'])],
    },
];
const vendorBuild = (name) => ({
    ...common,
    stdin: { contents: `module.exports = require('${name}');`, resolveDir: '.' },
    outfile: `dist/${vendorFile(name)}`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
});
builds.push(vendorBuild('dockerode'));
if (existsSync('src/extension/activate.ts')) {
    builds.push({
        ...common,
        entryPoints: ['src/extension/activate.ts'],
        outfile: 'dist/extension.js',
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['vscode', 'cpu-features', '*.node'],
        plugins: [vendorPlugin(VENDOR)],
    });
    builds.push(vendorBuild('undici'), vendorBuild('zod'), vendorBuild('zod/mini'));
}
if (existsSync('webview-ui/src/main.ts')) {
    builds.push({
        ...common,
        entryPoints: ['webview-ui/src/main.ts'],
        outfile: 'dist/webview/main.js',
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
    });
}

if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
} else {
    await Promise.all(builds.map((b) => esbuild.build(b)));
}

// The details panel loads the codicon font from the webview bundle folder (its only localResourceRoot).
mkdirSync('dist/webview', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) {
    copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/webview/${file}`);
}
