import * as vscode from 'vscode';
import { createLog, type Log, type LogLevel } from '../../core/lib/log';

/**
 * The one LogOutputChannel. Levels follow the user's "Set Log Level" choice (the channel filters), so core logs at
 * every level; each line is redacted by `createLog` before it reaches the channel and tagged with `[component]`.
 */
export class ChannelLog {
    readonly channel: vscode.LogOutputChannel;

    constructor(name = 'NGC Explorer') {
        this.channel = vscode.window.createOutputChannel(name, { log: true });
    }

    /** A core `Log` for one component. */
    for(component: string): Log {
        return createLog((level, line) => this.write(level, line), component, 'trace');
    }

    show(): void {
        this.channel.show(true);
    }

    dispose(): void {
        this.channel.dispose();
    }

    private write(level: LogLevel, line: string): void {
        switch (level) {
            case 'trace':
                this.channel.trace(line);
                break;
            case 'debug':
                this.channel.debug(line);
                break;
            case 'info':
                this.channel.info(line);
                break;
            case 'warn':
                this.channel.warn(line);
                break;
            case 'error':
                this.channel.error(line);
                break;
        }
    }
}
