/**
 * The NGC simulator: five loopback origins standing in for api.ngc.nvidia.com, authn.nvidia.com, nvcr.io,
 * helm.ngc.nvidia.com and the presigned file host (xfiles.ngc.nvidia.com), over one deterministic seeded catalog,
 * with request recording and fault injection for tests. Behaviour follows research/ngc-api.md, section 11.
 */
import { buildIdentities, SIM_KEYS } from './auth/keys.js';
import type { SimKeys } from './auth/keys.js';
import { TokenStore } from './auth/tokens.js';
import { authnHandler } from './auth/authnHost.js';
import { apiHandler } from './api/apiHost.js';
import { Catalog } from './catalog/catalog.js';
import { SimClock } from './core/clock.js';
import type { SimContext } from './core/context.js';
import { startCloudHosts } from './cloud/cloudHosts.js';
import type { CloudHosts } from './cloud/cloudHosts.js';
import { FaultSet } from './core/faults.js';
import type { Fault as FaultType, FaultRule as FaultRuleType } from './core/faults.js';
import { startHost, stopHost } from './core/host.js';
import type { RecordedRequest as RecordedRequestType, RunningHost } from './core/host.js';
import { DEFAULT_MAX_PAGE_SIZE, type SimOptions, type SimUrls } from './core/options.js';
import type { Handler, HostName } from './core/types.js';
import { Link, resolveShape } from './core/shape.js';
import type { NetworkShape, ShapeEvent } from './core/shape.js';
import { startShapedProxy } from './core/shapeProxy.js';
import type { ShapedProxy } from './core/shapeProxy.js';
import { filesHandler } from './files/filesHost.js';
import { Presigner } from './files/presign.js';
import { helmHandler } from './helm/helmHost.js';
import { generateCosignKeys } from './registry/cosign.js';
import { registryHandler } from './registry/registryHost.js';

export type { SimOptions, SimUrls };
export type RecordedRequest = RecordedRequestType;
export type Fault = FaultType;
export type FaultRule = FaultRuleType;

export interface Simulator {
    urls: SimUrls;
    keys: SimKeys;
    requests: RecordedRequest[];
    clearRequests(): void;
    faults: { add(rule: FaultRule): void; clear(): void };
    clock: { now(): number; advance(seconds: number): void };
    expireTokens(): void;
    acceptLicense(key: string, artifact: string): void;
    publicKeyPem: string;
    /** Shape of the files and registry origins (undefined: loopback), its stalls and resets, connections opened. */
    network: { shape: NetworkShape | undefined; events(): ShapeEvent[]; connections(): number };
    /** The ECR and ACR stand-ins asked for in `options.cloud`: their origins and every request they got. */
    cloud: Pick<CloudHosts, 'urls' | 'requests'>;
    close(): Promise<void>;
}

/** Origins that carry bulk bytes, shaped when `options.shape` is set; the API, auth and helm hosts stay loopback. */
const SHAPED_HOSTS: ReadonlySet<HostName> = new Set(['files', 'registry']);

/** Fixed ports for `npm run sim --port-base N` (api=N … files=N+4); tests use 0 (any free port). */
export interface SimPorts {
    api: number;
    auth: number;
    registry: number;
    helm: number;
    files: number;
}

export async function startSimulator(options: SimOptions = {}, ports?: SimPorts): Promise<Simulator> {
    const resolved: Required<SimOptions> = {
        tokenTtlSeconds: options.tokenTtlSeconds ?? 900,
        registryTokenTtlSeconds: options.registryTokenTtlSeconds ?? 600,
        presignTtlSeconds: options.presignTtlSeconds ?? 300,
        redirectStatus: options.redirectStatus ?? 302,
        extraRepos: options.extraRepos ?? 0,
        benchData: options.benchData ?? false,
        maxPageSize: options.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE,
        shape: options.shape ?? 'loopback',
        cloud: options.cloud ?? {},
    };
    const shape = resolveShape(resolved.shape);
    const link = new Link(shape?.linkBytesPerSecond);
    const fronts = new Map<HostName, ShapedProxy>();
    const clock = new SimClock();
    const now = (): number => clock.now();
    const urls: SimUrls = { api: '', auth: '', registry: '', helm: '', files: '' };
    const ctx: SimContext = {
        options: resolved,
        clock,
        tokens: new TokenStore(now),
        identities: buildIdentities(resolved.extraRepos > 0),
        catalog: new Catalog(resolved.extraRepos, resolved.benchData),
        urls,
        presigner: new Presigner(now, resolved.presignTtlSeconds, () => urls.files),
        licenses: new Set(),
        cosign: generateCosignKeys(),
    };
    const requests: RecordedRequest[] = [];
    const faults = new FaultSet();
    const deps = { faults, requests, now };
    const handlers: [HostName, Handler][] = [
        ['api', apiHandler(ctx)],
        ['auth', authnHandler(ctx)],
        ['registry', registryHandler(ctx)],
        ['helm', helmHandler(ctx)],
        ['files', filesHandler(ctx)],
    ];
    const hosts: RunningHost[] = [];
    try {
        for (const [name, handler] of handlers) {
            const shaped = shape !== undefined && SHAPED_HOSTS.has(name) ? shape : undefined;
            const host = await startHost(name, handler, deps, shaped ? 0 : (ports?.[name] ?? 0));
            hosts.push(host);
            if (shaped) {
                fronts.set(name, await startShapedProxy(host.port, shaped, link, ports?.[name] ?? 0));
            }
        }
    } catch (error) {
        await Promise.all([...hosts.map(stopHost), ...[...fronts.values()].map((p) => p.close())]);
        throw error;
    }
    let cloud: CloudHosts;
    try {
        cloud = await startCloudHosts(resolved.cloud, now);
    } catch (error) {
        await Promise.all([...hosts.map(stopHost), ...[...fronts.values()].map((p) => p.close())]);
        throw error;
    }
    const [api, auth, registry, helm, files] = hosts as [
        RunningHost,
        RunningHost,
        RunningHost,
        RunningHost,
        RunningHost,
    ];
    urls.api = api.origin;
    urls.auth = auth.origin;
    urls.registry = `127.0.0.1:${(fronts.get('registry') ?? registry).port}`;
    urls.helm = helm.origin;
    urls.files = (fronts.get('files') ?? files).origin;

    return {
        urls,
        keys: { ...SIM_KEYS },
        requests,
        clearRequests: () => {
            requests.length = 0;
        },
        faults: { add: (rule) => faults.add(rule), clear: () => faults.clear() },
        clock: { now, advance: (seconds) => clock.advance(seconds) },
        expireTokens: () => ctx.tokens.expireAll(),
        acceptLicense: (key, artifact) => {
            ctx.licenses.add(`${key}|${artifact}`);
        },
        publicKeyPem: ctx.cosign.publicKeyPem,
        network: {
            shape,
            events: () => [...fronts.values()].flatMap((p) => p.events),
            connections: () => [...fronts.values()].reduce((sum, p) => sum + p.connections(), 0),
        },
        cloud: { urls: cloud.urls, requests: cloud.requests },
        close: async () => {
            await Promise.all([...hosts.map(stopHost), ...[...fronts.values()].map((p) => p.close()), cloud.close()]);
        },
    };
}
