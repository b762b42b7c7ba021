/** Minimal types for the `smpp` package (0.5.1, untyped): only what the SMPP carrier and its test SMSC use. */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  /** A decoded PDU: header fields plus whatever mandatory parameters and TLVs the command carries. */
  export interface PDU {
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): PDU;
    toBuffer(): Buffer;
  }

  export interface Session extends EventEmitter {
    socket: Socket;
    send(pdu: PDU, onResponse?: (pdu: PDU) => void, onSent?: (pdu: PDU) => void): boolean;
    close(cb?: () => void): void;
    destroy(cb?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver(options: Record<string, unknown>, onResponse?: (pdu: PDU) => void): boolean;
    bind_transmitter(options: Record<string, unknown>, onResponse?: (pdu: PDU) => void): boolean;
    bind_receiver(options: Record<string, unknown>, onResponse?: (pdu: PDU) => void): boolean;
    submit_sm(options: Record<string, unknown>, onResponse?: (pdu: PDU) => void): boolean;
    deliver_sm(options: Record<string, unknown>, onResponse?: (pdu: PDU) => void): boolean;
    enquire_link(options?: Record<string, unknown> | ((pdu: PDU) => void), onResponse?: (pdu: PDU) => void): boolean;
    unbind(options?: Record<string, unknown> | ((pdu: PDU) => void), onResponse?: (pdu: PDU) => void): boolean;
  }

  export interface Server extends NetServer {
    sessions: Session[];
  }

  export function connect(options: { host: string; port: number; tls?: boolean; [k: string]: unknown }): Session;
  export function createServer(options: Record<string, unknown>, listener?: (session: Session) => void): Server;
  export function createServer(listener?: (session: Session) => void): Server;

  export const PDU: { new (command: string, options?: Record<string, unknown>): PDU };
  export const errors: Record<string, number>;

  const smpp: {
    connect: typeof connect;
    createServer: typeof createServer;
    PDU: typeof PDU;
    errors: typeof errors;
  };
  export default smpp;
}
