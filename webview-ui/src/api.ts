import { hostMessageSchema, type HostMessage, type PanelState, type WebviewMessage } from '../../src/protocol/details';

interface VsCodeApi {
    postMessage(message: unknown): void;
    setState(state: unknown): void;
    getState(): unknown;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

/** Typed post over the protocol module; the host validates again on receipt. */
export function post(message: WebviewMessage): void {
    vscode.postMessage(message);
}

/** Persists what the serializer needs to restore the panel after a reload. */
export function saveState(state: PanelState): void {
    vscode.setState(state);
}

/** Listens for host messages, dropping anything that does not match the protocol. */
export function onHostMessage(handler: (message: HostMessage) => void): void {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
        const parsed = hostMessageSchema.safeParse(event.data);
        if (parsed.success) {
            handler(parsed.data);
        } else {
            console.warn('ngc details: ignored a malformed host message', parsed.error.issues[0]?.message);
        }
    });
}
