import { z } from 'zod';

/** A medium of a message or an upload. `url` fetches it for the signed-in user (session or API key); relative to the server. */
export const MediaOut = z.object({
  id: z.string().nullable().meta({ description: 'null when an inbound file could not be fetched (see error)' }),
  contentType: z.string(), size: z.number().int(),
  url: z.string().nullable(),
  error: z.string().nullable().meta({ description: 'Why an inbound file is missing (e.g. address_not_allowed, too_large)' }),
}).meta({ id: 'Media' });
