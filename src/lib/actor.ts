/** Who did something (audit entries, consent evidence) and from where. */
export type ActorType = 'user' | 'api_key' | 'system' | 'operator' | 'anonymous' | 'partner';
export interface Actor {
  type: ActorType;
  id: string | null;
  label: string | null;
}
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}
