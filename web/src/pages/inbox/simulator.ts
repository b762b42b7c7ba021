import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../../api';
import { CONVERSATIONS_KEY } from './inboxApi';
import type { Message } from './inboxTypes';

export type SimulatedInbound = Message & { conversationId: string };

/** POST /v1/simulator/inbound: a customer's text to one of the account's simulator numbers. */
export function useSimulateInbound(onDone: (m: SimulatedInbound) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { from: string; to: string; body: string }) => post<SimulatedInbound>('/v1/simulator/inbound', v),
    onSuccess: (m) => {
      void qc.invalidateQueries({ queryKey: CONVERSATIONS_KEY });
      onDone(m);
    },
  });
}
