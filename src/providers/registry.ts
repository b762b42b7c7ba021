import type { Provider } from './provider.js';

/** Providers by name; the simulator is registered at start in every mode. */
export class ProviderRegistry {
  private readonly providers = new Map<string, Provider>();
  register(p: Provider) {
    this.providers.set(p.name, p);
  }
  get(name: string): Provider | undefined {
    return this.providers.get(name);
  }
  names() {
    return [...this.providers.keys()];
  }
}
