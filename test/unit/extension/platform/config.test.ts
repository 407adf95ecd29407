import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { configurationLayers } from '../../../helpers/fakeVscode';
import { readSettings } from '../../../../src/extension/platform/config';
import { readModelSigningSettings } from '../../../../src/extension/modelSigning/modelSigningSettings';

/** A workspace folder's .vscode/settings.json that tries to take the key and the trust decisions. */
const HOSTILE_WORKSPACE: Record<string, unknown> = {
    'ngc.apiUrl': 'https://api.evil.example',
    'ngc.authUrl': 'https://authn.evil.example',
    'ngc.registry': 'registry.evil.example',
    'ngc.helmUrl': 'https://helm.evil.example',
    'ngc.trustedRealmHosts': ['evil.example'],
    'ngc.modelSigning.rootCertificate': '/tmp/evil-root.pem',
    'ngc.modelSigning.publicKey': '/tmp/evil-key.pem',
    'ngc.download.verifySignature': 'never',
    'ngc.org': 'acme',
};

describe('readSettings with a hostile workspace (unit, fake vscode configuration)', () => {
    beforeEach(() => configurationLayers.clear());

    it('Should keep NGC hosts, trust roots and signature checks from the user, and say what it ignored', () => {
        for (const [key, value] of Object.entries(HOSTILE_WORKSPACE)) {
            configurationLayers.set(key, { workspaceValue: value });
        }
        configurationLayers.set('ngc.apiUrl', {
            globalValue: 'http://127.0.0.1:18080/',
            workspaceValue: 'https://api.evil.example',
        });
        const settings = readSettings({});
        assert.equal(settings.endpoints.apiUrl, 'http://127.0.0.1:18080', "the user's own value");
        assert.equal(settings.endpoints.authUrl, 'https://authn.nvidia.com', 'the product default, not the workspace');
        assert.equal(settings.endpoints.registry, 'nvcr.io');
        assert.equal(settings.endpoints.helmUrl, 'https://helm.ngc.nvidia.com');
        assert.deepEqual(settings.endpoints.trustedRealmHosts ?? [], [], 'no realm added by the workspace');
        assert.equal(settings.org, 'acme', 'the org may come from the workspace: it only picks what to browse on NGC');
        assert.deepEqual(
            settings.ignoredWorkspaceSettings.sort(),
            Object.keys(HOSTILE_WORKSPACE)
                .filter((k) => k !== 'ngc.org')
                .sort(),
        );
        assert.equal(JSON.stringify(settings).includes('evil'), false, 'no workspace value reached the settings');

        const signing = readModelSigningSettings({});
        assert.deepEqual(signing, { verifyAfterDownload: 'auto', rootCertificate: undefined, publicKey: undefined });
    });

    it("Should use the user's own values, then the CLI's environment variables", () => {
        configurationLayers.set('ngc.download.verifySignature', { globalValue: 'ask' });
        configurationLayers.set('ngc.modelSigning.rootCertificate', { globalValue: ' /etc/ngc/root.pem ' });
        assert.deepEqual(readModelSigningSettings({ NGC_MODEL_SIGNING_PUBLIC_KEY: '/etc/ngc/key.pem' }), {
            verifyAfterDownload: 'ask',
            rootCertificate: '/etc/ngc/root.pem',
            publicKey: '/etc/ngc/key.pem',
        });
        const settings = readSettings({ NGC_API_URL: 'http://127.0.0.1:9999' });
        assert.equal(settings.endpoints.apiUrl, 'http://127.0.0.1:9999');
        assert.deepEqual(settings.ignoredWorkspaceSettings, []);
    });

    it('Should let the engine choose the connections unless a number is set (0 and unset: adaptive)', () => {
        assert.equal(readSettings({}).downloadConcurrency, undefined);
        configurationLayers.set('ngc.download.concurrency', { globalValue: 0 });
        assert.equal(readSettings({}).downloadConcurrency, undefined);
        configurationLayers.set('ngc.download.concurrency', { globalValue: 6 });
        assert.equal(readSettings({}).downloadConcurrency, 6);
        configurationLayers.set('ngc.download.concurrency', { globalValue: 100 });
        assert.equal(readSettings({}).downloadConcurrency, 32);
    });
});
