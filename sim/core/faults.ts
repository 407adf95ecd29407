/**
 * Fault injection. Real NGC hosts rate-limit (429), fail (5xx), reset connections mid-download and occasionally
 * answer an HTML error page where JSON was expected; tests inject those here. The first matching rule wins and its
 * `times` counter is decremented.
 */
import type { HostName } from './types.js';

export type Fault =
    | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string | object }
    | { kind: 'drop'; afterBytes?: number }
    | { kind: 'truncate'; bytes: number }
    | { kind: 'corrupt' }
    | { kind: 'slow'; bytesPerSecond: number }
    | { kind: 'html' }
    | { kind: 'json'; body: unknown; status?: number };

export interface FaultRule {
    host?: HostName;
    method?: string;
    /** A string is a prefix of the pathname; a RegExp is tested against the pathname and against path+query. */
    path?: string | RegExp;
    /** How many requests this rule applies to; unlimited when absent. */
    times?: number;
    fault: Fault;
}

/** The mutable list of fault rules shared by every host. */
export class FaultSet {
    private rules: FaultRule[] = [];

    add(rule: FaultRule): void {
        this.rules.push({ ...rule });
    }

    clear(): void {
        this.rules = [];
    }

    /** Finds and consumes the first rule matching this request. */
    take(host: HostName, method: string, pathname: string, pathAndQuery: string): Fault | undefined {
        const index = this.rules.findIndex((rule) => matches(rule, host, method, pathname, pathAndQuery));
        const rule = this.rules[index];
        if (rule === undefined) {
            return undefined;
        }
        if (rule.times !== undefined) {
            rule.times -= 1;
            if (rule.times <= 0) {
                this.rules.splice(index, 1);
            }
        }
        return rule.fault;
    }
}

function matches(rule: FaultRule, host: HostName, method: string, pathname: string, pathAndQuery: string): boolean {
    if (rule.times !== undefined && rule.times <= 0) {
        return false;
    }
    if (rule.host !== undefined && rule.host !== host) {
        return false;
    }
    if (rule.method !== undefined && rule.method.toUpperCase() !== method) {
        return false;
    }
    if (typeof rule.path === 'string') {
        return pathname.startsWith(rule.path);
    }
    if (rule.path instanceof RegExp) {
        return rule.path.test(pathname) || rule.path.test(pathAndQuery);
    }
    return true;
}
