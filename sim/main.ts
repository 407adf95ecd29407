/**
 * `npm run sim`: runs the NGC simulator until SIGINT/SIGTERM and prints the environment a user would export to point
 * the CLI or the extension at it. Flags: `--bench` (large benchmark artifacts), `--extra-repos N` (bigorg repos),
 * `--port-base N` (api=N, auth=N+1, registry=N+2, helm=N+3, files=N+4; default: ports chosen by the OS), and the
 * network shape of the files and registry origins: `--shape loopback|cdn|far|lossy`, adjusted by `--rtt MS`,
 * `--conn-mbps MB/s`, `--link-mbps MB/s`, `--no-slow-start`, `--seed N` (see core/shape.ts).
 */
import { isShapeName, resolveShape, SHAPE_NAMES } from './core/shape.js';
import type { NetworkShape } from './core/shape.js';
import { startSimulator } from './server.js';
import type { SimOptions, SimPorts } from './server.js';

interface Args {
    options: SimOptions;
    ports?: SimPorts;
}

function parseArgs(argv: string[]): Args {
    const options: SimOptions = {};
    let ports: SimPorts | undefined;
    let shape: NetworkShape | undefined;
    const tweak: Partial<NetworkShape> = {};
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const next = (): number => {
            const value = Number.parseInt(argv[++i] ?? '', 10);
            if (!Number.isFinite(value) || value < 0) {
                throw new Error(`${arg} needs a non-negative number`);
            }
            return value;
        };
        if (arg === '--bench') {
            options.benchData = true;
        } else if (arg === '--extra-repos') {
            options.extraRepos = next();
        } else if (arg === '--port-base') {
            const base = next();
            ports = { api: base, auth: base + 1, registry: base + 2, helm: base + 3, files: base + 4 };
        } else if (arg === '--shape') {
            const name = argv[++i] ?? '';
            if (!isShapeName(name)) {
                throw new Error(`--shape needs one of ${SHAPE_NAMES.join(', ')}`);
            }
            shape = resolveShape(name);
        } else if (arg === '--rtt') {
            tweak.rttMs = next();
        } else if (arg === '--conn-mbps') {
            tweak.connectionBytesPerSecond = next() * 1e6;
        } else if (arg === '--link-mbps') {
            tweak.linkBytesPerSecond = next() * 1e6;
        } else if (arg === '--no-slow-start') {
            tweak.slowStart = false;
        } else if (arg === '--seed') {
            tweak.seed = next();
        } else if (arg === '--help' || arg === '-h') {
            process.stdout.write(
                'usage: npm run sim -- [--bench] [--extra-repos N] [--port-base N] [--shape loopback|cdn|far|lossy]\n' +
                    '                      [--rtt MS] [--conn-mbps MB/s] [--link-mbps MB/s] [--no-slow-start] [--seed N]\n',
            );
            process.exit(0);
        } else {
            throw new Error(`unknown argument: ${arg}`);
        }
    }
    if (shape !== undefined || Object.keys(tweak).length > 0) {
        options.shape = { rttMs: 0, ...shape, ...tweak };
    }
    return ports === undefined ? { options } : { options, ports };
}

async function main(): Promise<void> {
    const { options, ports } = parseArgs(process.argv.slice(2));
    const sim = await startSimulator(options, ports);
    const lines = [
        '# NGC simulator running. Export these to point ngc-explorer at it:',
        `export NGC_API_URL=${sim.urls.api}`,
        `export NGC_AUTH_URL=${sim.urls.auth}`,
        `export NGC_REGISTRY=${sim.urls.registry}`,
        `export NGC_HELM_URL=${sim.urls.helm}`,
        `# presigned file host: ${sim.urls.files}`,
        `# network shape of files + registry: ${sim.network.shape ? JSON.stringify(sim.network.shape) : 'loopback'}`,
        '#',
        '# demo keys (export NGC_API_KEY=…):',
        `#   personal  ${sim.keys.personal}   (Jon Doe; nvidia, acme, acme/vision${options.extraRepos ? ', bigorg' : ''})`,
        `#   entitled  ${sim.keys.entitled}   (as personal + nv-ai-enterprise)`,
        `#   service   ${sim.keys.service}    (service key of acme; cannot list)`,
        `#   legacy    ${sim.keys.legacy}         (legacy key; exchange at authn /token)`,
        `#   otherOrg  ${sim.keys.otherOrg}   (Ann Other; otherorg only)`,
        `#   revoked   ${sim.keys.revoked}    (401 everywhere)`,
        '# Ctrl-C to stop.',
        '',
    ];
    process.stdout.write(lines.join('\n'));
    const stop = (): void => {
        sim.close().then(
            () => process.exit(0),
            () => process.exit(1),
        );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
    process.stderr.write(`ngc-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
});
