import { Anchor, Text, type TextProps } from '@mantine/core';
import type { ReactNode } from 'react';

const URL_RE = /(https?:\/\/[^\s<>"]+)/g;

/** Plain text with http(s) URLs turned into links; keeps line breaks. */
export function LinkifiedText({ text, ...props }: TextProps & { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    let url = match[0];
    // Leave sentence punctuation outside the link.
    const trailing = /[.,;:!?)\]]+$/.exec(url)?.[0] ?? '';
    if (trailing) url = url.slice(0, -trailing.length);
    const start = match.index ?? 0;
    parts.push(text.slice(last, start));
    parts.push(
      <Anchor key={start} href={url} inherit style={{ wordBreak: 'break-all' }}>
        {url}
      </Anchor>,
    );
    last = start + url.length;
  }
  parts.push(text.slice(last));
  return (
    <Text className="wm-prewrap" {...props}>
      {parts}
    </Text>
  );
}
