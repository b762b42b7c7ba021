/**
 * What a text costs before it is sent (previews, campaign estimates): the built-in list prices,
 * which live with the price book in the billing module (src/modules/billing/pricing.ts).
 */
export { DEFAULT_PRICE, PRICE_TABLE, estimateCost, unitPrice, type CostEstimate, type CostLine, type CountryPrice, type SenderType } from '../billing/pricing.js';
