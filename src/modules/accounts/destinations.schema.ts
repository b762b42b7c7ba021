import { z } from 'zod';

/** PUT /v1/account/destinations: the countries allowed besides the account's own (ISO 3166-1 alpha-2). */
export const DestinationsBody = z.object({
  allowedCountries: z.array(z.string().trim().min(1).max(10)).max(250).meta({ description: 'ISO 3166-1 alpha-2 codes, e.g. ["CA", "MX"]; the account\'s own country is always allowed' }),
}).strict();

export const DestinationsOut = z.object({
  homeCountry: z.string().meta({ description: "The account's own country (always allowed)" }),
  allowedCountries: z.array(z.string()).meta({ description: 'Countries allowed besides it' }),
  effectiveCountries: z.array(z.string()).meta({ description: 'Every country texts may go to' }),
}).meta({ id: 'Destinations' });
