import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attachContext } from '../../../../src/core/diagnose/context';
import { HttpError } from '../../../../src/core/http/errors';
import { diagnoseForUi } from '../../../../src/extension/platform/diagnosis';

function forbidden(keyKind: 'none' | 'personal') {
    const error = new HttpError({
        kind: 'status',
        status: 403,
        url: 'https://api.ngc.nvidia.com/v2/org/nvidia/repos/nvaie-pytorch/images',
    });
    return attachContext(error, {
        keyKind,
        keyOrgs: keyKind === 'none' ? undefined : ['acme'],
        org: 'nvidia',
        artifact: 'nvidia/nvaie-pytorch',
        operation: 'read',
        productNames: ['nv-ai-enterprise'],
    });
}

describe('diagnoseForUi (unit)', () => {
    it('Should give "not entitled" a fix that opens the catalog page when a key is set', () => {
        const d = diagnoseForUi(forbidden('personal'));
        assert.equal(d.cause, 'notEntitled');
        assert.equal(d.action, 'openCatalogPage');
    });

    it('Should offer Set API Key for "not entitled" when browsing as a guest', () => {
        const d = diagnoseForUi(forbidden('none'));
        assert.equal(d.cause, 'notEntitled');
        assert.equal(d.action, 'setApiKey');
    });

    it("Should keep core's own action for other causes", () => {
        const error = attachContext(
            new HttpError({ kind: 'status', status: 401, url: 'https://api.ngc.nvidia.com/v2/org/acme/repos' }),
            { keyKind: 'none', org: 'acme' },
        );
        assert.equal(diagnoseForUi(error).action, 'setApiKey');
    });
});
