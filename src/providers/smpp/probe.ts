/** test(): one short bind with the connection's credentials (transmitter when the connection binds TX+RX), then unbind. */
import smpp from 'smpp';
import { statusName } from './codec.js';
import { connectErrorCode, connectOptions, type SmppSettings } from './settings.js';

const AUTH = new Set([0x0d, 0x0e, 0x0f]);

export function testBind(s: SmppSettings): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  return new Promise((resolve) => {
    let done = false;
    const session = smpp.connect(connectOptions(s));
    const finish = (r: { ok: true } | { ok: false; code: string; message: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      session.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ok: false, code: 'timeout', message: `no answer from ${s.host}:${s.port} within ${s.responseTimeoutMs} ms` }), s.responseTimeoutMs);
    session.on('error', (e: Error) => finish({ ok: false, code: connectErrorCode(e), message: e.message }));
    session.on('close', () => finish({ ok: false, code: 'unreachable', message: 'the SMSC closed the connection' }));
    session.on(s.tls ? 'secureConnect' : 'connect', () => {
      session.socket.setNoDelay(true);
      const cmd = s.bind === 'tx_rx' ? 'bind_transmitter' : 'bind_transceiver';
      session[cmd]({ system_id: s.systemId, password: s.password, system_type: s.systemType, interface_version: 0x34 }, (pdu) => {
        if (pdu.command_status === 0) {
          session.unbind(() => finish({ ok: true }));
          return;
        }
        const name = statusName(pdu.command_status, smpp.errors);
        finish({ ok: false, code: AUTH.has(pdu.command_status) ? 'auth_failed' : 'bind_failed', message: `bind refused: ${name}` });
      });
    });
  });
}
