import { Avatar, Group, Text, Tooltip } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useSession } from '../../auth';
import { sendPresence, usePresence, type Presence, type PresenceState } from './liveApi';

/** A "viewing" heartbeat this often while the conversation is open (the server keeps one 15 s). */
const BEAT_MS = 5_000;
/** A keystroke beats "typing" at most this often; "typing" ends this long after the last one. */
const TYPING_BEAT_MS = 2_000;
const TYPING_IDLE_MS = 4_000;

const initials = (name: string) => name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]!.toUpperCase()).join('') || '?';

/** Tells the server (every few seconds) that I am viewing this conversation, or typing in its composer. */
function useHeartbeat(conversationId: string, onAnswer: (people: Presence[]) => void) {
  const answer = useRef(onAnswer);
  answer.current = onAnswer;
  useEffect(() => {
    let state: PresenceState = 'viewing';
    let lastTypingBeat = 0;
    let idle: ReturnType<typeof setTimeout> | null = null;
    const beat = (s: PresenceState) => {
      if (document.visibilityState !== 'visible') return;
      sendPresence(conversationId, s).then((r) => answer.current(r.data)).catch(() => undefined);
    };
    beat('viewing');
    const timer = setInterval(() => beat(state), BEAT_MS);
    // Typing is seen on the composer's text field (any component may render it).
    const onInput = (e: Event) => {
      const t = e.target as HTMLElement | null;
      if (!t?.closest?.('[data-testid="composer"]')) return;
      state = 'typing';
      if (Date.now() - lastTypingBeat > TYPING_BEAT_MS) {
        lastTypingBeat = Date.now();
        beat('typing');
      }
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => {
        state = 'viewing';
        lastTypingBeat = 0;
        beat('viewing');
      }, TYPING_IDLE_MS);
    };
    const onVisible = () => document.visibilityState === 'visible' && beat(state);
    document.addEventListener('input', onInput, true);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      if (idle) clearTimeout(idle);
      document.removeEventListener('input', onInput, true);
      document.removeEventListener('visibilitychange', onVisible);
      void sendPresence(conversationId, 'left').catch(() => undefined);
    };
  }, [conversationId]);
}

/**
 * Collision detection in the conversation header: who else is viewing ("Ana is viewing") or
 * typing ("Ana is typing…") here right now, live from the account stream.
 */
export function PresenceBar({ conversationId }: { conversationId: string }) {
  const { user } = useSession();
  const live = usePresence(conversationId);
  const [answered, setAnswered] = useState<Presence[] | null>(null);
  useHeartbeat(conversationId, setAnswered);
  // The stream's snapshot once it has one for this conversation, else the heartbeat's answer.
  const people = (live ?? answered ?? []).filter((p) => p.userId !== user.id);
  if (!people.length) return null;
  const typing = people.filter((p) => p.state === 'typing');
  const first = (typing[0] ?? people[0]).name || 'Someone';
  const others = people.length - 1;
  const text = typing.length
    ? `${first}${typing.length > 1 ? ` and ${typing.length - 1} more` : ''} ${typing.length > 1 ? 'are' : 'is'} typing…`
    : `${first}${others ? ` and ${others} more` : ''} ${others ? 'are' : 'is'} viewing`;
  return (
    <Group gap={6} wrap="nowrap" data-testid="presence-bar" data-typing={typing.length > 0 || undefined}>
      <Avatar.Group spacing={6}>
        {people.slice(0, 3).map((p) => (
          <Tooltip key={p.userId} label={`${p.name} · ${p.state}`} withArrow>
            <Avatar size={20} radius="xl" color={p.state === 'typing' ? 'orange' : 'west'} variant="filled">
              <Text size="9px" fw={700}>{initials(p.name)}</Text>
            </Avatar>
          </Tooltip>
        ))}
      </Avatar.Group>
      <Text size="xs" c={typing.length ? 'orange.8' : 'dimmed'} fw={typing.length ? 600 : undefined} data-testid="presence-text">
        {text}
      </Text>
    </Group>
  );
}
