import { Badge, Tooltip } from '@mantine/core';
import { useEffect } from 'react';
import { useLocation } from 'react-router-dom';
import { useCounts } from './liveApi';
import { useInboxStream } from './useInboxStream';

const APP = 'West Message';

/**
 * The Inbox entry's badge in the navigation: open conversations unread by me. It also keeps the
 * account's inbox stream open while the app is (so counts, lists and threads are live on every
 * page) and puts the count in the tab title: "(3) Inbox — West Message".
 */
export function InboxNavBadge() {
  useInboxStream();
  const counts = useCounts();
  const { pathname } = useLocation();
  const unread = counts.data?.unread ?? 0;
  const inInbox = pathname === '/inbox' || pathname.startsWith('/inbox/');

  useEffect(() => {
    const prefix = unread > 0 ? `(${unread}) ` : '';
    const base = document.title.replace(/^\(\d+\) /, '');
    if (inInbox) document.title = `${prefix}Inbox — ${APP}`;
    else if (base === APP || base.startsWith('Inbox — ')) document.title = `${prefix}${APP}`;
    else document.title = `${prefix}${base}`;
  }, [unread, inInbox]);
  useEffect(() => () => void (document.title = document.title.replace(/^\(\d+\) /, '')), []);

  if (!counts.data || unread === 0) return null;
  return (
    <Tooltip label={`${unread} unread · ${counts.data.needsReply} waiting for a reply · ${counts.data.mine} assigned to you`} withArrow>
      <Badge size="sm" circle={unread < 10} variant="filled" color="west" data-testid="inbox-unread-badge" data-unread={unread}>
        {unread > 99 ? '99+' : unread}
      </Badge>
    </Tooltip>
  );
}
