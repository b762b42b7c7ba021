/**
 * Where a top-up's money comes from. A provider collects (or, for 'manual', only records) a
 * payment and names it with a reference that is unique for it: the ledger counts a
 * (provider, reference) once, so a retried top-up never credits twice. The caller's reference is
 * required (a provider that charges uses it as its own idempotency key). No card is processed here;
 * a card or invoice provider would implement the same interface.
 */
export interface PaymentProvider {
  name: string;
  collect(input: { accountId: string; amountMicros: number; currency: string; reference: string }): Promise<{ providerRef: string }>;
}

/** The operator recorded a payment received outside the platform (bank transfer, cheque, cash): nothing is charged. */
export const manualProvider: PaymentProvider = {
  name: 'manual',
  async collect(input) {
    return { providerRef: input.reference };
  },
};

export const PAYMENT_PROVIDERS: ReadonlyMap<string, PaymentProvider> = new Map([[manualProvider.name, manualProvider]]);
