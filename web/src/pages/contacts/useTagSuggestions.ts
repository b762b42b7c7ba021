import { useQuery } from '@tanstack/react-query';
import { get } from '../../api';
import type { components } from '../../api-types.gen';

type TagCounts = components['schemas']['TagCounts'];
export const TAGS_KEY = ['contact-tags'];

/** The account's tags in use, most used first: suggestions for every tag field (filtered as one types). */
export function useTagSuggestions(): string[] {
  const q = useQuery({ queryKey: TAGS_KEY, queryFn: () => get<TagCounts>('/v1/contacts/tags?limit=200'), staleTime: 30_000 });
  return q.data?.data.map((t) => t.tag) ?? [];
}
