import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../sim/server';
import { runCli, simEnv, type CliRun } from './cliRunner';

const NO_STACK = /\n\s+at .+:\d+:\d+/;

function json(run: CliRun): Record<string, unknown> {
    assert.doesNotThrow(() => JSON.parse(run.stdout), `stdout is one JSON document: ${run.stdout.slice(0, 200)}`);
    return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe('CLI whoami/search/tags against the simulator (integration)', () => {
    let sim: Simulator;
    before(async () => {
        sim = await startSimulator({});
    });
    after(() => sim.close());

    describe('whoami', () => {
        it('Should tell a guest how to set a key, exit 0', async () => {
            const run = await runCli(['whoami'], simEnv(sim));
            assert.equal(run.code, 0);
            assert.match(run.stdout, /browsing the public NGC catalog as a guest/);
            assert.match(run.stdout, /NGC_API_KEY/);
            const doc = json(await runCli(['whoami', '--json'], simEnv(sim)));
            assert.equal(doc['guest'], true);
            assert.equal(doc['keyType'], 'none');
        });

        it('Should show a personal key, its user, orgs, teams and roles as a table', async () => {
            const run = await runCli(['whoami'], simEnv(sim, sim.keys.personal));
            assert.equal(run.code, 0, run.stderr);
            assert.match(run.stdout, /^Key type\s+personal API key/m);
            assert.match(run.stdout, /^User\s+Jon Doe <jon\.doe@example\.com>/m);
            assert.match(run.stdout, /^ORG\s+TEAM\s+ROLES$/m);
            assert.match(run.stdout, /^acme\s+vision\s+REGISTRY_USER$/m);
            const doc = json(await runCli(['whoami', '--json'], simEnv(sim, sim.keys.personal)));
            assert.equal(doc['keyType'], 'personal');
            assert.deepEqual(doc['teams'], ['acme/vision']);
        });

        it('Should show a service key with no user', async () => {
            const run = await runCli(['whoami'], simEnv(sim, sim.keys.service));
            assert.equal(run.code, 0, run.stderr);
            assert.match(run.stdout, /service key/);
            assert.match(run.stdout, /service keys act for an org/);
            assert.equal(json(await runCli(['whoami', '--json'], simEnv(sim, sim.keys.service)))['user'], null);
        });

        it('Should show a legacy key', async () => {
            const doc = json(await runCli(['whoami', '--json'], simEnv(sim, sim.keys.legacy)));
            assert.equal(doc['keyType'], 'legacy');
            assert.deepEqual((doc['orgs'] as string[]).sort(), ['acme', 'nvidia']);
        });

        it('Should warn when NGC_ORG is not one of the key orgs', async () => {
            const run = await runCli(['whoami'], { ...simEnv(sim, sim.keys.otherOrg), NGC_ORG: 'acme' });
            assert.equal(run.code, 0);
            assert.match(run.stderr, /NGC_ORG is "acme", which this key is not a member of/);
        });

        it('Should exit 3 for a revoked key without a stack trace', async () => {
            const run = await runCli(['whoami'], simEnv(sim, sim.keys.revoked));
            assert.equal(run.code, 3);
            assert.doesNotMatch(run.stderr, NO_STACK);
            assert.match(run.stderr, /401|rejected/);
        });
    });

    describe('search', () => {
        it('Should print an aligned table across all four types', async () => {
            const run = await runCli(['search', 'pytorch'], simEnv(sim));
            assert.equal(run.code, 0, run.stderr);
            const lines = run.stdout.trimEnd().split('\n');
            assert.match(lines[0] ?? '', /^TYPE\s+NAME\s+LATEST\s+SIZE\s+UPDATED\s+SIGNED\s+DESCRIPTION$/);
            const nameColumn = (lines[0] ?? '').indexOf('NAME');
            const row = lines.find((l) => l.includes('nvidia/pytorch '));
            assert.ok(row, run.stdout);
            assert.equal(row.indexOf('nvidia/pytorch'), nameColumn, 'columns align');
            assert.match(row, /^container\s+nvidia\/pytorch\s+25\.03-py3\s/);
        });

        it('Should honour --type and --limit in the JSON document', async () => {
            const doc = json(await runCli(['search', '*:*', '--type', 'model', '--limit', '1', '--json'], simEnv(sim)));
            const results = doc['results'] as { type: string }[];
            assert.equal(results.length, 1);
            assert.equal(results[0]?.type, 'model');
            assert.deepEqual(doc['types'], ['model']);
        });

        it('Should search private orgs only with a key', async () => {
            const guest = json(await runCli(['search', 'detector', '--type', 'container', '--json'], simEnv(sim)));
            const member = json(
                await runCli(['search', 'detector', '--type', 'container', '--json'], simEnv(sim, sim.keys.personal)),
            );
            const ids = (doc: Record<string, unknown>) =>
                (doc['results'] as { resourceId: string }[]).map((r) => r.resourceId);
            assert.equal(ids(guest).includes('acme/vision/detector'), false);
            assert.equal(ids(member).includes('acme/vision/detector'), true);
        });

        it('Should say so when nothing matches', async () => {
            const run = await runCli(['search', 'zzzz-no-such-thing'], simEnv(sim));
            assert.equal(run.code, 0);
            assert.match(run.stdout, /No results for "zzzz-no-such-thing"/);
        });

        it('Should reject a bad --type or --limit with exit 2', async () => {
            assert.equal((await runCli(['search', 'x', '--type', 'dataset'], simEnv(sim))).code, 2);
            assert.equal((await runCli(['search', 'x', '--limit', '0'], simEnv(sim))).code, 2);
            assert.equal((await runCli(['search'], simEnv(sim))).code, 2);
        });

        it('Should exit 4 when a service key searches', async () => {
            const run = await runCli(['search', 'x'], simEnv(sim, sim.keys.service));
            assert.equal(run.code, 4);
            assert.doesNotMatch(run.stderr, NO_STACK);
        });
    });

    describe('tags', () => {
        it('Should list tags newest first with platform digests, signing, and no .sig tags', async () => {
            const run = await runCli(['tags', 'nvidia/pytorch'], simEnv(sim));
            assert.equal(run.code, 0, run.stderr);
            assert.doesNotMatch(run.stdout, /\.sig\b/);
            const lines = run.stdout.trimEnd().split('\n');
            assert.match(lines[0] ?? '', /^TAG\s+SIZE\s+UPDATED\s+SIGNED\s+PLATFORM\s+DIGEST$/);
            assert.match(
                lines[1] ?? '',
                /^25\.03-py3\s+\S+ \w+\s+2025-\d\d-\d\d\s+yes\s+linux\/amd64\s+sha256:[0-9a-f]{64}$/,
            );
            assert.match(lines[2] ?? '', /^\s+linux\/arm64\s+sha256:[0-9a-f]{64}$/);
            const tagOrder = lines
                .slice(1)
                .map((l) => l.split(/\s+/)[0])
                .filter((t) => t);
            assert.deepEqual(tagOrder, ['25.03-py3', '25.02-py3', '25.01-py3', '24.12-py3']);
        });

        it('Should print one JSON document with every tag', async () => {
            const doc = json(await runCli(['tags', 'nvidia/tritonserver', '--json'], simEnv(sim)));
            assert.equal(doc['repository'], 'nvidia/tritonserver');
            const tags = doc['tags'] as { tag: string; platforms: { architecture: string }[] }[];
            assert.ok(tags.length > 0);
            assert.deepEqual(
                tags[0]?.platforms.map((p) => p.architecture),
                ['amd64', 'arm64/v8'],
            );
            assert.ok(tags.every((t) => !t.tag.endsWith('.sig')));
        });

        it('Should exit with the contract codes for each NGC failure', async () => {
            const cases: [string[], string | undefined, number][] = [
                [['tags', 'acme/vision/detector'], undefined, 3],
                [['tags', 'acme/vision/detector'], sim.keys.otherOrg, 3],
                [['tags', 'nvidia/pytorch'], sim.keys.revoked, 3],
                [['tags', 'nvidia/nvaie-pytorch'], sim.keys.personal, 4],
                [['tags', 'nvidia/eu-nim'], sim.keys.personal, 4],
                [['tags', 'nvidia/no-such-repo'], sim.keys.personal, 5],
                [['tags', 'acme/vision/detector'], sim.keys.personal, 0],
                [['tags', 'nvidia/nvaie-pytorch'], sim.keys.entitled, 0],
            ];
            for (const [args, key, code] of cases) {
                const run = await runCli(args, simEnv(sim, key));
                assert.equal(run.code, code, `${args.join(' ')} with ${key ?? 'no key'}: ${run.stderr}`);
                assert.doesNotMatch(run.stderr, NO_STACK);
            }
        });

        it('Should reject a malformed repository or a tag with exit 2', async () => {
            const run = await runCli(['tags', 'pytorch'], simEnv(sim));
            assert.equal(run.code, 2);
            assert.match(run.stderr, /ORG\/\[TEAM\/\]REPO/);
            assert.equal((await runCli(['tags', 'nvidia/pytorch:25.03-py3'], simEnv(sim))).code, 2);
        });
    });

    describe('secrets', () => {
        it('Should never print a key nor send it anywhere but Authorization to NGC hosts', async () => {
            const runs: [string, CliRun][] = [];
            sim.clearRequests();
            const commands = [
                ['whoami', '--verbose'],
                ['search', 'detector', '--verbose'],
                ['tags', 'acme/vision/detector', '--verbose'],
                ['tags', 'nvidia/pytorch', '--json'],
            ];
            for (const key of Object.values(sim.keys)) {
                for (const args of commands) {
                    runs.push([key, await runCli(args, simEnv(sim, key))]);
                }
            }
            for (const [key, run] of runs) {
                assert.ok(!run.stdout.includes(key), `stdout leaks ${key.slice(0, 10)}…`);
                assert.ok(!run.stderr.includes(key), `stderr leaks ${key.slice(0, 10)}…`);
                assert.ok(
                    !run.stderr.includes(Buffer.from(`$oauthtoken:${key}`).toString('base64')),
                    'stderr leaks Basic credentials',
                );
            }
            assert.ok(
                runs.some(([, r]) => /debug:/.test(r.stderr)),
                'verbose runs produced log lines to scan',
            );
            assert.ok(sim.requests.length > 0);
            for (const request of sim.requests) {
                for (const key of Object.values(sim.keys)) {
                    const basic = Buffer.from(`$oauthtoken:${key}`).toString('base64');
                    assert.ok(!request.url.includes(key), `${request.host} ${request.url} carries a key in the URL`);
                    for (const [name, value] of Object.entries(request.headers)) {
                        const carries = value.includes(key) || value.includes(basic);
                        if (!carries) {
                            continue;
                        }
                        assert.equal(name, 'authorization', `${request.host} got a key in header ${name}`);
                        assert.notEqual(request.host, 'files', 'the presigned file host got a key');
                    }
                }
            }
        });
    });
});
