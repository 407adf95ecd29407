/**
 * The NGC REST error/success envelope and list pagination (ngc-api.md 2.5 and 3.4). Every api.ngc.nvidia.com JSON body
 * carries `requestStatus {statusCode, statusDescription, requestId}`; lists carry `paginationInfo` and page with
 * `page-size` and a 0-based `page-number`.
 */
import { randomUUID } from 'node:crypto';
import { jsonResponse } from './types.js';
import type { SimResponse } from './types.js';

/** HTTP status → NGC `statusCode` enum value (NGCGO `shared.go`). */
const STATUS_CODES: Record<number, string> = {
    200: 'SUCCESS',
    400: 'INVALID_REQUEST',
    401: 'UNAUTHORIZED',
    402: 'PAYMENT_REQUIRED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    409: 'CONFLICT',
    412: 'PRECONDITION_FAILED',
    413: 'PAYLOAD_TOO_LARGE',
    422: 'UNPROCESSABLE_ENTITY',
    429: 'TOO_MANY_REQUESTS',
    451: 'UNAVAILABLE_FOR_LEGAL_REASONS',
    500: 'INTERNAL_ERROR',
    502: 'BAD_GATEWAY',
    503: 'SERVICE_UNAVAILABLE',
    504: 'TIMEOUT',
};

/** The NGC `statusCode` string for an HTTP status. */
export function statusCodeName(status: number): string {
    return STATUS_CODES[status] ?? (status < 400 ? 'SUCCESS' : 'UNKNOWN');
}

export interface RequestStatus {
    statusCode: string;
    statusDescription?: string;
    requestId: string;
    serverId: string;
}

/** A fresh `requestStatus` object with a UUID `requestId`, as NGC echoes in every body. */
export function requestStatus(status = 200, description?: string): RequestStatus {
    const rs: RequestStatus = { statusCode: statusCodeName(status), requestId: randomUUID(), serverId: 'ngc-sim' };
    if (description !== undefined) {
        rs.statusDescription = description;
    }
    return rs;
}

/** A successful NGC JSON body: `value` plus `requestStatus`. */
export function ok(value: Record<string, unknown>, headers: Record<string, string> = {}): SimResponse {
    return jsonResponse(200, { ...value, requestStatus: requestStatus(200) }, headers);
}

/** An NGC error: the bare `{requestStatus}` envelope, e.g. 403 `FORBIDDEN` "Access Denied". */
export function apiError(status: number, description: string, headers: Record<string, string> = {}): SimResponse {
    return jsonResponse(status, { requestStatus: requestStatus(status, description) }, headers);
}

export interface PaginationInfo {
    index: number;
    size: number;
    totalPages: number;
    totalResults: number;
    nextPage: string;
}

export interface Page<T> {
    items: T[];
    paginationInfo: PaginationInfo;
}

/** Reads `page-size` and `page-number` (0-based, absent means 0); page size clamped to [1, maxPageSize]. */
export function pageParams(url: URL, maxPageSize: number, defaultSize = 100): { size: number; number: number } {
    const rawSize = Number.parseInt(url.searchParams.get('page-size') ?? '', 10);
    const rawNumber = Number.parseInt(url.searchParams.get('page-number') ?? '', 10);
    const size = Math.min(Math.max(Number.isFinite(rawSize) ? rawSize : defaultSize, 1), maxPageSize);
    const number = Math.max(Number.isFinite(rawNumber) ? rawNumber : 0, 0);
    return { size, number };
}

/**
 * One page of a list whose items are produced by index (so a 10 000-item list costs only the page). A page past the
 * end is empty with totals intact.
 */
export function pageOf<T>(total: number, at: (i: number) => T, size: number, number: number): Page<T> {
    const start = number * size;
    const end = Math.min(start + size, total);
    const items: T[] = [];
    for (let i = start; i < end; i++) {
        items.push(at(i));
    }
    return {
        items,
        paginationInfo: {
            index: number,
            size: items.length,
            totalPages: Math.ceil(total / size),
            totalResults: total,
            nextPage: '',
        },
    };
}

/** {@link pageOf} over an array. */
export function pageArray<T>(all: readonly T[], size: number, number: number): Page<T> {
    return pageOf(all.length, (i) => all[i] as T, size, number);
}
