/** What a cloud stand-in handler receives and answers (cloudHosts.ts serves them over HTTP). */
export interface CloudRequest {
    method: string;
    url: URL;
    headers: Record<string, string>;
    body: Buffer;
}

export interface CloudResponse {
    status: number;
    headers: Record<string, string>;
    body: string;
}
