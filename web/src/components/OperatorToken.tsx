import { Button, Group, Paper, PasswordInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { operatorHeaders, useOperatorMe } from '../operator';

const STORAGE_KEY = 'wm_operator_token'; // tab-scoped: the operator pages share it

function readToken(): string {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

/**
 * How an operator page calls the API: the operator session when one is signed in (password + TOTP,
 * /operator/signin), else the bootstrap token typed into the page (a fallback while the token is on),
 * kept for this browser tab only (memory when storage is unavailable).
 */
export function useOperatorToken() {
  const [token, setToken] = useState(readToken);
  const me = useOperatorMe();
  const session = me.data?.via === 'session';
  const save = (value: string) => {
    const t = value.trim();
    try {
      if (t) sessionStorage.setItem(STORAGE_KEY, t);
      else sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      /* storage unavailable: keep it in memory only */
    }
    setToken(t);
  };
  const auth: Record<string, string> = session ? operatorHeaders() : { authorization: `Bearer ${token}` };
  return { token, save, session, ready: session || token !== '', auth };
}

/** The token form of the operator pages; `children` go beside the submit button. */
export function OperatorTokenForm({ token, onSave, submitLabel, children }: { token: string; onSave: (value: string) => void; submitLabel: string; children?: ReactNode }) {
  const [draft, setDraft] = useState(token);
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSave(draft);
        }}
      >
        <Group align="flex-end">
          <PasswordInput
            label="Operator token"
            description="Set by the server operator (OPERATOR_TOKEN). Kept only for this browser tab."
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button type="submit">{submitLabel}</Button>
          {children}
        </Group>
      </form>
    </Paper>
  );
}
