/** What the campaign page says about why a campaign is paused (the API's `paused.reason`). */
const PAUSE_LABEL: Record<string, string> = {
  manual: 'Paused by a teammate.',
  opt_out_rate: 'Paused itself: too many recipients opted out.',
  filtered_rate: 'Paused itself: carriers filtered too many texts (e.g. Twilio 30007).',
  failure_rate: 'Paused itself: too many texts failed.',
  number_released: 'Paused: the number it sends from was released. It cannot be resumed — cancel it and send the rest from another number.',
};

export function pauseLabel(reason: string): string {
  return PAUSE_LABEL[reason] ?? `Paused (${reason}).`;
}

/** Whether resuming can work (a campaign whose number was released cannot go on). */
export const resumable = (reason: string | null | undefined) => reason !== 'number_released';
