import { Anchor, List, Table, Text, Title } from '@mantine/core';
import ReactMarkdown, { type Components } from 'react-markdown';

/**
 * Markdown of a legal document, rendered by react-markdown: raw HTML in the source is not
 * rendered (no rehype-raw), and links go through its URL filter (no javascript: links).
 */
const components: Components = {
  h1: ({ children }) => <Title order={2} mt="md">{children}</Title>,
  h2: ({ children }) => <Title order={3} mt="md">{children}</Title>,
  h3: ({ children }) => <Title order={4} mt="sm">{children}</Title>,
  h4: ({ children }) => <Title order={5} mt="sm">{children}</Title>,
  p: ({ children }) => <Text lh={1.65} mb="sm">{children}</Text>,
  a: ({ href, children }) => (
    <Anchor href={href} target={href?.startsWith('/') ? undefined : '_blank'} rel="noopener noreferrer">
      {children}
    </Anchor>
  ),
  ul: ({ children }) => <List withPadding>{children}</List>,
  ol: ({ children }) => <List type="ordered" withPadding>{children}</List>,
  li: ({ children }) => <List.Item>{children}</List.Item>,
  table: ({ children }) => <Table withTableBorder>{children}</Table>,
};

export function Markdown({ children }: { children: string }) {
  return (
    <div className="wm-markdown">
      <ReactMarkdown components={components} skipHtml>
        {children}
      </ReactMarkdown>
    </div>
  );
}
