import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { NgcCatalogSource } from '../../src/core/catalog/ngcCatalogSource';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { nullLog } from '../../src/core/lib/log';
import { listFiles, listVersions } from '../../src/core/ngc/artifacts';
import { listTags } from '../../src/core/ngc/repos';
import type { Simulator } from '../../sim/server';
import { captureOutput } from '../helpers/commandRunner';
import { simEnv } from './cliRunner';
import { useSimulator, type SimClients } from './ngcHelpers';

/** The words every service-key 403 must carry: what the key is, what it can do, what to use instead. */
function assertServiceKeyDiagnosis(error: unknown, label: string): void {
    const d = diagnose(error);
    assert.equal(d.cause, 'serviceKeyCannotList', `${label}: cause`);
    assert.equal(d.exitCode, 4, `${label}: exit code`);
    const words = `${d.title} ${d.remedy}`;
    assert.match(words, /service key/i, `${label}: names the service key`);
    assert.match(words, /pull images and read or download/, `${label}: says what it can do`);
    assert.match(words, /personal key/, `${label}: says what to use instead`);
    assert.doesNotMatch(words, /not a member/i, `${label}: no membership advice`);
}

async function cli(sim: Simulator, args: string[]) {
    const io = captureOutput();
    const code = await main(args, io, simEnv(sim, sim.keys.service));
    return { code, stdout: io.out, stderr: io.err };
}

describe("(integration) a service key's 403 says so everywhere", () => {
    let sim: Simulator;
    let c: SimClients;
    useSimulator({}, (s, clients) => {
        sim = s;
        c = clients;
    });
    const resnet = { org: 'acme', team: 'vision', name: 'resnet-custom' };

    it('Should name the service key, what it can do and the personal key for tags, versions and file lists', async () => {
        const client = c.make(sim.keys.service);
        const calls: [string, () => Promise<unknown>][] = [
            ['tags', () => listTags(client, { org: 'acme', name: 'base' })],
            ['versions', () => listVersions(client, 'model', resnet)],
            ['files', () => listFiles(client, 'model', resnet, '1.0')],
        ];
        for (const [label, call] of calls) {
            await assert.rejects(call(), (e: unknown) => {
                assertServiceKeyDiagnosis(e, label);
                return true;
            });
        }
    });

    it('Should say so in the tree and the details panel (catalog source: tags, versions, files, listings)', async () => {
        const source = new NgcCatalogSource(c.make(sim.keys.service), nullLog);
        const calls: [string, () => Promise<unknown>][] = [
            ['tree tags', () => source.tags({ kind: 'container', org: 'acme', name: 'base' }, 0)],
            ['tree versions', () => source.versions({ kind: 'model', ...resnet }, 0)],
            ['details files', () => source.files({ kind: 'model', ...resnet }, '1.0')],
            ['tree repositories', () => source.artifacts({ org: 'acme' }, 'container', 0)],
            ['tree models', () => source.artifacts({ org: 'acme', team: 'vision' }, 'model', 0)],
        ];
        for (const [label, call] of calls) {
            await assert.rejects(call(), (e: unknown) => {
                assertServiceKeyDiagnosis(e, label);
                return true;
            });
        }
        const details = await source.details({ kind: 'container', org: 'acme', name: 'base' });
        assert.equal(details.name, 'base', 'a direct read by full path still works');
    });

    it('Should print the service-key diagnosis from the tags command and exit 4', async () => {
        const result = await cli(sim, ['tags', 'acme/base']);
        assert.equal(result.code, 4);
        assert.match(result.stderr, /service key/);
        assert.match(result.stderr, /personal key/);
        assert.doesNotMatch(result.stderr, /Not permitted in/);
    });

    it('Should say in whoami that the key is a service key and what it can do', async () => {
        const human = await cli(sim, ['whoami']);
        assert.equal(human.code, 0, human.stderr);
        assert.match(human.stdout, /Key type\s+service key/);
        assert.match(human.stdout, /cannot list or search/);
        const json = JSON.parse((await cli(sim, ['whoami', '--json'])).stdout) as { keyType: string; note?: string };
        assert.equal(json.keyType, 'service');
        assert.match(json.note ?? '', /personal key/);
    });
});
