import { Alert, Anchor, Box, Button, Center, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { useState } from 'react';
import { Link, Outlet, useMatch, useParams, useSearchParams } from 'react-router-dom';
import { canManageNumbers, canStartConversations, isPartnerAccount, useSession } from '../../auth';
import { InboxIcon } from '../../components/icons';
import { PageHeader } from '../../components/PageHeader';
import { ConversationList } from './ConversationList';
import { EMPTY_FILTERS, type ListFilters } from './liveApi';
import { ShortcutHelp } from './ShortcutHelp';
import { ConversationView } from './ConversationView';
import { useNumbers } from './inboxApi';
import type { ConversationStatus } from './inboxTypes';
import { NewMessageModal } from './NewMessageModal';
import { SimulateInboundModal } from './SimulateInboundModal';

/** /inbox: the conversation list on the left, the selected conversation (a child route) on the right. */
export function InboxPage() {
  const me = useSession();
  const { user } = me;
  const partner = isPartnerAccount(me);
  // A partner's agent in a client's account replies in the conversations its grant covers; it starts none (the server refuses).
  const canSend = canStartConversations(me);
  const activeId = useMatch('/inbox/:id')?.params.id;
  const [status, setStatus] = useState<ConversationStatus>('open');
  const [filters, setFilters] = useState<ListFilters>(EMPTY_FILTERS);
  // /inbox?to=<number> (the contact page's "Message") opens the new-message box prefilled.
  const [params, setParams] = useSearchParams();
  const composeTo = params.get('to') ?? '';
  const [composing, setComposing] = useState(() => composeTo !== '');
  const [simulating, setSimulating] = useState(false);
  const numbers = useNumbers();
  const all = numbers.data?.data ?? [];
  const simulatorNumbers = all.filter((n) => n.provider === 'simulator');
  const noNumbers = numbers.isSuccess && all.length === 0 && !partner;

  return (
    <Stack gap={0} h="calc(100dvh - var(--app-shell-header-height, 60px) - 2 * var(--mantine-spacing-lg))" mih={560}>
      <PageHeader
        title="Inbox"
        description="Text conversations with your customers. Replies and delivery updates appear as they happen. Press ? for keyboard shortcuts."
        actions={canSend && <Button onClick={() => setComposing(true)}>New message</Button>}
      />
      {noNumbers && (
        <Alert color="yellow" mb="md" title="You need a number to send and receive texts" data-testid="no-number-alert">
          {canManageNumbers(user.role) ? (
            <>
              Get one in{' '}
              <Anchor component={Link} to="/settings/numbers" inherit>
                Settings → Numbers
              </Anchor>
              .
            </>
          ) : (
            'Ask the owner or an admin to get one in Settings → Numbers.'
          )}
        </Alert>
      )}
      <Paper withBorder style={{ flex: 1, minHeight: 0, overflow: 'hidden', display: 'flex' }}>
        <Box
          w={{ base: '100%', md: 300, xl: 340 }}
          display={{ base: activeId ? 'none' : 'block', md: 'block' }}
          style={{ flexShrink: 0, borderRight: '1px solid var(--mantine-color-gray-3)' }}
        >
          <ConversationList
            state={status}
            onState={setStatus}
            filters={filters}
            onFilters={setFilters}
            activeId={activeId}
            actions={
              canSend &&
              simulatorNumbers.length > 0 && (
                <Button size="xs" variant="light" color="orange" onClick={() => setSimulating(true)}>
                  Simulate incoming text
                </Button>
              )
            }
          />
        </Box>
        <Box style={{ flex: 1, minWidth: 0 }} display={{ base: activeId ? 'block' : 'none', md: 'block' }}>
          <Outlet />
        </Box>
      </Paper>
      <ShortcutHelp />
      <NewMessageModal
        opened={composing}
        onClose={() => {
          setComposing(false);
          if (composeTo) setParams({}, { replace: true });
        }}
        numbers={all}
        noNumbers={noNumbers}
        initialTo={composeTo}
      />
      <SimulateInboundModal key={simulatorNumbers[0]?.id ?? 'none'} opened={simulating} onClose={() => setSimulating(false)} numbers={simulatorNumbers} />
    </Stack>
  );
}

/** /inbox with nothing selected. */
export function NoConversationSelected() {
  const canStart = canStartConversations(useSession());
  return (
    <Center h="100%" p="xl">
      <Stack align="center" gap="xs" maw={360}>
        <ThemeIcon size={48} radius="xl" variant="light">
          <InboxIcon size={26} />
        </ThemeIcon>
        <Text fw={600}>Pick a conversation</Text>
        <Text size="sm" c="dimmed" ta="center">
          {canStart ? 'Choose one on the left to read it and reply, or start a new one with “New message”.' : 'Choose one on the left to read it and reply.'}
        </Text>
      </Stack>
    </Center>
  );
}

/** /inbox/:id */
export function ConversationRoute() {
  const { id = '' } = useParams();
  return <ConversationView key={id} id={id} />;
}
